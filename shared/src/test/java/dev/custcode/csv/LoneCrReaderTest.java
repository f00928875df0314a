package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LoneCrReaderTest {
    /** A reader that hands out at most one character per read, as a slow stream may. */
    private static Reader trickling(String text) {
        return new StringReader(text) {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }

    private static String readAll(Reader reader, int bufferSize) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[bufferSize];
        for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }

    @Test
    void aCrWithoutALineFeedAfterItIsReadAsALineFeedWhereverTheReadsEnd() throws IOException {
        String text = "a\rb\r\nc\r\r\nd\r";
        String expected = "a\nb\r\nc\n\r\nd\n";
        for (int size : new int[]{1, 2, 3, 5, 64}) {
            assertThat(readAll(new LoneCrReader(new StringReader(text)), size)).as("buffer %d", size).isEqualTo(expected);
            assertThat(readAll(new LoneCrReader(trickling(text)), size)).as("trickling, buffer %d", size).isEqualTo(expected);
        }
        try (LoneCrReader one = new LoneCrReader(new StringReader(text))) {
            StringBuilder out = new StringBuilder();
            for (int c; (c = one.read()) >= 0; ) {
                out.append((char) c);
            }
            assertThat(out).hasToString(expected);
        }
    }

    @Test
    void textWithoutCarriageReturnsIsUnchanged() throws IOException {
        String text = "客户名称,城市\n\"北京\n星河\",北京\r\n";
        assertThat(readAll(new LoneCrReader(new StringReader(text)), 7)).isEqualTo(text);
    }
}
