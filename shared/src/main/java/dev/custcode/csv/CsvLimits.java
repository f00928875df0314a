package dev.custcode.csv;

/**
 * Bounds that keep a hostile or broken file from exhausting memory.
 *
 * @param maxRecordChars characters one record may have; longer records are rejected (and a
 *                       record twice as long stops the parse: an unclosed quote)
 * @param maxColumns     columns a header may have; a wider file fails as a whole, before any row
 *                       is read (1,000 rows of 16,000 one-character cells would otherwise hold
 *                       16 million strings in one batch), and a record with more fields than
 *                       this is rejected
 */
public record CsvLimits(int maxRecordChars, int maxColumns) {
    public static final CsvLimits DEFAULT = new CsvLimits(64 * 1024, 2_000);

    /** These limits with another record length: {@code CsvLimits.DEFAULT.withMaxRecordChars(1 << 20)}. */
    public CsvLimits withMaxRecordChars(int chars) {
        return new CsvLimits(chars, maxColumns);
    }
}
