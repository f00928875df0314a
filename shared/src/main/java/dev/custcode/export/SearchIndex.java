package dev.custcode.export;

import dev.custcode.normalize.Simplified;
import dev.custcode.normalize.Text;
import dev.custcode.customer.Customer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The customer search index: one small file per top-level folder,
 * {@code search/customers/<top>.tsv}, one line per filed customer in code order —
 * {@code code, folder, name (normalized, lower case), dimension=value;…} — rewritten by every
 * export of that folder from the same read that writes its {@code _export.csv}. What lets
 * {@code GET /customers?name=青木&lifecycle=churned&folder=north} answer from a few kilobytes per
 * thousand customers instead of reading the table.
 */
public final class SearchIndex {
    public static final String ROOT = "search/customers/";

    private SearchIndex() {
    }

    public static String key(String top) {
        return ROOT + top + ".tsv";
    }

    /**
     * How names are compared: normalized (width, spaces), case-insensitive, Latin letters without
     * their accents (Zoë as zoe), traditional Chinese as simplified (陳記 as 陈记: a Hong Kong file and
     * a mainland one write one company each their way).
     */
    public static String searchable(String text) {
        String lower = Text.normalize(text).toLowerCase(Locale.ROOT);
        return lower.chars().allMatch(c -> c < 0x80) ? lower : Simplified.of(Text.withoutAccents(lower));
    }

    static byte[] line(Customer c) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(c.code()).append('\t').append(c.folder()).append('\t').append(clean(searchable(c.attributes().getOrDefault("name", "")))).append('\t');
        boolean first = true;
        for (var d : new java.util.TreeMap<>(c.dimensions()).entrySet()) {
            if (!first) {
                sb.append(';');
            }
            sb.append(clean(d.getKey())).append('=').append(clean(d.getValue()));
            first = false;
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Tabs and line breaks are already spaces after normalization; the separators of the dimension list go too. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace(';', ' ').replace('=', ' ');
    }

    /** One line of the index. */
    public record Entry(String code, String folder, String name, Map<String, String> dimensions) {
        public static Entry parse(String line) {
            String[] p = line.split("\t", -1);
            Map<String, String> dims = new LinkedHashMap<>();
            if (p.length > 3 && !p[3].isEmpty()) {
                for (String kv : p[3].split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        dims.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
            return new Entry(p[0], p.length > 1 ? p[1] : "", p.length > 2 ? p[2] : "", dims);
        }
    }
}
