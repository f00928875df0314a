package dev.custcode.normalize;

/**
 * How a file writes its numbers, decided once for the whole file by its delimiter: Excel in a
 * European locale (German, French, …) has {@code ,} for its decimal mark, and so {@code ;} for its
 * list separator, and groups thousands with {@code .} or a space. Any other file writes a decimal
 * point and groups with {@code ,}. The delimiter is the only evidence a file gives of its locale
 * before its rows are read, and Excel never writes a {@code ;} file with decimal points.
 */
public enum NumberStyle {
    /** {@code 1,234.56}: a comma- or tab-delimited file, and any value read outside a file. */
    DECIMAL_POINT('.', ','),
    /** {@code 1.234,56}, {@code 1 234,56}: a semicolon-delimited file. */
    DECIMAL_COMMA(',', '.');

    private final char decimalMark;
    private final char grouping;

    NumberStyle(char decimalMark, char grouping) {
        this.decimalMark = decimalMark;
        this.grouping = grouping;
    }

    /** The style of a file delimited by {@code delimiter}. */
    public static NumberStyle ofDelimiter(char delimiter) {
        return delimiter == ';' ? DECIMAL_COMMA : DECIMAL_POINT;
    }

    public char decimalMark() {
        return decimalMark;
    }

    /** The mark this style groups thousands with (besides spaces, which every style ignores). */
    public char grouping() {
        return grouping;
    }
}
