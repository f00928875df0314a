package dev.custcode.classify;

import dev.custcode.scheme.RuleSpec;
import java.math.BigDecimal;
import java.util.stream.Collectors;

/**
 * A scheme rule's condition in words, for explanations: {@code table regions on province (prefix
 * match)}, {@code amount ≥ 500000}, {@code days since lastOrder < 180}, {@code amount in the top
 * 20 % (≥ 88000)}.
 */
final class RuleText {
    private RuleText() {
    }

    static String of(RuleSpec r, Population population) {
        String f = r.field();
        if (r.all() != null && !r.all().isEmpty()) {
            return r.all().stream().map(x -> of(x, population)).collect(Collectors.joining(" and ", "all of (", ")"));
        }
        if (r.table() != null) {
            return "table " + r.table() + " on " + f + (RuleSpec.MATCH_PREFIX.equals(r.match()) ? " (prefix match)" : "");
        }
        if (r.map() != null) {
            return "map on " + f;
        }
        if (r.equals() != null) {
            return f + " = " + r.equals();
        }
        if (r.in() != null) {
            return f + " is one of " + String.join(", ", r.in());
        }
        if (r.regex() != null) {
            return f + " matches /" + r.regex() + "/";
        }
        if (r.topPercent() != null) {
            String cut = population.threshold(f, r.topPercent()).map(t -> " (≥ " + plain(BigDecimal.valueOf(t)) + ")")
                    .orElse(" (no re-evaluation has ranked the population yet)");
            return f + " in the top " + plain(r.topPercent()) + " %" + cut;
        }
        if (r.daysSinceMin() != null || r.daysSinceMax() != null) {
            return range("days since " + f, r.daysSinceMin() == null ? null : BigDecimal.valueOf(r.daysSinceMin()),
                    r.daysSinceMax() == null ? null : BigDecimal.valueOf(r.daysSinceMax()));
        }
        if (r.min() != null || r.max() != null) {
            return range(f, r.min(), r.max());
        }
        if (r.present() != null) {
            return f + (r.present() ? " is given" : " is empty");
        }
        return "always";
    }

    private static String range(String what, BigDecimal min, BigDecimal max) {
        if (min != null && max != null) {
            return plain(min) + " ≤ " + what + " < " + plain(max);
        }
        return min != null ? what + " ≥ " + plain(min) : what + " < " + plain(max);
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }
}
