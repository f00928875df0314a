package dev.custcode.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes CSV that Excel opens safely and correctly: UTF-8 with a BOM (so Chinese text is not
 * read as the ANSI code page), RFC 4180 quoting with CRLF, and a formula-injection guard.
 *
 * <p>Why the guard: a cell starting with {@code = + - @}, tab or carriage return is executed as a
 * formula by spreadsheet programs ({@code =HYPERLINK(...)}, DDE). Prefixing {@code '} makes Excel
 * show it as text. The cost is that a value like {@code -5} or {@code +86 138…} is shown as text
 * too, which for codes and phone numbers is what a steward wants anyway.
 */
public final class ExcelCsvWriter implements AutoCloseable {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CsvWriter csv;

    public ExcelCsvWriter(OutputStream out) {
        try {
            out.write(BOM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.csv = CsvWriter.builder()
                .lineDelimiter(LineDelimiter.CRLF)
                .build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** {@code guard("=1+1")} → {@code "'=1+1"}; other text unchanged; null → empty. */
    public static String guard(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    public void writeRow(List<String> cells) {
        String[] guarded = new String[cells.size()];
        for (int i = 0; i < guarded.length; i++) {
            guarded[i] = guard(cells.get(i));
        }
        csv.writeRecord(guarded);
    }

    public void writeRow(String... cells) {
        writeRow(java.util.Arrays.asList(cells));
    }

    /** Flushes and closes the underlying stream (which creates the object, for an S3 writer). */
    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Encodes one row at a time to the bytes {@link #writeRow} would write, so that a row read
     * once can be appended to several exports (a leaf's and its ancestors') without encoding it
     * again for each.
     */
    public static final class RowEncoder {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1024);
        private final OutputStreamWriter chars = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        private final CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(chars);

        public byte[] encode(List<String> cells) {
            String[] guarded = new String[cells.size()];
            for (int i = 0; i < guarded.length; i++) {
                guarded[i] = guard(cells.get(i));
            }
            try {
                csv.writeRecord(guarded);
                csv.flush();
                chars.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] out = bytes.toByteArray();
            bytes.reset();
            return out;
        }
    }
}
