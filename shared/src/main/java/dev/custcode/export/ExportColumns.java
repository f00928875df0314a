package dev.custcode.export;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
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
            "amount", "orders", "lastOrderDate", "firstDate", "industry", "website");

    private final Scheme scheme;

    public ExportColumns(Scheme scheme) {
        this.scheme = scheme;
    }

    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("code", "name", "company"));
        scheme.dimensions().forEach(d -> h.add(d.name()));
        h.add("folder");
        h.addAll(FIELDS);
        h.add("createdAt");
        h.add("updatedAt");
        return h;
    }

    public List<String> row(Customer c) {
        List<String> r = new ArrayList<>(List.of(c.code(), c.attributes().getOrDefault("name", ""), c.attributes().getOrDefault("company", "")));
        for (DimensionSpec d : scheme.dimensions()) {
            String key = c.dimensions().get(d.name());
            r.add(key == null ? "" : d.value(key).map(GroupValue::label).orElse(key));
        }
        r.add(c.folder());
        for (String f : FIELDS) {
            r.add(c.attributes().getOrDefault(f, ""));
        }
        r.add(c.createdAt());
        r.add(c.updatedAt());
        return r;
    }
}
