package dev.custcode.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Reads byte {@code 0x5C} of a Japanese or Korean file as the currency sign it shows there
 * ({@code ¥1,250,000}, {@code ₩1,250,000}), not as the backslash Java's decoders give: JIS X 0201
 * and KS X 1003 put {@code ¥} and {@code ₩} where ASCII has {@code \}, and Excel on a Japanese or
 * Korean Windows writes prices so. A stored and exported {@code \1,250,000} is no amount anyone wrote.
 */
final class CurrencySignReader extends FilterReader {
    private final char sign;

    private CurrencySignReader(Reader in, char sign) {
        super(in);
        this.sign = sign;
    }

    /** The reader that gives a file of this charset its currency sign for byte 0x5C, or the reader itself. */
    static Reader of(Reader in, Charset charset) {
        return signFor(charset).<Reader>map(sign -> new CurrencySignReader(in, sign)).orElse(in);
    }

    /** The sign a file of this charset writes as byte 0x5C, if it writes one. */
    static Optional<Character> signFor(Charset charset) {
        String name = charset.name();
        if (name.equalsIgnoreCase("windows-31j") || name.equalsIgnoreCase("Shift_JIS")) {
            return Optional.of('¥');
        }
        if (name.equalsIgnoreCase("x-windows-949") || name.equalsIgnoreCase("EUC-KR")) {
            return Optional.of('₩');
        }
        return Optional.empty();
    }

    @Override
    public int read() throws IOException {
        int c = in.read();
        return c == '\\' ? sign : c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\\') {
                buffer[i] = sign;
            }
        }
        return n;
    }
}
