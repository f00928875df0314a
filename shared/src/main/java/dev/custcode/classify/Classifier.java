package dev.custcode.classify;

import dev.custcode.normalize.Values;
import dev.custcode.normalize.Text;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.FieldType;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classifies one customer's field values along every dimension of a scheme. Pure and
 * thread-safe: the same values, scheme and "as of" date always give the same classification.
 *
 * <pre>{@code
 * Classifier classifier = new Classifier(SchemeLoader.defaultScheme());
 * Classification c = classifier.classify(Map.of("name", "华为技术有限公司", "province", "广东省"), LocalDate.now());
 * c.folder();  // "south/enterprise/tier-c"
 * c.prefix();  // "SEZ"
 *
 * classifier.check(Map.of("amount", "lots"), c);       // [ValueWarning[field=amount, value=lots, action=not an amount: classified without it; a readable stored value stays]]
 * classifier.equivalent("amount", "¥1,500,000", "1500000");  // true
 * }</pre>
 */
public final class Classifier {
    private record CompiledDimension(DimensionSpec spec, List<CompiledRule> rules, GroupValue fallback,
                                     Map<String, GroupValue> byKey) {
    }

    /** A table or map rule and the dimension it belongs to. */
    private record FieldLookup(CompiledDimension dimension, CompiledRule.Lookup lookup) {
    }

    private final Scheme scheme;
    private final Population population;
    private final FieldAliases aliases;
    private final List<CompiledDimension> dimensions;
    private final CodeTemplate code;
    /** Typed (non-text) fields, in name order so warnings come in a stable order. */
    private final Map<String, FieldType> typedFields = new TreeMap<>();
    /** field → the map rules that read it, in dimension and rule order. */
    private final Map<String, List<FieldLookup>> mapRules = new LinkedHashMap<>();
    /** field → the table rules that read it, in dimension and rule order. */
    private final Map<String, List<FieldLookup>> tableRules = new LinkedHashMap<>();
    private static final String COUNTRY = "country";

    /** Date fields a "days since" rule counts from (a last order): dates of things that happened. */
    private final Set<String> pastDates = new TreeSet<>();

    public Classifier(Scheme scheme) {
        this(scheme, Population.none());
    }

    /** A classifier whose population rules ({@code topPercent}) use these thresholds. */
    public Classifier(Scheme scheme, Population population) {
        this.scheme = scheme;
        this.population = population;
        this.aliases = FieldAliases.of(scheme);
        this.code = CodeTemplate.parse(scheme.code());
        List<CompiledDimension> dims = new ArrayList<>();
        for (DimensionSpec d : scheme.dimensions()) {
            Map<String, GroupValue> byKey = new HashMap<>();
            d.values().forEach(v -> byKey.put(v.key(), v));
            List<CompiledRule> rules = d.rules().stream().map(r -> CompiledRule.compile(r, scheme.tables(), d, population)).toList();
            CompiledDimension compiled = new CompiledDimension(d, rules, byKey.get(d.defaultValue()), byKey);
            dims.add(compiled);
            for (CompiledRule rule : rules) {
                if (rule instanceof CompiledRule.Lookup lookup) {
                    Map<String, List<FieldLookup>> byField = lookup instanceof CompiledRule.MapLookup ? mapRules : tableRules;
                    byField.computeIfAbsent(lookup.field(), f -> new ArrayList<>()).add(new FieldLookup(compiled, lookup));
                }
            }
        }
        this.dimensions = List.copyOf(dims);
        scheme.dimensions().forEach(d -> d.rules().forEach(this::notePastDates));
        scheme.fields().forEach((name, spec) -> {
            if (spec != null && spec.fieldType() != FieldType.TEXT) {
                typedFields.put(name, spec.fieldType());
            }
        });
    }

    public Scheme scheme() {
        return scheme;
    }

    public CodeTemplate codeTemplate() {
        return code;
    }

    /**
     * @param values field values as produced by {@link dev.custcode.csv.HeaderMapping#values} (normalized)
     * @param asOf   the date that "days since" rules count to
     */
    public Classification classify(Map<String, String> given, LocalDate asOf) {
        Map<String, String> values = prepared(given);
        Map<String, GroupValue> result = new LinkedHashMap<>();
        Map<String, String> letters = new HashMap<>();
        for (CompiledDimension d : dimensions) {
            GroupValue chosen = decideOrByCountry(d, values, asOf).value();
            result.put(d.spec().name(), chosen);
            if (d.spec().coded()) {
                letters.put(d.spec().name(), chosen.letter());
            }
        }
        List<String> folders = new ArrayList<>(scheme.folders().size());
        for (String f : scheme.folders()) {
            folders.add(result.get(f).folder());
        }
        return new Classification(result, List.copyOf(folders), code.prefix(letters));
    }

    /**
     * Why a customer with these values gets each of its dimension values: per dimension, in the
     * scheme's order, the value, the rule that decided it (its 1-based position among the
     * dimension's rules and the rule as written) or none when the dimension fell back to its
     * default, and the field values that rule read (for a fallback, every field the dimension's
     * rules read), computed fields (scores, quintiles) included. The same decision as {@link #classify}.
     */
    public List<Explanation> explain(Map<String, String> given, LocalDate asOf) {
        Map<String, String> values = prepared(given);
        List<Explanation> out = new ArrayList<>();
        for (CompiledDimension d : dimensions) {
            Decision decision = decideOrByCountry(d, values, asOf);
            Map<String, String> seen = decision.byCountry() != null ? decision.byCountry() : values;
            List<dev.custcode.scheme.RuleSpec> read = decision.rule() == 0 ? d.spec().rules() : List.of(d.spec().rules().get(decision.rule() - 1));
            Map<String, String> fields = new LinkedHashMap<>();
            read.forEach(r -> fieldsOf(r, fields, seen));
            dev.custcode.scheme.RuleSpec rule = decision.rule() == 0 ? null : d.spec().rules().get(decision.rule() - 1);
            List<String> valued = fields.entrySet().stream().filter(f -> f.getValue() != null).map(Map.Entry::getKey).toList();
            String because = rule != null
                    ? "rule " + decision.rule() + ": " + RuleText.of(rule, population) + " → " + decision.value().key()
                    + (decision.byCountry() == null ? "" : " (no country given: " + seen.get(COUNTRY) + " is where its place's script or its phone's"
                    + " country code says it is, and no rule decided on its other fields)")
                    : valued.isEmpty() ? "no rule decided: the default " + d.spec().defaultValue()
                    : "no rule decided on what " + String.join(", ", valued) + " hold" + (valued.size() == 1 ? "s" : "") + ": the default "
                    + d.spec().defaultValue();
            out.add(new Explanation(d.spec().name(), decision.value().key(), decision.value().label(), decision.value().folder(),
                    decision.rule() == 0 ? null : decision.rule(), matchedEntryOnly(rule, decision.rule() == 0 ? null : d.rules().get(decision.rule() - 1),
                    fields), fields, because));
        }
        return out;
    }

    /**
     * A map rule as written, but with only the entries the value read matched (a map of a hundred
     * synonyms says nothing more about this customer), or the label it matched ({@code 直销} of {@code 直销 Direct});
     * any other rule as written.
     */
    private static dev.custcode.scheme.RuleSpec matchedEntryOnly(dev.custcode.scheme.RuleSpec rule, CompiledRule compiled, Map<String, String> read) {
        if (rule == null || rule.map() == null || rule.map().size() <= 1 || !(compiled instanceof CompiledRule.MapLookup lookup)
                || read.get(rule.field()) == null) {
            return rule;
        }
        Map<String, String> matched = lookup.entriesMatching(read.get(rule.field()));
        return matched.isEmpty() ? rule : new dev.custcode.scheme.RuleSpec(rule.field(), rule.table(), matched, rule.equals(), rule.in(),
                rule.regex(), rule.min(), rule.max(), rule.daysSinceMin(), rule.daysSinceMax(), rule.present(), rule.all(), rule.value(),
                rule.match(), rule.topPercent());
    }

    /**
     * One dimension's value and why.
     *
     * @param rule    the deciding rule's position among the dimension's rules (1 = first), or null: the default
     * @param written that rule as the scheme writes it, or null
     * @param read    the fields the rule read (every rule's, for the default) and their values (null: empty)
     * @param because the same in words
     */
    public record Explanation(String dimension, String value, String label, String folder, Integer rule,
                              dev.custcode.scheme.RuleSpec written, Map<String, String> read, String because) {
    }

    /** @param byCountry the values with the country they were found to be in, when that decided; else null */
    private record Decision(GroupValue value, int rule, Map<String, String> byCountry) {
        Decision(GroupValue value, int rule) {
            this(value, rule, null);
        }
    }

    /**
     * {@link #decide}, and when that ends at the default of a dimension whose rules read the country and the row
     * has none, again with the country its own values say ({@link dev.custcode.identity.IdentityKeys#inferredCountry}:
     * Владивосток is in Russia, +48 22 … in Poland), so that a city no table knows is not filed under unknown for good.
     * Only then: a table that knows the city (Алматы, in Asia) decides first.
     */
    private Decision decideOrByCountry(CompiledDimension d, Map<String, String> values, LocalDate asOf) {
        Decision decision = decide(d, values, asOf);
        if (decision.rule() != 0 || values.containsKey(COUNTRY) || d.rules().stream()
                .noneMatch(r -> r instanceof CompiledRule.Lookup l && l.field().equals(COUNTRY))) {
            return decision;
        }
        Optional<String> country = dev.custcode.identity.IdentityKeys.inferredCountry(values);
        if (country.isEmpty()) {
            return decision;
        }
        Map<String, String> withCountry = new java.util.HashMap<>(values);
        withCountry.put(COUNTRY, country.get());
        Decision again = decide(d, withCountry, asOf);
        return again.rule() == 0 ? decision : new Decision(again.value(), again.rule(), withCountry);
    }

    /** The first rule that gives a key of the dimension, else its default (rule 0). */
    private static Decision decide(CompiledDimension d, Map<String, String> values, LocalDate asOf) {
        for (int i = 0; i < d.rules().size(); i++) {
            String key = d.rules().get(i).decide(values, asOf);
            GroupValue v = key == null ? null : d.byKey().get(key);
            if (v != null) {
                return new Decision(v, i + 1);
            }
        }
        return new Decision(d.fallback(), 0);
    }

    private static void fieldsOf(dev.custcode.scheme.RuleSpec rule, Map<String, String> out, Map<String, String> values) {
        if (rule.field() != null) {
            String v = CompiledRule.field(values, rule.field());
            out.putIfAbsent(rule.field(), v == null || v.isEmpty() ? null : v);
        }
        if (rule.all() != null) {
            rule.all().forEach(r -> fieldsOf(r, out, values));
        }
    }

    /**
     * The values rules read: the given ones, fields stored under an alias's header read as the
     * field ({@link FieldAliases}), with the scheme's scores and quintiles computed.
     */
    private Map<String, String> prepared(Map<String, String> given) {
        Map<String, String> values = Scores.with(scheme, aliases.apply(given));

        if (!scheme.quintiles().isEmpty()) {
            values = new java.util.HashMap<>(values);
            for (var q : scheme.quintiles().entrySet()) {
                Integer quintile = Population.number(scheme, q.getValue(), values).map(n -> population.quintile(q.getKey(), n)).orElse(null);
                if (quintile == null) {
                    values.remove(q.getKey());
                } else {
                    values.put(q.getKey(), Integer.toString(quintile));
                }
            }
        }
        return values;
    }

    /**
     * The values of {@code values} that are present but not understood, one warning per field, in a
     * stable order: a typed field that does not parse ({@code orders: "many"} → {@code ignored: not
     * a whole number}); a value no {@code map} rule knows ({@code type: "VIP"} → {@code type taken
     * from other rules: personal}); a value no {@code table} rule knows, when its dimension ended at
     * its default and no other lookup of that dimension knew its own field ({@code province: "火星"}
     * → {@code region set to unknown}). Pure; never throws.
     *
     * @param values the values given to {@link #classify}
     * @param result what {@link #classify} made of them (names what the dimension took instead)
     */
    /** What becomes of a value its field's type does not read, after what it is not ({@code not an amount}). */
    public static final String NOT_UNDERSTOOD = ": classified without it; a readable stored value stays";

    private void notePastDates(dev.custcode.scheme.RuleSpec r) {
        if (r.field() != null && (r.daysSinceMin() != null || r.daysSinceMax() != null)) {
            pastDates.add(r.field());
        }
        if (r.all() != null) {
            r.all().forEach(this::notePastDates);
        }
    }

    /**
     * Warnings for the dates of things that happened ({@link #pastDates}: a last order) more than a month
     * after {@code asOf} (days after it may be a file from a later time zone or a pinned date): applied, as
     * written, but a steward should look (an Excel serial day, a mistyped year).
     */
    public List<ValueWarning> futureDates(Map<String, String> values, LocalDate asOf) {
        List<ValueWarning> out = new ArrayList<>();
        for (String field : pastDates) {
            String v = present(values, field);
            Optional<LocalDate> date = v == null ? Optional.empty() : Values.parseDate(v);
            if (date.isPresent() && date.get().isAfter(asOf.plusMonths(1))) {
                out.add(new ValueWarning(field, v, "applied, though more than a month after the import's date " + asOf
                        + " (read as " + date.get() + "): a mistyped year, or a date cell Excel wrote as a number?"));
            }
        }
        return out;
    }

    public List<ValueWarning> check(Map<String, String> values, Classification result) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        Map<String, GroupValue> taken = result == null || result.values() == null ? Map.of() : result.values();
        List<ValueWarning> warnings = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        typedFields.forEach((field, type) -> {
            String v = present(values, field);
            if (v != null && !parses(type, v) && reported.add(field)) {
                // Kept as written where nothing readable is stored (it is what the file says), never over a readable value.
                warnings.add(new ValueWarning(field, v, switch (type) {
                    case AMOUNT -> "not an amount";
                    case COUNT -> "not a whole number";
                    case DATE -> "not a date";
                    case TEXT -> "not text";
                } + NOT_UNDERSTOOD));
            }
        });
        mapRules.forEach((field, lookups) -> {
            String v = present(values, field);
            if (v == null || reported.contains(field) || lookups.stream().anyMatch(l -> l.lookup().lookup(v) != null)) {
                return;
            }
            String dimension = lookups.get(0).dimension().spec().name();
            GroupValue instead = taken.get(dimension);
            reported.add(field);
            warnings.add(new ValueWarning(field, v, dimension + " taken from other rules"
                    + (instead == null ? "" : ": " + instead.key())));
        });
        tableRules.forEach((field, lookups) -> {
            String v = present(values, field);
            if (v == null || reported.contains(field) || lookups.stream().anyMatch(l -> l.lookup().lookup(v) != null)) {
                return;
            }
            for (FieldLookup l : lookups) {
                CompiledDimension d = l.dimension();
                GroupValue instead = taken.get(d.spec().name());
                boolean atDefault = instead == null || Objects.equals(instead.key(), d.spec().defaultValue());
                if (atDefault && !decidedByAnotherLookup(d, values)) {
                    reported.add(field);
                    warnings.add(new ValueWarning(field, v, d.spec().name() + " set to " + d.spec().defaultValue()));
                    return;
                }
            }
        });
        return warnings;
    }

    /**
     * A row's warnings as they stand for the customer it updates: a warning that a value decided
     * nothing of a dimension ({@code region set to unknown}, {@code type taken from other rules})
     * holds only when the customer's merged values leave it so; the stored province of a customer
     * whose row brings only an unknown city decides its region, and that warning goes. The other
     * warnings (a value not read as its type, …) are about the row, and stay. Nor is a value
     * warned about again where the customer already had it ({@code stored}): it was said when the
     * value first came, and a file restating it (an export dropped back, the same monthly export)
     * would otherwise repeat it for every row and bury what is new.
     */
    public List<ValueWarning> stillHolding(List<ValueWarning> rowWarnings, Map<String, String> stored, Map<String, String> merged,
                                           Classification result) {
        if (rowWarnings.isEmpty()) {
            return rowWarnings;
        }
        Set<String> holding = new java.util.HashSet<>();
        check(merged, result).forEach(w -> holding.add(w.field()));
        return rowWarnings.stream().filter(w -> !(mapRules.containsKey(w.field()) || tableRules.containsKey(w.field()))
                || (!understands(w.field(), w.value()) || holding.contains(w.field()))
                        && (w.value() == null || !w.value().strip().equals(stored.getOrDefault(w.field(), "").strip())))
                .toList();
    }

    /**
     * Whether two raw values of a field mean the same: amounts and counts by number
     * ({@code ¥1,500,000} ≡ {@code 1500000}), dates by date ({@code 2024/3/5} ≡ {@code 2024-03-05}),
     * a field read by {@code map} rules by the value key they give ({@code 企业} ≡ {@code 企业客户 Enterprise}),
     * anything else after {@link Text#normalize}. Values that do not parse (or map) are compared as
     * text. {@code null} is equivalent only to {@code null}.
     */
    /** Whether a value of this field reads as its type ({@code TBD} is no amount); a field of no type reads any. */
    public boolean understands(String field, String value) {
        FieldType type = typedFields.get(field);
        return type == null || value == null || parses(type, value);
    }

    public boolean equivalent(String field, String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        String na = Text.normalize(a);
        String nb = Text.normalize(b);
        if (na.equals(nb)) {
            return true;
        }
        FieldType type = field == null ? null : typedFields.get(field);
        if (type != null) {
            Optional<?> pa = parse(type, na);
            Optional<?> pb = parse(type, nb);
            if (type == FieldType.DATE && pa.isPresent() && pb.isPresent() && !same(pa.get(), pb.get())) {
                // 11/2/2024 for the stored 2024-11-02: read day first it is another date, but it is the
                // stored one as Excel in a US locale writes it back; nothing in the cell tells the order.
                return Values.monthFirstReading(nb).equals(pa) || Values.monthFirstReading(na).equals(pb);
            }
            return pa.isPresent() && pb.isPresent() && same(pa.get(), pb.get());
        }
        List<FieldLookup> lookups = field == null ? null : mapRules.get(field);
        if (lookups != null) {
            for (FieldLookup l : lookups) {
                String ka = l.lookup().lookup(na);
                if (ka == null || !ka.equals(l.lookup().lookup(nb))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Whether a value of a field only restates what a customer's dimensions already say: the field
     * is read by {@code map} rules and the value maps, in each, to the value the customer has. An
     * export re-imported carries {@code 企业客户 Enterprise} in its type column for a customer whose
     * type was inferred from its name; that is not new information.
     *
     * @param dimensions the customer's dimension name → value key
     */
    public boolean restates(String field, String value, Map<String, String> dimensions) {
        List<FieldLookup> lookups = field == null || value == null ? null : mapRules.get(field);
        if (lookups == null) {
            return false;
        }
        String normalized = Text.normalize(value);
        for (FieldLookup l : lookups) {
            String current = dimensions.get(l.dimension().spec().name());
            String key = l.lookup().lookup(normalized);
            if (key == null && current != null && normalized.indexOf('?') >= 0) {
                // The label as a legacy code page saved it (企?客? Enterprise): still the customer's value.
                key = l.dimension().spec().values().stream().filter(v -> v.key().equals(current))
                        .anyMatch(v -> Labels.spellings(v).stream().anyMatch(spelling -> Text.lostInEncoding(normalized, spelling))) ? current : null;
            }
            if (key == null || !key.equals(current)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a cell is what is stored with {@code ?} where a legacy code page lost characters: the
     * stored value itself (彩雲?士多 for 彩雲邨士多), or the label of the customer's value of a
     * dimension its field maps to (企?客? Enterprise), which no map rule knows as it is.
     *
     * @param stored     the field's stored value (null: none)
     * @param dimensions the customer's dimension name → value key (null: not a stored customer)
     */
    public boolean lostInEncoding(String field, String value, String stored, Map<String, String> dimensions) {
        if (stored != null && Text.lostInEncoding(value, stored)) {
            return true;
        }
        return dimensions != null && value.indexOf('?') >= 0 && !mapped(field, value) && restates(field, value, dimensions);
    }

    /**
     * The value of a dimension that its {@code map} rules, else its lookup tables, give a cell
     * ({@code 企业}, {@code 直銷}, {@code To B}; {@code 香港}, {@code Taiwan}, {@code 杭州}), if any:
     * what a person filtering by the words of their files means.
     */
    public Optional<String> mappedKey(String dimension, String value) {
        String normalized = Text.normalize(value);
        return java.util.stream.Stream.of(mapRules, tableRules).flatMap(rules -> rules.values().stream()).flatMap(List::stream)
                .filter(l -> l.dimension().spec().name().equals(dimension))
                .map(l -> l.lookup().lookup(normalized)).filter(Objects::nonNull)
                .filter(key -> valuesOf(dimension).stream().anyMatch(v -> v.key().equals(key))).findFirst();
    }

    /** A dimension's values (a table may give a key another rule reads rather than one of them). */
    private List<GroupValue> valuesOf(String dimension) {
        return scheme.dimension(dimension).map(DimensionSpec::values).orElse(List.of());
    }

    /**
     * Whether a field's value is one its {@code map} rules know ({@code 企业}, {@code 直销}); false for
     * a value they do not ({@code VIP大客户}, {@code 抖音直播}: the dimension then came from other rules)
     * and for a field no map rule reads.
     */
    public boolean mapped(String field, String value) {
        List<FieldLookup> lookups = field == null || value == null ? null : mapRules.get(field);
        if (lookups == null) {
            return false;
        }
        String normalized = Text.normalize(value);
        return lookups.stream().allMatch(l -> l.lookup().lookup(normalized) != null);
    }

    private static String present(Map<String, String> values, String field) {
        String v = CompiledRule.field(values, field);
        return v == null || Text.normalize(v).isEmpty() ? null : v;
    }

    private static boolean decidedByAnotherLookup(CompiledDimension d, Map<String, String> values) {
        for (CompiledRule rule : d.rules()) {
            if (rule instanceof CompiledRule.Lookup lookup && lookup.decide(values, null) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean parses(FieldType type, String v) {
        return parse(type, v).isPresent();
    }

    private static Optional<?> parse(FieldType type, String v) {
        return switch (type) {
            case AMOUNT -> Values.parseAmount(v);
            case COUNT -> Values.parseCount(v);
            case DATE -> Values.parseDate(v);
            case TEXT -> Optional.of(Text.normalize(v));
        };
    }

    private static boolean same(Object a, Object b) {
        return a instanceof BigDecimal x && b instanceof BigDecimal y ? x.compareTo(y) == 0 : a.equals(b);
    }
}
