package dev.custcode.scheme;

import dev.custcode.normalize.Text;
import java.util.Locale;
import java.util.Optional;

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
     * A header cell as its core and its qualifier: {@code *客户名称} → {@code 客户名称};
     * {@code 累计金额（万元）} → {@code 累计金额} and {@code 万元}; {@code Revenue [USD]} → {@code Revenue}
     * and {@code USD}; {@code 电话:} → {@code 电话}. The core is {@link #normalize normalized}; the
     * qualifier (null when none) is the text of one trailing bracket, {@code ( ) [ ] 【 】} (full-width
     * ones fold to these). A bracket of digits only ({@code phone (2)}: a column's copy) is no
     * qualifier. Empty when the cell is nothing but markers and brackets, or has neither.
     */
    public static Optional<Qualified> qualified(String header) {
        String s = stripMarkers(Text.normalize(header));
        String qualifier = null;
        int last = s.length() - 1;
        if (last > 0) {
            int open = switch (s.charAt(last)) {
                case ')' -> s.lastIndexOf('(');
                case ']' -> s.lastIndexOf('[');
                case '】' -> s.lastIndexOf('【');
                default -> -1;
            };
            String inside = open > 0 ? s.substring(open + 1, last).strip() : null;
            if (inside != null && !inside.chars().allMatch(Character::isDigit)) {
                qualifier = inside;
                s = stripMarkers(s.substring(0, open));
            }
        }
        String core = normalize(s);
        if (core.isEmpty() || (qualifier == null && core.equals(normalize(header)))) {
            return Optional.empty();
        }
        return Optional.of(new Qualified(core, qualifier));
    }

    /** A header's core (normalized) and the qualifier its trailing bracket held, or null. */
    public record Qualified(String core, String qualifier) {
    }

    /** Without the required-column asterisks, colons and spaces around it. */
    private static String stripMarkers(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isMarker(s.charAt(from))) {
            from++;
        }
        while (to > from && isMarker(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isMarker(char c) {
        return c == '*' || c == ':' || Character.isWhitespace(c);
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
