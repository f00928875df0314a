package dev.custcode.ingest;

import dev.custcode.export.ExcelCsvWriter;
import dev.custcode.store.ObjectStore;

/**
 * Streams one of an import's row files ({@code rejected.csv}, {@code conflicts.csv},
 * {@code warnings.csv}): one line per row with its original line number, so a steward can fix
 * and re-drop exactly those rows. Excel-safe, like the exports.
 */
final class RowFileSink implements AutoCloseable {
    private final ObjectStore.ObjectWriter out;
    private final ExcelCsvWriter csv;
    private long count;

    RowFileSink(ObjectStore objects, String key, String... header) {
        this.out = objects.create(key, "text/csv; charset=utf-8");
        this.csv = new ExcelCsvWriter(out);
        csv.writeRow(header);
    }

    void row(String... cells) {
        csv.writeRow(cells);
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
