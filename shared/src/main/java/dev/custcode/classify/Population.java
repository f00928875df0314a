package dev.custcode.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.normalize.Values;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.RuleSpec;
import dev.custcode.scheme.Scheme;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the population rules of a scheme ({@code {"field":"amount","topPercent":20,"value":"a"}})
 * need to know about every customer at once: for each ranked field and percent, the threshold a
 * customer's value must reach to be in that top percent.
 *
 * <p>How a threshold is found: the customers with a value of the field (one that parses as a
 * number) are ranked from the highest value down; the top {@code p} % are the first
 * {@code ceil(n × p / 100)} of them, and the threshold is the value of the last one. Every customer
 * whose value reaches the threshold is in: a tie at the threshold brings all tied customers in, so
 * with equal values a tier may hold more than {@code p} %; with distinct values it holds exactly
 * that many. A customer without a value is never in a top percent (and is not counted in
 * {@code n}). Percents count from the top: "the top 20 % → A, the next 30 % → B" is
 * {@code topPercent: 20 → a} followed by {@code topPercent: 50 → b}.
 *
 * <p>Thresholds are found by a re-evaluation run over every filed customer and written to its
 * report; between runs, an import classifies with the thresholds of the latest run (none before the
 * first: the rule then does not match and later rules decide).
 */
public final class Population {
    private static final Population NONE = new Population(Map.of());

    /** {@code field:percent} → threshold. */
    private final Map<String, Double> thresholds;

    private Population(Map<String, Double> thresholds) {
        this.thresholds = Map.copyOf(thresholds);
    }

    /** No thresholds known: population rules do not match. */
    public static Population none() {
        return NONE;
    }

    /** Thresholds as a run's report or {@code evaluations/latest.json} write them ({@code {"amount:20": 88000}}); none when not an object. */
    public static Population of(JsonNode thresholds) {
        Map<String, BigDecimal> t = new TreeMap<>();
        if (thresholds != null && thresholds.isObject()) {
            thresholds.fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().decimalValue()));
        }
        return of(t);
    }

    /** Thresholds as a run reported them ({@link #thresholds()}). */
    public static Population of(Map<String, BigDecimal> thresholds) {
        Map<String, Double> t = new TreeMap<>();
        thresholds.forEach((k, v) -> t.put(k, v.doubleValue()));
        return new Population(t);
    }

    /**
     * A value's quintile (1 … 5) in the population of a scheme's quintile field {@code name}, or
     * null when the value is absent or no run ranked it yet. Quintile k holds the ranks
     * {@code (k-1)·n/5 < r ≤ k·n/5} counted from the lowest value; a value reaching the lowest
     * value of a quintile is in it (ties share the higher one).
     */
    Integer quintile(String name, double value) {
        if (!thresholds.containsKey(name + ":q2")) {
            return null;
        }
        int q = 1;
        for (int k = 2; k <= 5; k++) {
            Double cut = thresholds.get(name + ":q" + k);
            if (cut != null && value >= cut) {
                q = k;
            }
        }
        return q;
    }

    /** The threshold of a rule, if known. */
    Optional<Double> threshold(String field, BigDecimal percent) {
        return Optional.ofNullable(thresholds.get(key(field, percent)));
    }

    /** {@code field:percent} → threshold, for reports (and {@link #of}). */
    public Map<String, BigDecimal> thresholds() {
        Map<String, BigDecimal> out = new TreeMap<>();
        thresholds.forEach((k, v) -> out.put(k, new BigDecimal(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString())));
        return out;
    }

    static String key(String field, BigDecimal percent) {
        return field + ":" + percent.stripTrailingZeros().toPlainString();
    }

    /** The population rules of a scheme, field → the percents asked of it. */
    public static Map<String, List<BigDecimal>> rules(Scheme scheme) {
        Map<String, List<BigDecimal>> out = new LinkedHashMap<>();
        for (DimensionSpec d : scheme.dimensions()) {
            d.rules().forEach(r -> collect(r, out));
        }
        return out;
    }

    private static void collect(RuleSpec r, Map<String, List<BigDecimal>> out) {
        if (r == null) {
            return;
        }
        if (r.topPercent() != null) {
            List<BigDecimal> percents = out.computeIfAbsent(r.field(), f -> new ArrayList<>());
            if (percents.stream().noneMatch(p -> p.compareTo(r.topPercent()) == 0)) {
                percents.add(r.topPercent());
            }
        }
        if (r.all() != null) {
            r.all().forEach(inner -> collect(inner, out));
        }
    }

    /**
     * A value as the population ranks it: an amount or count as its number, a date as the number
     * {@code yyyymmdd} (so later dates rank higher and thresholds read as dates).
     */
    static Optional<Double> number(Scheme scheme, String field, Map<String, String> values) {
        String v = CompiledRule.field(values, field);
        if (v == null) {
            return Optional.empty();
        }
        var spec = scheme.fields().get(field);
        if (spec != null && spec.fieldType() == dev.custcode.scheme.FieldType.DATE) {
            return Values.parseDate(v).map(d -> (double) (d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth()));
        }
        return Values.parseAmount(v).map(BigDecimal::doubleValue);
    }

    /** Collects every customer's values of the ranked fields; thread-safe per instance only if used from one thread. */
    public static final class Ranking {
        private final Scheme scheme;
        private final FieldAliases aliases;
        private final Map<String, List<BigDecimal>> rules;
        private final Map<String, double[]> values = new LinkedHashMap<>();
        private final Map<String, Integer> sizes = new LinkedHashMap<>();

        public Ranking(Scheme scheme) {
            this.scheme = scheme;
            this.aliases = FieldAliases.of(scheme);
            this.rules = rules(scheme);
            java.util.Set<String> ranked = new java.util.LinkedHashSet<>(rules.keySet());
            ranked.addAll(scheme.quintiles().values());
            ranked.forEach(f -> {
                values.put(f, new double[1024]);
                sizes.put(f, 0);
            });
        }

        /** Whether the scheme has population rules or quintiles at all (else no ranking pass is needed). */
        public boolean needed() {
            return !values.isEmpty();
        }

        /** Counts one customer's values (attributes, as stored). */
        public void add(Map<String, String> stored) {
            Map<String, String> attributes = Scores.with(scheme, aliases.apply(stored));
            for (String field : values.keySet()) {
                Optional<Double> n = number(scheme, field, attributes);
                if (n.isPresent()) {
                    int size = sizes.get(field);
                    double[] a = values.get(field);
                    if (size == a.length) {
                        a = Arrays.copyOf(a, a.length * 2);
                        values.put(field, a);
                    }
                    a[size] = n.get();
                    sizes.put(field, size + 1);
                }
            }
        }

        /** Adds what another ranking collected (one per scan segment). */
        public void addAll(Ranking other) {
            other.values.forEach((field, a) -> {
                int n = other.sizes.get(field);
                for (int i = 0; i < n; i++) {
                    int size = sizes.get(field);
                    double[] mine = values.get(field);
                    if (size == mine.length) {
                        mine = Arrays.copyOf(mine, mine.length * 2);
                        values.put(field, mine);
                    }
                    mine[size] = a[i];
                    sizes.put(field, size + 1);
                }
            });
        }

        /** The thresholds of every population rule (a rule over a field nobody has a value of gets none). */
        public Population thresholds() {
            Map<String, Double> t = new TreeMap<>();
            rules.forEach((field, percents) -> {
                int n = sizes.get(field);
                if (n == 0) {
                    return;
                }
                double[] sorted = Arrays.copyOf(values.get(field), n);
                Arrays.sort(sorted);
                for (BigDecimal p : percents) {
                    long top = p.multiply(BigDecimal.valueOf(n)).divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.CEILING)
                            .longValueExact();
                    int rank = (int) Math.max(1, Math.min(n, top));
                    t.put(key(field, p), sorted[n - rank]);
                }
            });
            scheme.quintiles().forEach((name, field) -> {
                int n = sizes.getOrDefault(field, 0);
                if (n == 0) {
                    return;
                }
                double[] sorted = Arrays.copyOf(values.get(field), n);
                Arrays.sort(sorted);
                for (int k = 2; k <= 5; k++) {
                    t.put(name + ":q" + k, sorted[(int) ((long) (k - 1) * n / 5)]);
                }
            });
            return new Population(t);
        }
    }
}
