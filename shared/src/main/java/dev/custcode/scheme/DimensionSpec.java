package dev.custcode.scheme;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * One classification dimension (region, type, channel, tier …).
 *
 * @param name    the dimension's name, used in {@code folders} and in the code template
 * @param label   display label
 * @param coded   whether its letter is part of the customer code (codes never change, so only
 *                stable dimensions should be coded; tier and lifecycle are filed, not coded)
 * @param rules   evaluated in order; the first that matches decides the value
 * @param default the value key when no rule matches
 * @param values  the group values this dimension can take
 */
public record DimensionSpec(
        String name,
        String label,
        boolean coded,
        List<RuleSpec> rules,
        @JsonProperty("default") String defaultValue,
        List<GroupValue> values) {

    public DimensionSpec {
        rules = rules == null ? List.of() : List.copyOf(rules);
        values = values == null ? List.of() : List.copyOf(values);
    }

    public Optional<GroupValue> value(String key) {
        return values.stream().filter(v -> v.key().equals(key)).findFirst();
    }
}
