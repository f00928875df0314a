package dev.custcode.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a Shift_JIS file's byte {@code 0x5C} as the yen sign it shows in Japan ({@code ¥1,250,000}),
 * not as the backslash Java's decoders give: JIS X 0201 put {@code ¥} where ASCII has {@code \}, and
 * Japanese Excel writes prices so. A stored and exported {@code \1,250,000} is no amount anyone wrote.
 */
final class YenReader extends FilterReader {
    YenReader(Reader in) {
        super(in);
    }

    /** Whether a file of this charset writes its yen signs as byte 0x5C. */
    static boolean writesYenAsBackslash(java.nio.charset.Charset charset) {
        String name = charset.name();
        return name.equalsIgnoreCase("windows-31j") || name.equalsIgnoreCase("Shift_JIS");
    }

    @Override
    public int read() throws IOException {
        int c = in.read();
        return c == '\\' ? '¥' : c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\\') {
                buffer[i] = '¥';
            }
        }
        return n;
    }
}
