package dev.custcode.store;

import dev.custcode.csv.ChunkPlanner;
import java.util.List;

/**
 * How a large import was cut into chunks, and what every chunk needs to read its part alone: the
 * file's encoding, delimiter and header, and the import's upload order and date.
 *
 * @param key         the object's key
 * @param versionId   its version id, or null
 * @param eTag        its ETag (read back with If-Match when there is no version id)
 * @param encoding    charset name
 * @param bomLength   bytes of byte-order mark
 * @param evidence    why that encoding (for the report)
 * @param delimiter   the field delimiter
 * @param header      the header's cells
 * @param stampPrefix the import's upload order, for its rows' stamps
 * @param asOf        the import's date (ISO)
 * @param size        the file's size in bytes
 * @param chunks      the chunks, in file order
 * @param monthFirst  whether the file's day/month dates are month first (11/28/2016), as its first rows show
 * @param headerLine  the header's line number
 * @param datesDisagree what the report says when the first rows' dates disagree on the order of day and month, else null
 */
public record ImportPlan(String key, String versionId, String eTag, String encoding, int bomLength, String evidence, char delimiter, List<String> header,
                         String stampPrefix, String asOf, long size, List<ChunkPlanner.Chunk> chunks, boolean monthFirst, long headerLine,
                         String datesDisagree) {
    public ImportPlan {
        header = List.copyOf(header);
        chunks = List.copyOf(chunks);
    }

    /** A plan of a file whose first rows' dates agree (or a plan stored before the disagreement was kept). */
    public ImportPlan(String key, String versionId, String eTag, String encoding, int bomLength, String evidence, char delimiter, List<String> header,
                      String stampPrefix, String asOf, long size, List<ChunkPlanner.Chunk> chunks, boolean monthFirst, long headerLine) {
        this(key, versionId, eTag, encoding, bomLength, evidence, delimiter, header, stampPrefix, asOf, size, chunks, monthFirst, headerLine, null);
    }

    /** A plan whose header is on its file's first line (or after a {@code sep=} line: planned before titles were skipped). */
    public ImportPlan(String key, String versionId, String eTag, String encoding, int bomLength, String evidence, char delimiter, List<String> header,
                      String stampPrefix, String asOf, long size, List<ChunkPlanner.Chunk> chunks, boolean monthFirst) {
        this(key, versionId, eTag, encoding, bomLength, evidence, delimiter, header, stampPrefix, asOf, size, chunks, monthFirst, 0);
    }

    /** A plan of a file whose dates are day first or unambiguous. */
    public ImportPlan(String key, String versionId, String eTag, String encoding, int bomLength, String evidence, char delimiter, List<String> header,
                      String stampPrefix, String asOf, long size, List<ChunkPlanner.Chunk> chunks) {
        this(key, versionId, eTag, encoding, bomLength, evidence, delimiter, header, stampPrefix, asOf, size, chunks, false);
    }

    /**
     * Where a fanned-out import stands.
     *
     * @param chunksDone chunks finished
     * @param chunks     chunks in all
     * @param bytesDone  bytes of the finished chunks
     * @param bytes      the file's size
     * @param bytesRead  bytes read so far: the finished chunks' and, of each chunk being read, its
     *                   share by the rows its last heartbeat counted
     * @param rowsRead   rows read so far, by finished chunks and chunks being read
     */
    public record Progress(long chunksDone, long chunks, long bytesDone, long bytes, long bytesRead, long rowsRead, RowCounts counted) {
        /** Only what finished chunks say. */
        public Progress(long chunksDone, long chunks, long bytesDone, long bytes) {
            this(chunksDone, chunks, bytesDone, bytes, bytesDone, 0, RowCounts.NONE);
        }

        /** Bytes read so far, at most the file's size. */
        public long bytesSoFar() {
            return Math.min(bytes, Math.max(bytesDone, bytesRead));
        }

        public double percent() {
            return bytes == 0 ? 100.0 : Math.round(bytesSoFar() * 1000.0 / bytes) / 10.0;
        }

        /**
         * From the plan and its chunks' states: {@code rowsByRunningChunk} the rows each chunk being
         * read has counted, {@code done} the chunks finished. The bytes before the first chunk (the
         * byte-order mark and the header, read when the plan was made) count as done from the start,
         * and those after the last record (blank lines) once every chunk is done: a finished file is
         * all its bytes.
         */
        public static Progress of(ImportPlan plan, java.util.Set<Integer> done, java.util.Map<Integer, Long> rowsByRunningChunk) {
            return of(plan, done, rowsByRunningChunk, RowCounts.NONE);
        }

        /** As {@link #of(ImportPlan, java.util.Set, java.util.Map)}, with the rows accepted and rejected so far ({@code counted}). */
        public static Progress of(ImportPlan plan, java.util.Set<Integer> done, java.util.Map<Integer, Long> rowsByRunningChunk, RowCounts counted) {
            long head = plan.chunks().isEmpty() ? plan.size() : Math.min(plan.size(), plan.chunks().get(0).start());
            long bytesDone = head;
            long bytesRead = head;
            long rows = 0;
            int finished = 0;
            for (ChunkPlanner.Chunk c : plan.chunks()) {
                if (done.contains(c.index())) {
                    finished++;
                    bytesDone += c.bytes();
                    bytesRead += c.bytes();
                    rows += c.records();
                } else {
                    long read = Math.min(c.records(), rowsByRunningChunk.getOrDefault(c.index(), 0L));
                    rows += read;
                    bytesRead += c.records() == 0 ? 0 : c.bytes() * read / c.records();
                }
            }
            if (finished == plan.chunks().size()) {
                bytesDone = plan.size();
                bytesRead = plan.size();
            }
            return new Progress(done.size(), plan.chunks().size(), bytesDone, plan.size(), bytesRead, rows, counted);
        }
    }

    /** Outcome of claiming a chunk. */
    public sealed interface ChunkClaim {
        /**
         * This invocation now reads the chunk; {@code resumed} when an earlier attempt died midway;
         * {@code attempt} which run of the chunk (or of its part after a pause) this is (1 for the
         * first); {@code rowsDone} and {@code soFar} what an earlier invocation that paused it
         * recorded (0 and null when none did): it goes on from the row after them.
         */
        record Started(String runId, boolean resumed, int attempt, long rowsDone, String soFar) implements ChunkClaim {
            /** A chunk read from its start. */
            public Started(String runId, boolean resumed, int attempt) {
                this(runId, resumed, attempt, 0, null);
            }
        }

        /** The chunk was finished before. */
        record Done() implements ChunkClaim {
        }

        /** Another invocation holds it. */
        record Busy(java.time.Instant leaseUntil) implements ChunkClaim {
        }
    }
}
