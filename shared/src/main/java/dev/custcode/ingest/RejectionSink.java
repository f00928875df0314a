package dev.custcode.ingest;

import dev.custcode.export.ExcelCsvWriter;
import dev.custcode.store.ObjectStore;

/**
 * Streams {@code imports/<id>/rejected.csv}: one line per rejected row with its original line
 * number, the reason, and the row's content, so a steward can fix and re-drop exactly those rows.
 */
final class RejectionSink implements AutoCloseable {
    private final ObjectStore.ObjectWriter out;
    private final ExcelCsvWriter csv;
    private long count;

    RejectionSink(ObjectStore objects, String key) {
        this.out = objects.create(key, "text/csv; charset=utf-8");
        this.csv = new ExcelCsvWriter(out);
        csv.writeRow("line", "reason", "content");
    }

    void reject(long line, String reason, String rawContent) {
        csv.writeRow(Long.toString(line), reason, rawContent);
        count++;
    }

    long count() {
        return count;
    }

    /** Publishes the file. */
    @Override
    public void close() {
        csv.close();
    }

    /** Discards it (the run failed and will be retried). */
    void abort() {
        out.abort();
    }
}
