package dev.custcode.export;

import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.Scheme;
import java.util.ArrayList;
import java.util.List;

/**
 * The column order of every {@code _export.csv}, stable across runs:
 * {@code code, name, company}, one column per dimension (its value's label, in scheme order),
 * {@code folder}, then the customer's fields and its bookkeeping dates.
 */
public final class ExportColumns {
    static final List<String> FIELDS = List.of("sourceId", "taxId", "phone", "email", "country", "province", "city",
            "amount", "orders", "profit", "lastOrderDate", "firstDate", "industry", "website");

    private static final List<String> LEADING = List.of("code", "name", "company");

    private final Scheme scheme;

    public ExportColumns(Scheme scheme) {
        this.scheme = scheme;
    }

    public List<String> header() {
        List<String> after = new ArrayList<>(List.of("folder"));
        after.addAll(FIELDS);
        after.addAll(List.of("createdAt", "updatedAt"));
        java.util.Set<String> others = new java.util.HashSet<>();
        java.util.stream.Stream.concat(LEADING.stream(), after.stream()).forEach(c -> others.add(HeaderNames.normalize(c)));
        List<String> h = new ArrayList<>(LEADING);
        // Two columns of one name would be read back as one: the first (the dimension's label) would fill the field.
        scheme.dimensions().forEach(d -> h.add(others.contains(HeaderNames.normalize(d.name())) ? HeaderNames.dimensionColumn(d.name()) : d.name()));
        h.addAll(after);
        return h;
    }

    /** The customer's row with personal fields masked, as {@code groups/} holds it. */
    public List<String> row(Customer c) {
        return row(c, false);
    }

    /**
     * The customer's row.
     *
     * @param personal whether personal fields are shown in full (the {@code private/} copy) or masked
     */
    public List<String> row(Customer c, boolean personal) {
        List<String> r = new ArrayList<>(List.of(c.code(), cell(c, "name", personal), cell(c, "company", personal)));
        for (DimensionSpec d : scheme.dimensions()) {
            String key = c.dimensions().get(d.name());
            r.add(key == null ? "" : d.value(key).map(GroupValue::label).orElse(key));
        }
        r.add(c.folder());
        for (String f : FIELDS) {
            r.add(cell(c, f, personal));
        }
        r.add(c.createdAt());
        r.add(c.updatedAt());
        return r;
    }

    private String cell(Customer c, String field, boolean personal) {
        String v = c.attributes().getOrDefault(field, "");
        return personal || !scheme.isPersonal(field) ? v : PersonalData.mask(field, v);
    }
}
