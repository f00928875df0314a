package dev.custcode.classify;

import dev.custcode.normalize.Countries;
import dev.custcode.normalize.Values;
import dev.custcode.normalize.Text;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.RuleSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A scheme rule turned into a function from field values to a group key (or null when it does not apply). */
abstract class CompiledRule {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompiledRule.class);

    /** The group key this rule gives for these values, or {@code null}. */
    abstract String decide(Map<String, String> values, LocalDate asOf);

    static CompiledRule compile(RuleSpec spec, Map<String, Map<String, String>> tables, DimensionSpec dimension, Population population) {
        if (spec.table() != null) {
            Map<String, String> table = tables.getOrDefault(spec.table(), Map.of());
            return RuleSpec.MATCH_PREFIX.equals(spec.match())
                    ? new PrefixLookup(spec.field(), table)
                    : new TableLookup(spec.field(), table);
        }
        if (spec.map() != null) {
            return new MapLookup(spec.field(), spec.map(), dimension.values());
        }
        Condition condition = condition(spec, population);
        String value = spec.value();
        return new CompiledRule() {
            @Override
            String decide(Map<String, String> values, LocalDate asOf) {
                return condition.test(values, asOf) ? value : null;
            }
        };
    }

    /**
     * Characters of a cell a scheme regex sees: the first 1,000. Even a regex the scheme
     * validator accepts can be quadratic ({@code \s*$} searched with {@code find()}), so its
     * input is bounded: a name, company or category longer than this is not a real one.
     */
    static final int MAX_MATCH_CHARS = 1_000;

    /** The part of a value a regex rule is matched against: at most {@link #MAX_MATCH_CHARS} characters. */
    static CharSequence matchable(String v) {
        return v.length() <= MAX_MATCH_CHARS ? v : v.substring(0, MAX_MATCH_CHARS);
    }

    /** Values are looked up case-insensitively, traditional Chinese as simplified ({@code 廣東省} is {@code 广东省}), after the same normalization as cells. */
    /** A field's value: by canonical field name, else by (normalized) column header. */
    static String field(Map<String, String> values, String field) {
        String v = values.get(field);
        return v != null ? v : values.get(HeaderNames.normalize(field));
    }

    /**
     * A table or map rule: it reads one field and either knows the value (→ group key) or not.
     * Lookups do not depend on the "as of" date, so {@link Classifier#check} can ask them again.
     */
    abstract static class Lookup extends CompiledRule {
        final String field;
        final Map<String, String> table = new HashMap<>();

        Lookup(String field, Map<String, String> source) {
            this.field = field;
            source.forEach((k, v) -> {
                if (k != null && v != null) {
                    table.putIfAbsent(Text.lookupKey(k), v);
                }
            });
        }

        /** The group key for this cell value, or null when the table does not know it. */
        abstract String lookup(String value);

        final String field() {
            return field;
        }

        @Override
        final String decide(Map<String, String> values, LocalDate asOf) {
            String v = field(values, field);
            return v == null ? null : lookup(v);
        }
    }

    /**
     * An inline map, which also reads back every value's key, folder and label (explicit entries win).
     * A value it does not know as written is looked up again without its spaces, hyphens and
     * underscores, as its keys are: {@code To B} is {@code toB}, {@code 公司 客户} is {@code 公司客户}.
     */
    static final class MapLookup extends Lookup {
        private final Map<String, String> joined = new HashMap<>();
        /** The map's entries as written, then each value's spellings ({@code 直销}, {@code Direct}) as an entry. */
        private final Map<String, String> entries = new java.util.LinkedHashMap<>();

        MapLookup(String field, Map<String, String> map, List<GroupValue> values) {
            super(field, map);
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    entries.put(k, v);
                }
            });
            for (GroupValue v : values) {
                for (String spelling : Labels.spellings(v)) {
                    table.putIfAbsent(Text.lookupKey(spelling), v.key());
                    entries.putIfAbsent(spelling, v.key());
                }
            }
            table.forEach((k, v) -> joined.putIfAbsent(joined(k), v));
        }

        @Override
        String lookup(String value) {
            String k = Text.lookupKey(value);
            String found = table.get(k);
            return found != null ? found : joined.get(joined(k));
        }

        /**
         * The entries a value matches, as the scheme writes them (or a value's label it matches, {@code 直销} of
         * {@code 直销 Direct}), as {@link #lookup} matches them: as written, else without separators.
         */
        Map<String, String> entriesMatching(String value) {
            String k = Text.lookupKey(value);
            String key = lookup(value);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            boolean exact = table.containsKey(k);
            entries.forEach((spelling, v) -> {
                String sk = Text.lookupKey(spelling);
                if (v.equals(key) && (exact ? sk.equals(k) : joined(sk).equals(joined(k)))) {
                    out.put(spelling, v);
                }
            });
            return out;
        }

        private static String joined(String key) {
            return SEPARATORS.matcher(key).replaceAll("");
        }

        private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s_-]+");
    }

    /**
     * A named table, matched on the whole value; administrative suffixes the key lacks are tolerated.
     * On the {@code country} field a value it does not know as written is looked up as the country it
     * names ({@link Countries}): {@code Deutschland} or {@code DE} finds the table's {@code Germany}.
     */
    static final class TableLookup extends Lookup {
        private final Map<String, String> source;
        /** ISO code of each country the table names → its group key: made at the first value not known as written. */
        private volatile Map<String, String> byCountry;

        TableLookup(String field, Map<String, String> source) {
            super(field, source);
            this.source = COUNTRY.equals(field) ? source : Map.of();
        }

        private Map<String, String> byCountry() {
            Map<String, String> made = byCountry;
            if (made == null) {
                Map<String, String> out = new HashMap<>();
                source.forEach((k, v) -> {
                    if (k != null && v != null) {
                        Countries.iso(k).ifPresent(iso -> out.putIfAbsent(iso, v));
                    }
                });
                byCountry = made = Map.copyOf(out);
            }
            return made;
        }

        @Override
        String lookup(String value) {
            String k = Text.lookupKey(value);
            String found = table.get(k);
            if (found != null) {
                return found;
            }
            for (String suffix : SUFFIXES) {
                if (k.endsWith(suffix) && k.length() - suffix.length() >= 2) {
                    found = table.get(k.substring(0, k.length() - suffix.length()).stripTrailing());
                    if (found != null) {
                        return found;
                    }
                }
            }
            return source.isEmpty() ? null : Countries.named(value).map(byCountry()::get).orElse(null);
        }
    }

    private static final String COUNTRY = "country";

    /** Longest first, so 自治区 is tried before 区-less forms; Latin ones with their space. */
    private static final List<String> SUFFIXES = List.of("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟", "州",
            " province", " city", " sar");
    /** A name followed by one of these is a district, street or village named after the place, not the place. */
    private static final String NOT_A_PLACE_AFTER = "区县镇乡村路街道巷";
    private static final List<String> COUNTRY_PREFIXES = List.of("中华人民共和国", "中国", "p.r.china", "p.r. china", "prc", "china");

    /** A named table matched against the start of the value: the longest key wins ({@code 浙江省杭州市…} → 浙江). */
    static final class PrefixLookup extends Lookup {
        private final int longest;

        PrefixLookup(String field, Map<String, String> source) {
            super(field, source);
            this.longest = table.keySet().stream().mapToInt(String::length).max().orElse(0);
        }

        @Override
        String lookup(String value) {
            String v = skipSeparators(Text.lookupKey(value), 0);
            for (String country : COUNTRY_PREFIXES) {
                if (v.startsWith(country) && v.length() > country.length() && boundary(v, country.length())) {
                    v = skipSeparators(v, country.length());
                    break;
                }
            }
            for (int len = Math.min(longest, v.length()); len > 0; len--) {
                String found = table.get(v.substring(0, len));
                if (found != null && boundary(v, len)) {
                    return found;
                }
            }
            return null;
        }

        private static String skipSeparators(String s, int from) {
            int i = from;
            while (i < s.length() && " ,，;；:：/-|·".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return s.substring(i);
        }

        /** Whether a name ending at {@code end} stands on its own (see {@link RuleSpec#MATCH_PREFIX}). */
        private static boolean boundary(String s, int end) {
            if (end >= s.length()) {
                return true;
            }
            char last = s.charAt(end - 1);
            char next = s.charAt(end);
            if (Character.isLetterOrDigit(last) && last < 0x2E80) {
                return !(Character.isLetterOrDigit(next) && next < 0x2E80);
            }
            return NOT_A_PLACE_AFTER.indexOf(next) < 0;
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean test(Map<String, String> values, LocalDate asOf);
    }

    private static Condition condition(RuleSpec spec, Population population) {
        String f = spec.field();
        if (spec.all() != null) {
            List<Condition> parts = spec.all().stream().map(inner -> condition(inner, population)).toList();
            return (values, asOf) -> parts.stream().allMatch(c -> c.test(values, asOf));
        }
        if (spec.topPercent() != null) {
            Optional<Double> threshold = population.threshold(f, spec.topPercent());
            if (threshold.isEmpty()) {
                return (values, asOf) -> false;
            }
            double t = threshold.get();
            return (values, asOf) -> {
                Optional<BigDecimal> n = Optional.ofNullable(field(values, f)).flatMap(Values::parseAmount);
                return n.isPresent() && n.get().doubleValue() >= t;
            };
        }
        if (spec.present() != null) {
            boolean wanted = spec.present();
            return (values, asOf) -> (field(values, f) != null) == wanted;
        }
        if (spec.equals() != null || spec.in() != null) {
            Set<String> accepted = (spec.in() != null ? spec.in() : List.of(spec.equals())).stream()
                    .map(Text::lookupKey).collect(Collectors.toUnmodifiableSet());
            return (values, asOf) -> {
                String v = field(values, f);
                return v != null && accepted.contains(Text.lookupKey(v));
            };
        }
        if (spec.regex() != null) {
            Pattern p = Pattern.compile(spec.regex(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
            return (values, asOf) -> {
                String v = field(values, f);
                if (v == null) {
                    return false;
                }
                BoundedMatch.Outcome outcome = BoundedMatch.find(p, matchable(v));
                if (outcome == BoundedMatch.Outcome.GAVE_UP && told.compareAndSet(false, true)) {
                    LOG.warn("the regex /{}/ on {} gave up after {} steps on a {}-character value and counts as not matching"
                            + " (said once per scheme load); simplify it", spec.regex(), f, BoundedMatch.MAX_STEPS, v.length());
                }
                return outcome == BoundedMatch.Outcome.MATCHED;
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
