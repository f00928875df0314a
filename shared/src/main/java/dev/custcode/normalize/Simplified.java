package dev.custcode.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Traditional Chinese folded to simplified, character for character, for comparing only: a file
 * from Taiwan or Hong Kong heads its columns {@code 客戶名稱}, {@code 電話} and says {@code 廣東省},
 * {@code 企業}, {@code 直銷}; compared through this they are the scheme's {@code 客户名称},
 * {@code 电话}, {@code 广东省}, {@code 企业}, {@code 直销}. Stored values keep the script they were
 * written in.
 *
 * <p>The table ({@code traditional-simplified.txt}, 2,906 characters) holds the one-character
 * mappings of ICU's Traditional-Simplified transform; phrase-level conversions are not needed to
 * match header words and category names.
 */
public final class Simplified {
    private static final int FIRST = 0x3400;
    private static final int LAST = 0x9FFF;
    private static final char[] TABLE = load();

    private Simplified() {
    }

    /** The text with each traditional character replaced by its simplified form; other characters as they are. */
    public static String of(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char s = c >= FIRST && c <= LAST ? TABLE[c - FIRST] : 0;
            if (s != 0) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = s;
            }
        }
        return out == null ? text : new String(out);
    }

    private static char[] load() {
        try (InputStream in = Simplified.class.getResourceAsStream("traditional-simplified.txt")) {
            if (in == null) {
                throw new IllegalStateException("traditional-simplified.txt is missing from the classpath");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
            String from = lines.get(0);
            String to = lines.get(1);
            if (from.length() != to.length()) {
                throw new IllegalStateException("traditional-simplified.txt: its two lines differ in length");
            }
            char[] table = new char[LAST - FIRST + 1];
            for (int i = 0; i < from.length(); i++) {
                table[from.charAt(i) - FIRST] = to.charAt(i);
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
