package dev.custcode.csv;

import dev.custcode.classify.Text;
import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.Scheme;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a file's header cells to the scheme's canonical fields through their aliases
 * ({@code 客户名称} and {@code Customer Name} both mean {@code name}). Columns no alias matches are
 * kept under their normalized header, so any column can still drive a dimension.
 */
public final class HeaderMapping {
    private final List<String> header;
    /** For each column: the key its value is stored under (canonical field or normalized header), or null. */
    private final String[] keys;
    private final Map<String, String> fieldToHeader;

    private HeaderMapping(List<String> header, String[] keys, Map<String, String> fieldToHeader) {
        this.header = header;
        this.keys = keys;
        this.fieldToHeader = fieldToHeader;
    }

    public static HeaderMapping of(List<String> headerCells, Scheme scheme) {
        Map<String, String> aliasToField = new HashMap<>();
        scheme.fields().forEach((field, spec) -> {
            aliasToField.putIfAbsent(HeaderNames.normalize(field), field);
            spec.aliases().forEach(a -> aliasToField.putIfAbsent(HeaderNames.normalize(a), field));
        });
        String[] keys = new String[headerCells.size()];
        Map<String, String> fieldToHeader = new LinkedHashMap<>();
        for (int i = 0; i < headerCells.size(); i++) {
            String normalized = HeaderNames.normalize(headerCells.get(i));
            if (normalized.isEmpty()) {
                continue;
            }
            String field = aliasToField.get(normalized);
            if (field != null && !fieldToHeader.containsKey(field)) {
                fieldToHeader.put(field, Text.normalize(headerCells.get(i)));
                keys[i] = field;
            } else {
                keys[i] = normalized;
            }
        }
        return new HeaderMapping(List.copyOf(headerCells), keys, Collections.unmodifiableMap(fieldToHeader));
    }

    /** Canonical field → the header it was found under, in column order. */
    public Map<String, String> recognized() {
        return fieldToHeader;
    }

    public boolean has(String field) {
        return fieldToHeader.containsKey(field);
    }

    public List<String> header() {
        return header;
    }

    public int columns() {
        return header.size();
    }

    /** Headers that matched no alias (kept as extra columns). */
    public List<String> unrecognized() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && !fieldToHeader.containsKey(keys[i])) {
                out.add(header.get(i));
            }
        }
        return out;
    }

    /**
     * The row's values, normalized ({@link Text#normalize}), under canonical field names or, for
     * other columns, normalized headers. Empty cells are left out.
     */
    public Map<String, String> values(List<String> cells) {
        Map<String, String> values = new HashMap<>();
        int n = Math.min(cells.size(), keys.length);
        for (int i = 0; i < n; i++) {
            if (keys[i] == null) {
                continue;
            }
            String v = Text.normalize(cells.get(i));
            if (!v.isEmpty()) {
                values.putIfAbsent(keys[i], v);
            }
        }
        return values;
    }
}
