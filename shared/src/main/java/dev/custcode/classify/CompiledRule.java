package dev.custcode.classify;

import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.RuleSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A scheme rule turned into a function from field values to a group key (or null when it does not apply). */
abstract class CompiledRule {

    /** The group key this rule gives for these values, or {@code null}. */
    abstract String decide(Map<String, String> values, LocalDate asOf);

    static CompiledRule compile(RuleSpec spec, Map<String, Map<String, String>> tables) {
        if (spec.table() != null) {
            return new Lookup(spec.field(), tables.get(spec.table()));
        }
        if (spec.map() != null) {
            return new Lookup(spec.field(), spec.map());
        }
        Condition condition = condition(spec);
        String value = spec.value();
        return new CompiledRule() {
            @Override
            String decide(Map<String, String> values, LocalDate asOf) {
                return condition.test(values, asOf) ? value : null;
            }
        };
    }

    /** Values are looked up case-insensitively, after the same normalization as cells. */
    static String lookupKey(String s) {
        return Text.normalize(s).toLowerCase(Locale.ROOT);
    }

    /** A field's value: by canonical field name, else by (normalized) column header. */
    static String field(Map<String, String> values, String field) {
        String v = values.get(field);
        return v != null ? v : values.get(HeaderNames.normalize(field));
    }

    private static final class Lookup extends CompiledRule {
        private final String field;
        private final Map<String, String> table;

        Lookup(String field, Map<String, String> source) {
            this.field = field;
            this.table = new HashMap<>();
            source.forEach((k, v) -> table.putIfAbsent(lookupKey(k), v));
        }

        @Override
        String decide(Map<String, String> values, LocalDate asOf) {
            String v = field(values, field);
            return v == null ? null : table.get(lookupKey(v));
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean test(Map<String, String> values, LocalDate asOf);
    }

    private static Condition condition(RuleSpec spec) {
        String f = spec.field();
        if (spec.all() != null) {
            List<Condition> parts = spec.all().stream().map(CompiledRule::condition).toList();
            return (values, asOf) -> parts.stream().allMatch(c -> c.test(values, asOf));
        }
        if (spec.present() != null) {
            boolean wanted = spec.present();
            return (values, asOf) -> (field(values, f) != null) == wanted;
        }
        if (spec.equals() != null || spec.in() != null) {
            Set<String> accepted = (spec.in() != null ? spec.in() : List.of(spec.equals())).stream()
                    .map(CompiledRule::lookupKey).collect(Collectors.toUnmodifiableSet());
            return (values, asOf) -> {
                String v = field(values, f);
                return v != null && accepted.contains(lookupKey(v));
            };
        }
        if (spec.regex() != null) {
            Pattern p = Pattern.compile(spec.regex(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return (values, asOf) -> {
                String v = field(values, f);
                return v != null && p.matcher(v).find();
            };
        }
        if (spec.min() != null || spec.max() != null) {
            BigDecimal min = spec.min();
            BigDecimal max = spec.max();
            return (values, asOf) -> {
                Optional<BigDecimal> n = Optional.ofNullable(field(values, f)).flatMap(Values::parseAmount);
                return n.isPresent() && (min == null || n.get().compareTo(min) >= 0) && (max == null || n.get().compareTo(max) < 0);
            };
        }
        if (spec.daysSinceMin() != null || spec.daysSinceMax() != null) {
            Integer min = spec.daysSinceMin();
            Integer max = spec.daysSinceMax();
            return (values, asOf) -> {
                Optional<LocalDate> d = Optional.ofNullable(field(values, f)).flatMap(Values::parseDate);
                if (d.isEmpty()) {
                    return false;
                }
                long days = ChronoUnit.DAYS.between(d.get(), asOf);
                return (min == null || days >= min) && (max == null || days < max);
            };
        }
        throw new IllegalArgumentException("rule has no condition (the scheme validator should have caught this)");
    }
}
