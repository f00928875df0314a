package dev.custcode.classify;

import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.Scheme;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a stored column as the field a later scheme made it an alias of. A column no alias
 * matched when its file came in is stored under its normalized header ({@code 产品线}); when a
 * scheme then adds {@code productLine} with the alias {@code 产品线}, the customers already stored
 * must classify by it too, not only those of the next file.
 *
 * <pre>{@code
 * FieldAliases.of(scheme).apply(Map.of("产品线", "家电"));  // {产品线=家电, productLine=家电}
 * }</pre>
 *
 * <p>A field that has a value of its own keeps it (a later file that named the column as the
 * field wrote that value); of several aliases present, the one listed first in the scheme counts.
 */
final class FieldAliases {
    private record Target(String field, int rank) {
    }

    private final Map<String, Target> byHeader;

    private FieldAliases(Map<String, Target> byHeader) {
        this.byHeader = byHeader;
    }

    static FieldAliases of(Scheme scheme) {
        Map<String, Target> byHeader = new HashMap<>();
        scheme.fields().forEach((field, spec) -> {
            if (spec == null) {
                return;
            }
            for (int i = 0; i < spec.aliases().size(); i++) {
                String header = HeaderNames.normalize(spec.aliases().get(i));
                if (!header.isEmpty() && !header.equals(field) && !scheme.fields().containsKey(header)) {
                    byHeader.putIfAbsent(header, new Target(field, i));
                }
            }
        });
        return new FieldAliases(byHeader);
    }

    /** The values with each field that has none taken from a column stored under one of its aliases; the input is not changed. */
    Map<String, String> apply(Map<String, String> values) {
        if (byHeader.isEmpty()) {
            return values;
        }
        Map<String, String> out = null;
        Map<String, Integer> ranks = null;
        for (var e : values.entrySet()) {
            Target t = byHeader.get(e.getKey());
            if (t == null || values.containsKey(t.field())) {
                continue;
            }
            if (out == null) {
                out = new HashMap<>(values);
                ranks = new HashMap<>();
            }
            Integer taken = ranks.get(t.field());
            if (taken == null || t.rank() < taken) {
                out.put(t.field(), e.getValue());
                ranks.put(t.field(), t.rank());
            }
        }
        return out == null ? values : out;
    }
}
