package dev.custcode.scheme;

import dev.custcode.normalize.Text;
import java.util.Locale;

/** How header cells and aliases are compared: width-folded, lower-cased, without spaces, '_' or '-'. */
public final class HeaderNames {
    private HeaderNames() {
    }

    /** {@code "Customer_ID"}, {@code "customer id"} and {@code "ＣＵＳＴＯＭＥＲ ＩＤ"} all give {@code "customerid"}. */
    public static String normalize(String header) {
        String s = Text.normalize(header).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && c != '_' && c != '-' && c != '.') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
