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
 */
public record IngestSettings(int batchSize, Duration lease, CsvLimits limits) {
    public static final IngestSettings DEFAULT = new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT);
}
