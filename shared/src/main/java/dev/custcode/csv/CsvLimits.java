package dev.custcode.csv;

/**
 * Bounds that keep a hostile or broken file from exhausting memory.
 *
 * @param maxRecordChars characters one record may have; longer records are rejected (and a
 *                       record twice as long stops the parse: an unclosed quote)
 */
public record CsvLimits(int maxRecordChars) {
    public static final CsvLimits DEFAULT = new CsvLimits(64 * 1024);
}
