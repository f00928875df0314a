package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExcelCsvWriterTest {

    private static byte[] write(String... cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExcelCsvWriter csv = new ExcelCsvWriter(out)) {
            csv.writeRow(cells);
        }
        return out.toByteArray();
    }

    @Test
    void startsWithABomAndKeepsChineseIntact() {
        byte[] bytes = write("华北 North China", "企业");
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo("\"华北 North China\",\"企业\"\r\n");
    }

    @Test
    void guardsCellsThatSpreadsheetsWouldRunAsFormulas() {
        String text = new String(write("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "safe"), StandardCharsets.UTF_8).substring(1);
        assertThat(text).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"safe\"\r\n");
    }

    @Test
    void quotesEveryCellSoNoSpreadsheetDelimiterSplitsOne() {
        String text = new String(write("Horn, Shepard", "two\nlines", null, "Bob;=1+1", "a\tb"), StandardCharsets.UTF_8).substring(1);
        // Excel set to ";" (or to tabs) reads "Bob;=1+1" as one cell, which is text.
        assertThat(text).isEqualTo("\"Horn, Shepard\",\"two\nlines\",\"\",\"Bob;=1+1\",\"a\tb\"\r\n");
    }

    @Test
    void invisibleCharactersDoNotHideAFormulaFromTheGuard() {
        String text = new String(write("\u200E=1+1", "\u00AD@SUM(A1)", "\u200B\uFEFF+86 1", "\u200Esafe", "\u200E"), StandardCharsets.UTF_8).substring(1);
        assertThat(text).isEqualTo("\"'\u200E=1+1\",\"'\u00AD@SUM(A1)\",\"'\u200B\uFEFF+86 1\",\"\u200Esafe\",\"\u200E\"\r\n");
    }
}
