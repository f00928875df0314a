package dev.custcode.ingest;

import dev.custcode.csv.CsvLimits;
import java.time.Duration;

/**
 * Tuning for ingest.
 *
 * @param batchSize rows per batch: one identity lookup round, one counter update per prefix and
 *                  one write round per batch (and a batch is the unit a retry resumes from)
 * @param lease     how long a claim on an import lasts without a heartbeat
 * @param limits    per-record limits of the CSV reader
 * @param chunkRecords records per chunk when a large file is cut into chunks (0: never)
 * @param fanOutBytes  files up to this size are imported in one invocation, whatever their rows
 * @param duplicateSearch whether imports look for probable duplicates ({@code duplicates.csv}); off
 *                     saves its block reads and writes (up to 3 write units per new customer)
 */
public record IngestSettings(int batchSize, Duration lease, CsvLimits limits, long chunkRecords, long fanOutBytes, boolean duplicateSearch) {
    /** 50,000 rows a chunk: about a minute's work for one invocation here, far below Lambda's 15. */
    public static final long CHUNK_RECORDS = 50_000;
    public static final IngestSettings DEFAULT = new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT, CHUNK_RECORDS, 4L << 20, true);

    public IngestSettings(int batchSize, Duration lease, CsvLimits limits) {
        this(batchSize, lease, limits, CHUNK_RECORDS, 4L << 20, true);
    }

    public IngestSettings(int batchSize, Duration lease, CsvLimits limits, long chunkRecords, long fanOutBytes) {
        this(batchSize, lease, limits, chunkRecords, fanOutBytes, true);
    }

    /** These settings with the duplicate search on or off. */
    public IngestSettings withDuplicateSearch(boolean on) {
        return new IngestSettings(batchSize, lease, limits, chunkRecords, fanOutBytes, on);
    }

    /** These settings with chunks of {@code records} rows, for files over {@code bytes}. */
    public IngestSettings withChunks(long records, long bytes) {
        return new IngestSettings(batchSize, lease, limits, records, bytes, duplicateSearch);
    }
}
