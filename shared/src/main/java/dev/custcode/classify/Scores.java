package dev.custcode.classify;

import dev.custcode.normalize.Values;
import dev.custcode.scheme.Scheme;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A scheme's computed fields ({@code scores}): each the weighted sum of some amount and count
 * fields, added to a customer's values before the rules read them. Never stored: a score follows
 * its inputs and the scheme's weights.
 */
final class Scores {
    private Scores() {
    }

    /** The values with the scheme's scores added (the same map when the scheme has none). */
    static Map<String, String> with(Scheme scheme, Map<String, String> values) {
        if (scheme.scores().isEmpty()) {
            return values;
        }
        Map<String, String> out = new HashMap<>(values);
        scheme.scores().forEach((name, weights) -> score(weights, values).ifPresentOrElse(
                v -> out.put(name, v.stripTrailingZeros().toPlainString()), () -> out.remove(name)));
        return out;
    }

    /** The weighted sum, or nothing when none of its fields has a value. */
    static Optional<BigDecimal> score(Map<String, BigDecimal> weights, Map<String, String> values) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean any = false;
        for (var w : weights.entrySet()) {
            String v = CompiledRule.field(values, w.getKey());
            Optional<BigDecimal> n = v == null ? Optional.empty() : Values.parseAmount(v);
            if (n.isPresent()) {
                sum = sum.add(n.get().multiply(w.getValue()));
                any = true;
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }
}
