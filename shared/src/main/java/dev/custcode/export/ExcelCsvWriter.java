package dev.custcode.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.custcode.csv.FormulaGuard;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes CSV that Excel opens safely and correctly: UTF-8 with a BOM (so Chinese text is not
 * read as the ANSI code page), every cell quoted, CRLF, and a formula-injection guard.
 *
 * <p>Why every cell is quoted: Excel set to a semicolon list separator (most of Europe) splits an
 * unquoted {@code Bob;=1+1} into two cells, the second a formula the guard never saw as a cell.
 *
 * <p>Every cell goes through {@link FormulaGuard}.
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
        this.csv = builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** {@code guard("=1+1")} → {@code "'=1+1"}: see {@link FormulaGuard}. */
    public static String guard(String cell) {
        return FormulaGuard.guard(cell);
    }

    private static CsvWriter.CsvWriterBuilder builder() {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).quoteStrategy(QuoteStrategies.ALWAYS);
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
        private final CsvWriter csv = builder().build(chars);

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
