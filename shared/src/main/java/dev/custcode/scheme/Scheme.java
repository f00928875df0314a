package dev.custcode.scheme;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A classification scheme: which input columns mean what, how each dimension is decided, how
 * customers are filed into folders and how their codes are built.
 *
 * <p>Schemes are declarative JSON (see {@code default-scheme.json}); load them with
 * {@link SchemeLoader}, which validates before returning one.
 *
 * @param name        a name for reports
 * @param description free text
 * @param fields      canonical field name → its header aliases
 * @param required    fields every row must have (after derivation, e.g. name from first+last name)
 * @param identity    identity key preference, e.g. {@code ["sourceId","taxId","phone","email","nameCity"]}
 * @param dimensions  the dimensions, in evaluation order
 * @param folders     dimension names, outermost folder first, e.g. {@code ["region","type","tier"]}
 * @param code        the code template, e.g. {@code {region}{type}{channel}{seq:6}}
 * @param tables      named lookup tables used by {@code table} rules (value → group key)
 * @param gapless     issue codes without gaps (transactional allocation) instead of in reserved blocks
 * @param emptyCells  what an empty cell does to a stored value: {@code keep} (default) or {@code clear};
 *                    a field may say otherwise for itself ({@code fields.<name>.emptyCells})
 * @param scores      computed fields rules can test like any other: score name → field → weight; a
 *                    customer's score is the weighted sum of those fields' values (a field without a
 *                    value counts 0; no score when none has one), e.g. {@code {"valueScore":
 *                    {"amount": 0.001, "orders": 1, "profit": 0.005}}}
 * @param quintiles   population fields: name → the field (amount, count, date or score) whose
 *                    population quintile (1 lowest … 5 highest; for dates 5 is the most recent) the
 *                    name gives, e.g. RFM's {@code {"R": "lastOrderDate", "F": "orders", "M": "amount"}};
 *                    found by re-evaluation runs (see {@link dev.custcode.classify.Population})
 */
public record Scheme(
        String name,
        String description,
        Map<String, FieldSpec> fields,
        List<String> required,
        List<String> identity,
        List<DimensionSpec> dimensions,
        List<String> folders,
        String code,
        Map<String, Map<String, String>> tables,
        Boolean gapless,
        String emptyCells,
        Map<String, Map<String, java.math.BigDecimal>> scores,
        Map<String, String> quintiles) {

    /** The {@code " (2)"} that tells apart columns of one header (csv.HeaderMapping). */
    private static final Pattern COPY_SUFFIX = Pattern.compile(" \\(\\d+\\)$");

    /** Personal information whatever a scheme says, unless it says {@code "pii": false}: contacts and the tax id. */
    public static final java.util.Set<String> PERSONAL_FIELDS = java.util.Set.of("phone", "phone2", "email", "taxId", "address");

    public Scheme {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        required = required == null ? List.of() : List.copyOf(required);
        identity = identity == null ? List.of() : List.copyOf(identity);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        folders = folders == null ? List.of() : List.copyOf(folders);
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        gapless = Boolean.TRUE.equals(gapless);
        emptyCells = emptyCells == null ? "keep" : emptyCells;
        scores = scores == null ? Map.of() : Map.copyOf(scores);
        quintiles = quintiles == null ? Map.of() : Map.copyOf(quintiles);
    }

    /** Whether an empty cell of this field clears the stored value (else it leaves it alone). */
    public boolean clearsWhenEmpty(String field) {
        FieldSpec spec = fields.get(field);
        String policy = spec != null && spec.emptyCells() != null ? spec.emptyCells() : emptyCells;
        return "clear".equals(policy);
    }

    /** Whether a field holds personal information: masked everywhere but under {@code private/} and for callers granted it. */
    public boolean isPersonal(String field) {
        FieldSpec spec = fields.get(field);
        if (spec != null || PERSONAL_FIELDS.contains(field)) {
            return spec != null && spec.pii() != null ? spec.pii() : PERSONAL_FIELDS.contains(field);
        }
        return !personalAs(field).isEmpty();
    }

    /**
     * The field whose mask a personal column takes: the field it is a column of (a field, its alias,
     * a copy {@code Phone (2)}), {@code phone} or {@code email} for a column headed as one
     * ({@code 联系人手机}, {@code contactemail}), else the key itself (masked as any value).
     */
    public String maskedAs(String key) {
        if (fields.containsKey(key) || PERSONAL_FIELDS.contains(key)) {
            return key;
        }
        String as = personalAs(key);
        return as.isEmpty() ? key : as;
    }

    /** For a column no field is named: the field it is masked as, or "" when it holds no personal data. */
    private String personalAs(String column) {
        // Asked for every cell of every export and page: the search below over every field's
        // aliases takes ~20 µs, so each scheme remembers its answers for the keys it was asked.
        Map<String, String> memo = PersonalMemo.of(this);
        String known = memo.get(column);
        if (known == null) {
            known = columnAs(column);
            if (memo.size() < PersonalMemo.MAX_KEYS) {
                memo.put(column, known);
            }
        }
        return known;
    }

    private String columnAs(String column) {
        // A column stored under its own header before a scheme made that header an alias of a
        // field holds that field's data (it is read as the field, see classify.FieldAliases); so
        // does a file's second column of a field, kept as Phone or phone (2) (csv.HeaderMapping).
        String header = HeaderNames.normalize(COPY_SUFFIX.matcher(column).replaceFirst(""));
        for (var e : fields.entrySet()) {
            if (e.getValue() != null && (HeaderNames.normalize(e.getKey()).equals(header)
                    || e.getValue().aliases().stream().anyMatch(a -> HeaderNames.normalize(a).equals(header)))) {
                return isPersonal(e.getKey()) ? e.getKey() : "";
            }
        }
        for (String p : PERSONAL_FIELDS) {
            if (HeaderNames.normalize(p).equals(header)) {
                return p;
            }
        }
        // A column no field names, headed as personal data is: 联系人手机, Contact Phone, 身份证号, WeChat ID.
        if (!PERSONAL_WORDS.matcher(header).find()) {
            return "";
        }
        if (PHONE_WORDS.matcher(header).find()) {
            return "phone";
        }
        return header.contains("mail") || header.contains("邮箱") || header.contains("邮件") ? "email" : column;
    }

    private static final Pattern PHONE_WORDS = Pattern.compile("电话|手机|座机|传真|phone|mobile|fax|^tel|^cell");

    /** Words of headers of personal data, matched in a normalized header (lower case, no spaces). */
    private static final Pattern PERSONAL_WORDS = Pattern.compile(
            "电话|手机|座机|传真|邮箱|邮件|身份证|证件号|护照|微信|地址|住址|生日|出生|phone|mobile|email|fax|passport|wechat|whatsapp|address"
                    + "|birthday|birthdate|dateofbirth|idcard|ssn|^tel|^qq|qq号|^cell");

    public Optional<DimensionSpec> dimension(String dimensionName) {
        return dimensions.stream().filter(d -> d.name().equals(dimensionName)).findFirst();
    }

    /**
     * The stored fields a dimension's rules read, in the order they first appear, with a computed
     * field (a score, a quintile) read as the fields it is computed from: what a file must give for
     * the dimension to be decided by anything but its default.
     */
    public java.util.Set<String> fieldsRead(DimensionSpec dimension) {
        java.util.Set<String> direct = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<RuleSpec> rules = new java.util.ArrayDeque<>(dimension.rules());
        while (!rules.isEmpty()) {
            RuleSpec rule = rules.poll();
            if (rule.field() != null) {
                direct.add(rule.field());
            }
            if (rule.all() != null) {
                rules.addAll(rule.all());
            }
        }
        java.util.Set<String> read = new java.util.LinkedHashSet<>();
        for (String field : direct) {
            String source = quintiles().getOrDefault(field, field);
            Map<String, java.math.BigDecimal> weights = scores().get(source);
            if (weights != null) {
                read.addAll(weights.keySet());
            } else {
                read.add(source);
            }
        }
        return read;
    }

    /**
     * Answers of {@link #isPersonal} per scheme instance (by identity: a record's own hash reads the
     * whole scheme). A handful of schemes live in a process at a time; past that the memo starts over.
     */
    private static final class PersonalMemo {
        static final int MAX_KEYS = 10_000;
        private static final int MAX_SCHEMES = 16;
        private static final Map<Object, Map<String, String>> BY_SCHEME = new java.util.concurrent.ConcurrentHashMap<>();

        private record Same(Scheme scheme) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Same other && other.scheme == scheme;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(scheme);
            }
        }

        static Map<String, String> of(Scheme scheme) {
            Same key = new Same(scheme);
            Map<String, String> memo = BY_SCHEME.get(key);
            if (memo == null) {
                if (BY_SCHEME.size() >= MAX_SCHEMES) {
                    BY_SCHEME.clear();
                }
                memo = BY_SCHEME.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentHashMap<>());
            }
            return memo;
        }
    }
}
