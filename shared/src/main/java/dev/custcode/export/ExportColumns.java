package dev.custcode.export;

import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.normalize.Simplified;
import dev.custcode.normalize.Text;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.Scheme;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The column order of every {@code _export.csv}, stable across runs:
 * {@code code, name, company}, one column per dimension (its value's label, in scheme order),
 * {@code folder}, then the customer's fields (the usual ones, then the scheme's others by name),
 * the other columns files brought (by their key, sorted: {@code 备注}, {@code postal code}),
 * and its bookkeeping dates.
 */
public final class ExportColumns {
    static final List<String> FIELDS = List.of("sourceId", "taxId", "phone", "email", "country", "province", "city",
            "amount", "orders", "profit", "lastOrderDate", "firstDate", "industry", "website");

    private static final List<String> LEADING = List.of("code", "name", "company");

    private final Scheme scheme;
    /** Every column after {@code folder} and before the dates, as keys of the customer's attributes: fields, then other columns. */
    private final List<String> data;
    /** Their headers: a field's name, an other column's header as a file wrote it. */
    private final List<String> dataHeaders;

    /** The columns of a scheme's exports, without other columns. */
    public ExportColumns(Scheme scheme) {
        this(scheme, Map.of());
    }

    /**
     * @param others the other columns files brought (CustomerStore#columns), key → header as written, in the order to show them
     */
    public ExportColumns(Scheme scheme, Map<String, String> others) {
        this.scheme = scheme;
        LinkedHashMap<String, String> d = new LinkedHashMap<>();
        FIELDS.forEach(f -> d.put(f, f));
        // A field named like a dimension (type, channel) is shown by the dimension's column, whose label reads back as the value.
        Set<String> dimensions = new HashSet<>();
        scheme.dimensions().forEach(dim -> dimensions.add(dim.name()));
        scheme.fields().keySet().stream().sorted().filter(f -> !LEADING.contains(f) && !dimensions.contains(f)).forEach(f -> d.putIfAbsent(f, f));
        Set<String> headers = new HashSet<>();
        Stream.concat(LEADING.stream(), d.keySet().stream()).forEach(c -> headers.add(HeaderNames.normalize(c)));
        others.forEach((key, header) -> {
            // After every field's own column, a field's second column (Phone beside phone) reads back as
            // itself (csv.HeaderMapping); a bookkeeping column would not: it is derived in an export.
            // Shown under its header as written (Postal Code, not postalcode) unless that reads back as another column.
            String normalized = HeaderNames.normalize(key);
            if (d.containsKey(key) || List.of("folder", "createdat", "updatedat").contains(normalized)) {
                return;
            }
            boolean sameKey = header != null && (HeaderNames.normalize(header).equals(key) || Text.normalize(header).equals(key));
            String shown = sameKey && headers.add(HeaderNames.normalize(header)) ? header : key;
            headers.add(HeaderNames.normalize(shown));
            d.put(key, shown);
        });
        this.data = List.copyOf(d.keySet());
        this.dataHeaders = List.copyOf(d.values());
    }

    public List<String> header() {
        List<String> after = new ArrayList<>(List.of("folder"));
        after.addAll(dataHeaders);
        after.addAll(List.of("createdAt", "updatedAt"));
        Set<String> others = new HashSet<>();
        Stream.concat(LEADING.stream(), after.stream()).forEach(c -> others.add(HeaderNames.normalize(c)));
        List<String> h = new ArrayList<>(LEADING);
        // Two columns of one name would be read back as one: the first (the dimension's label) would fill the field.
        // So would a dimension named as an alias of a field shown in its own column (sector, made from industry).
        scheme.dimensions().forEach(dim -> h.add(others.contains(HeaderNames.normalize(dim.name())) || namesAShownField(dim.name())
                ? HeaderNames.dimensionColumn(dim.name()) : dim.name()));
        h.addAll(after);
        return h;
    }

    /** Whether a file reading this header back would take it for a field this export shows in a column of its own. */
    private boolean namesAShownField(String header) {
        String wanted = Simplified.of(HeaderNames.normalize(header));
        return scheme.fields().entrySet().stream().filter(f -> data.contains(f.getKey()))
                .anyMatch(f -> Stream.concat(Stream.of(f.getKey()), f.getValue().aliases().stream())
                        .anyMatch(alias -> Simplified.of(HeaderNames.normalize(alias)).equals(wanted)));
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
        for (String f : data) {
            r.add(cell(c, f, personal));
        }
        r.add(c.createdAt());
        r.add(c.updatedAt());
        return r;
    }

    private String cell(Customer c, String field, boolean personal) {
        String v = c.attributes().getOrDefault(field, "");
        return personal ? v : PersonalData.masked(field, v, scheme);
    }
}
