package dev.custcode.csv;

import dev.custcode.scheme.Scheme;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a header provides every column the scheme requires (name may come from first/last
 * name or company), unless it carries an identity column: a partial file updates known customers.
 */
final class RequiredColumns {
    private RequiredColumns() {
    }

    static void check(HeaderMapping mapping, Scheme scheme) throws InputFormatException {
        List<String> missing = new ArrayList<>();
        for (String field : scheme.required()) {
            boolean present = mapping.has(field)
                    || (field.equals("name") && (mapping.has("firstName") || mapping.has("lastName") || mapping.has("company")));
            if (!present) {
                var spec = scheme.fields().get(field);
                missing.add(field + (spec == null ? "" : " (" + String.join(" / ", spec.aliases().subList(0, Math.min(3, spec.aliases().size()))) + ")"));
            }
        }
        // A file keyed by code or by an identity column may update existing customers without
        // repeating their required fields; its rows that would create a customer are rejected one by one.
        boolean keyed = java.util.Arrays.stream(dev.custcode.identity.IdentityKind.values()).filter(k -> !k.weak())
                .map(dev.custcode.identity.IdentityKind::schemeName).anyMatch(mapping::has);
        if (!missing.isEmpty() && !keyed) {
            throw new InputFormatException(InputFormatException.Kind.MISSING_COLUMN,
                    "missing required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                            + "; the columns recognized are " + (mapping.recognized().isEmpty() ? "none"
                            : String.join(", ", mapping.recognized().keySet())) + " (other header cells are not repeated here:"
                            + " in a file without a header they are data)");
        }
    }
}
