package dev.custcode.ingest;

import dev.custcode.export.ExcelCsvWriter;
import dev.custcode.store.ObjectStore;

/**
 * Streams one of an import's row files ({@code rejected.csv}, {@code conflicts.csv},
 * {@code warnings.csv}): one line per row with its original line number, so a steward can fix
 * and re-drop exactly those rows. Excel-safe, like the exports. Written twice: with personal
 * data masked at its key, and in full at {@code private/<key>}, readable only by whoever is
 * granted personal data (see docs/security.md). A re-evaluation run's {@code movements.csv} is
 * written the same way.
 */
public final class RowFileSink implements AutoCloseable {
    /** Where the full copies of files holding personal data go: the same keys under this prefix. */
    static final String PRIVATE = "private/";

    private final ObjectStore.ObjectWriter out;
    private final ObjectStore.ObjectWriter fullOut;
    private final ExcelCsvWriter csv;
    private final ExcelCsvWriter full;
    private long count;

    public RowFileSink(ObjectStore objects, String key, String... header) {
        this.out = objects.create(key, "text/csv; charset=utf-8");
        this.fullOut = objects.create(PRIVATE + key, "text/csv; charset=utf-8");
        this.csv = new ExcelCsvWriter(out);
        this.full = new ExcelCsvWriter(fullOut);
        csv.writeRow(header);
        full.writeRow(header);
    }

    /** A row that holds no personal data. */
    void row(String... cells) {
        row(cells, cells);
    }

    /** A row, in full and with its personal data masked. */
    public void row(String[] cells, String[] masked) {
        csv.writeRow(masked);
        full.writeRow(cells);
        count++;
    }

    long count() {
        return count;
    }

    /** Publishes the file and its full copy. */
    @Override
    public void close() {
        full.close();
        csv.close();
    }

    /** Discards both (the run failed and will be retried). */
    public void abort() {
        out.abort();
        fullOut.abort();
    }
}
