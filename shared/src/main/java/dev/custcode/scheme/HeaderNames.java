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

    /**
     * The header an export gives a dimension's column when the dimension's name is also the header
     * of another of its columns ({@code industry}, a dimension and a field): {@code industry (group)},
     * read back as derived, so the field's own column is the one that fills the field.
     */
    public static String dimensionColumn(String dimension) {
        return dimension + " (group)";
    }
}
