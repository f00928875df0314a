package dev.custcode.scheme;

import java.math.BigDecimal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a parsed scheme for everything JSON binding cannot: references, slugs, letters, the code template. */
final class SchemeValidator {
    /** Folder slugs become S3 key segments: lower-case letters, digits and inner hyphens only. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,31}");
    private static final Pattern LETTER = Pattern.compile("[A-Z0-9]");
    static final Set<String> IDENTITY_KINDS = dev.custcode.identity.IdentityKind.inSchemes().stream().map(dev.custcode.identity.IdentityKind::schemeName)
            .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    /** Fields that ingest derives itself, so they may be required without a column. */
    private static final Set<String> DERIVED_FIELDS = Set.of("name");

    private final Scheme scheme;
    private final List<SchemeError> errors = new ArrayList<>();

    SchemeValidator(Scheme scheme) {
        this.scheme = scheme;
    }

    List<SchemeError> validate() {
        fields();
        scores();
        quintiles();
        required();
        identity();
        dimensions();
        folders();
        code();
        tables();
        return errors;
    }

    private void error(String path, String problem) {
        errors.add(new SchemeError(path, problem));
    }

    private static final List<String> EMPTY_CELLS = List.of("keep", "clear");

    private void fields() {
        if (!EMPTY_CELLS.contains(scheme.emptyCells())) {
            error("$.emptyCells", "\"" + scheme.emptyCells() + "\" is not one of " + EMPTY_CELLS);
        }
        Map<String, String> aliasOwner = new java.util.HashMap<>();
        for (var e : scheme.fields().entrySet()) {
            String path = "$.fields." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                error(path, "field names are letters, digits and '_', starting with a letter");
            }
            if (e.getValue() == null || e.getValue().aliases().isEmpty()) {
                error(path + ".aliases", "needs at least one header alias");
                continue;
            }
            String type = e.getValue().type();
            if (type != null && FieldType.of(type).isEmpty()) {
                error(path + ".type", "unknown field type \"" + type + "\"; use one of "
                        + java.util.Arrays.stream(FieldType.values()).map(FieldType::jsonName).toList());
            }
            String empty = e.getValue().emptyCells();
            if (empty != null && !EMPTY_CELLS.contains(empty)) {
                error(path + ".emptyCells", "\"" + empty + "\" is not one of " + EMPTY_CELLS);
            }
            List<String> aliases = e.getValue().aliases();
            for (int i = 0; i < aliases.size(); i++) {
                String alias = aliases.get(i);
                if (alias == null || alias.isBlank()) {
                    error(path + ".aliases[" + i + "]", "alias is empty");
                    continue;
                }
                String key = HeaderNames.normalize(alias);
                String owner = aliasOwner.putIfAbsent(key, e.getKey());
                if (owner != null && !owner.equals(e.getKey())) {
                    error(path + ".aliases[" + i + "]", "\"" + alias + "\" is already an alias of field " + owner);
                }
            }
        }
    }

    private void scores() {
        scheme.scores().forEach((name, weights) -> {
            String path = "$.scores." + name;
            if (scheme.fields().containsKey(name)) {
                error(path, "a score cannot share its name with a field");
            }
            if (weights == null || weights.isEmpty()) {
                error(path, "needs at least one field and its weight");
                return;
            }
            weights.forEach((field, weight) -> {
                FieldSpec spec = scheme.fields().get(field);
                boolean typeReported = spec != null && spec.type() != null && FieldType.of(spec.type()).isEmpty();
                if (!typeReported && (spec == null || (spec.fieldType() != FieldType.AMOUNT && spec.fieldType() != FieldType.COUNT))) {
                    error(path + "." + field, "a score weighs fields of type amount or count");
                }
                if (weight == null) {
                    error(path + "." + field, "needs a weight (a number)");
                }
            });
        });
    }

    private void quintiles() {
        scheme.quintiles().forEach((name, field) -> {
            String path = "$.quintiles." + name;
            if (scheme.fields().containsKey(name) || scheme.scores().containsKey(name)) {
                error(path, "a quintile cannot share its name with a field or a score");
            }
            FieldSpec spec = field == null ? null : scheme.fields().get(field);
            boolean ranked = spec != null && spec.fieldType() != FieldType.TEXT || field != null && scheme.scores().containsKey(field);
            if (!ranked) {
                error(path, "ranks a field of type amount, count or date, or a score; \"" + field + "\" is not one");
            }
        });
    }

    private void required() {
        for (int i = 0; i < scheme.required().size(); i++) {
            String f = scheme.required().get(i);
            if (!scheme.fields().containsKey(f) && !DERIVED_FIELDS.contains(f)) {
                error("$.required[" + i + "]", "unknown field \"" + f + "\"");
            }
        }
    }

    private void identity() {
        if (scheme.identity().isEmpty()) {
            error("$.identity", "needs at least one identity kind of " + IDENTITY_KINDS);
        }
        for (int i = 0; i < scheme.identity().size(); i++) {
            if (!IDENTITY_KINDS.contains(scheme.identity().get(i))) {
                error("$.identity[" + i + "]", "unknown identity kind \"" + scheme.identity().get(i) + "\"; use one of " + IDENTITY_KINDS);
            }
        }
    }

    private void dimensions() {
        if (scheme.dimensions().isEmpty()) {
            error("$.dimensions", "needs at least one dimension");
        }
        Set<String> names = new HashSet<>();
        for (int d = 0; d < scheme.dimensions().size(); d++) {
            DimensionSpec dim = scheme.dimensions().get(d);
            String path = "$.dimensions[" + d + "]";
            if (dim == null) {
                error(path, "is null");
                continue;
            }
            if (dim.name() == null || !NAME.matcher(dim.name()).matches()) {
                error(path + ".name", "needs a name of letters, digits and '_', starting with a letter");
            } else if (!names.add(dim.name())) {
                error(path + ".name", "duplicate dimension \"" + dim.name() + "\"");
            } else if (dim.name().equals("seq")) {
                error(path + ".name", "\"seq\" is reserved for the code sequence");
            }
            values(path, dim);
            if (dim.defaultValue() == null) {
                error(path + ".default", "needs a default value key");
            } else if (dim.value(dim.defaultValue()).isEmpty()) {
                error(path + ".default", "\"" + dim.defaultValue() + "\" is not one of the dimension's value keys");
            }
            for (int r = 0; r < dim.rules().size(); r++) {
                rule(path + ".rules[" + r + "]", dim.rules().get(r), dim, true);
            }
        }
    }

    private void values(String path, DimensionSpec dim) {
        if (dim.values().isEmpty()) {
            error(path + ".values", "needs at least one value");
        }
        Set<String> keys = new HashSet<>();
        Set<String> folders = new HashSet<>();
        Set<String> letters = new HashSet<>();
        for (int v = 0; v < dim.values().size(); v++) {
            GroupValue gv = dim.values().get(v);
            String vp = path + ".values[" + v + "]";
            if (gv == null) {
                error(vp, "is null");
                continue;
            }
            if (gv.key() == null || gv.key().isBlank()) {
                error(vp + ".key", "needs a key");
            } else if (!keys.add(gv.key())) {
                error(vp + ".key", "duplicate value key \"" + gv.key() + "\"");
            }
            if (gv.folder() == null || !SLUG.matcher(gv.folder()).matches()) {
                error(vp + ".folder", "needs a folder slug of a-z, 0-9 and inner '-' (at most 64 characters), got "
                        + (gv.folder() == null ? "nothing" : "\"" + gv.folder() + "\""));
            } else if (!folders.add(gv.folder())) {
                error(vp + ".folder", "duplicate folder \"" + gv.folder() + "\"");
            }
            if (gv.label() == null || gv.label().isBlank()) {
                error(vp + ".label", "needs a display label");
            }
            if (dim.coded()) {
                if (gv.letter() == null || !LETTER.matcher(gv.letter()).matches()) {
                    error(vp + ".letter", "a coded dimension needs one letter A-Z or digit per value");
                } else if (!letters.add(gv.letter())) {
                    error(vp + ".letter", "duplicate letter \"" + gv.letter() + "\" in dimension " + dim.name());
                }
            }
        }
    }

    private void rule(String path, RuleSpec rule, DimensionSpec dim, boolean topLevel) {
        if (rule == null) {
            error(path, "is null");
            return;
        }
        int kinds = 0;
        kinds += rule.table() != null ? 1 : 0;
        kinds += rule.map() != null ? 1 : 0;
        kinds += rule.equals() != null ? 1 : 0;
        kinds += rule.in() != null ? 1 : 0;
        kinds += rule.regex() != null ? 1 : 0;
        kinds += (rule.min() != null || rule.max() != null) ? 1 : 0;
        kinds += (rule.daysSinceMin() != null || rule.daysSinceMax() != null) ? 1 : 0;
        kinds += rule.present() != null ? 1 : 0;
        kinds += rule.all() != null ? 1 : 0;
        kinds += rule.topPercent() != null ? 1 : 0;
        if (kinds != 1) {
            error(path, "needs exactly one condition of table, map, equals, in, regex, min/max, daysSinceMin/daysSinceMax, present, all, topPercent; found " + kinds);
            return;
        }
        boolean lookup = rule.table() != null || rule.map() != null;
        if (rule.all() != null) {
            if (rule.field() != null) {
                error(path + ".field", "an \"all\" rule takes its fields from its nested conditions");
            }
            if (rule.all().isEmpty()) {
                error(path + ".all", "needs at least one condition");
            }
            for (int i = 0; i < rule.all().size(); i++) {
                RuleSpec inner = rule.all().get(i);
                rule(path + ".all[" + i + "]", inner, dim, false);
                if (inner != null && (inner.table() != null || inner.map() != null)) {
                    error(path + ".all[" + i + "]", "table and map rules decide a value and cannot be nested in \"all\"");
                }
                if (inner != null && inner.value() != null) {
                    error(path + ".all[" + i + "].value", "nested conditions take the value of the enclosing rule");
                }
            }
        } else if (rule.field() == null || rule.field().isBlank()) {
            error(path + ".field", "needs the field (or column header) it tests");
        }
        if (topLevel && !lookup) {
            if (rule.value() == null) {
                error(path + ".value", "needs the value key this rule gives");
            } else if (dim.value(rule.value()).isEmpty()) {
                error(path + ".value", "\"" + rule.value() + "\" is not one of the dimension's value keys");
            }
        }
        if (lookup && rule.value() != null) {
            error(path + ".value", "a table or map rule gives the looked-up value; remove \"value\"");
        }
        if (rule.table() != null) {
            Map<String, String> table = scheme.tables().get(rule.table());
            if (table == null) {
                error(path + ".table", "no table \"" + rule.table() + "\" in $.tables");
            } else {
                table.forEach((k, v) -> {
                    if (dim.value(v).isEmpty()) {
                        error("$.tables." + rule.table() + "." + k, "\"" + v + "\" is not a value key of dimension " + dim.name());
                    }
                });
            }
        }
        if (rule.match() != null) {
            if (rule.table() == null) {
                error(path + ".match", "\"match\" is an option of table rules");
            } else if (!rule.match().equals(RuleSpec.MATCH_EXACT) && !rule.match().equals(RuleSpec.MATCH_PREFIX)) {
                error(path + ".match", "unknown match \"" + rule.match() + "\"; use \"" + RuleSpec.MATCH_EXACT
                        + "\" (the default) or \"" + RuleSpec.MATCH_PREFIX + "\"");
            }
        }
        if (rule.map() != null) {
            rule.map().forEach((k, v) -> {
                if (v == null || dim.value(v).isEmpty()) {
                    error(path + ".map." + k, "\"" + v + "\" is not one of the dimension's value keys");
                }
            });
        }
        if (rule.regex() != null) {
            try {
                Pattern.compile(rule.regex());
                String unsafe = RegexSafety.problem(rule.regex());
                if (unsafe != null) {
                    error(path + ".regex", "cannot be evaluated safely: it " + unsafe);
                }
            } catch (PatternSyntaxException e) {
                error(path + ".regex", "not a valid regular expression: " + e.getDescription());
            }
        }
        if (rule.min() != null && rule.max() != null && rule.min().compareTo(rule.max()) >= 0) {
            error(path, "min must be below max");
        }
        if (rule.daysSinceMin() != null && rule.daysSinceMax() != null && rule.daysSinceMin() >= rule.daysSinceMax()) {
            error(path, "daysSinceMin must be below daysSinceMax");
        }
        if (rule.topPercent() != null) {
            if (rule.topPercent().signum() <= 0 || rule.topPercent().compareTo(BigDecimal.valueOf(100)) > 0) {
                error(path + ".topPercent", "must be above 0 and at most 100");
            }
            FieldSpec spec = rule.field() == null ? null : scheme.fields().get(rule.field());
            boolean numeric = spec != null && (spec.fieldType() == FieldType.AMOUNT || spec.fieldType() == FieldType.COUNT)
                    || rule.field() != null && (scheme.scores().containsKey(rule.field()) || scheme.quintiles().containsKey(rule.field()));
            if (rule.field() != null && !numeric) {
                error(path + ".field", "a topPercent rule ranks customers by a field of type amount or count, or a score; \""
                        + rule.field() + "\" is not one");
            }
        }
    }

    private void folders() {
        if (scheme.folders().isEmpty()) {
            error("$.folders", "needs at least one dimension to file by");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < scheme.folders().size(); i++) {
            String f = scheme.folders().get(i);
            if (scheme.dimension(f).isEmpty()) {
                error("$.folders[" + i + "]", "unknown dimension \"" + f + "\"");
            } else if (!seen.add(f)) {
                error("$.folders[" + i + "]", "dimension \"" + f + "\" appears twice");
            }
        }
    }

    private void code() {
        CodeTemplate template;
        try {
            template = CodeTemplate.parse(scheme.code());
        } catch (IllegalArgumentException e) {
            error("$.code", e.getMessage());
            return;
        }
        Set<String> inTemplate = new HashSet<>(template.dimensions());
        for (String d : template.dimensions()) {
            var dim = scheme.dimension(d);
            if (dim.isEmpty()) {
                error("$.code", "unknown dimension {" + d + "}");
            } else if (!dim.get().coded()) {
                error("$.code", "{" + d + "} is a filed dimension; mark it \"coded\": true to put it in codes");
            }
        }
        for (int i = 0; i < scheme.dimensions().size(); i++) {
            DimensionSpec dim = scheme.dimensions().get(i);
            if (dim != null && dim.coded() && dim.name() != null && !inTemplate.contains(dim.name())) {
                error("$.dimensions[" + i + "].coded", "dimension " + dim.name() + " is coded but the code template has no {" + dim.name() + "}");
            }
        }
    }

    private void tables() {
        scheme.tables().forEach((name, table) -> {
            if (table == null || table.isEmpty()) {
                error("$.tables." + name, "table is empty");
            }
        });
    }
}
