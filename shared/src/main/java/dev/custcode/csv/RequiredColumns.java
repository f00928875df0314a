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
            int others = mapping.otherColumns().size();
            throw new InputFormatException(InputFormatException.Kind.MISSING_COLUMN,
                    "no column finds a stored customer (" + keyColumns(scheme) + ") and no column gives what a new one needs: missing required column"
                            + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                            + "; the columns recognized are " + (mapping.recognized().isEmpty() ? "none" : String.join(", ", mapping.recognized().keySet()))
                            + (others == 0 ? "" : "; " + others + " other column" + (others > 1 ? "s are" : " is") + " kept as data of "
                            + (others > 1 ? "their own: if one of them" : "its own: if it") + " identifies customers (a member number), head it as a"
                            + " customer id, phone, email or tax id column")
                            + " (other header cells are not repeated here: in a file without a header they are data)");
        }
    }

    /** The columns that find a stored customer, each with its first headers ({@code customer id (客户编号 / 客户ID)}). */
    private static String keyColumns(Scheme scheme) {
        List<String> out = new ArrayList<>();
        for (dev.custcode.identity.IdentityKind k : dev.custcode.identity.IdentityKind.values()) {
            var spec = k.weak() ? null : scheme.fields().get(k.schemeName());
            if (spec != null) {
                out.add(k.described() + " (" + String.join(" / ", spec.aliases().subList(0, Math.min(2, spec.aliases().size()))) + ")");
            }
        }
        return String.join(", ", out);
    }
}
