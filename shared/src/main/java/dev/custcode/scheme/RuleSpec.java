package dev.custcode.scheme;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One rule of a dimension, as written in the scheme. Exactly one condition kind is set:
 *
 * <ul>
 *   <li>{@code table}: look the field's value up in a named table of the scheme → group key</li>
 *   <li>{@code map}: an inline lookup table → group key</li>
 *   <li>{@code equals} / {@code in}: the value equals one of these (case-insensitive) → {@code value}</li>
 *   <li>{@code regex}: the value matches (find, case-insensitive) → {@code value}</li>
 *   <li>{@code min} / {@code max}: numeric range, min inclusive, max exclusive → {@code value}</li>
 *   <li>{@code daysSinceMin} / {@code daysSinceMax}: days between a date field and the "as of" date</li>
 *   <li>{@code present}: the field is non-empty (true) or empty (false) → {@code value}</li>
 *   <li>{@code all}: every nested condition holds → {@code value}</li>
 * </ul>
 */
public record RuleSpec(
        String field,
        String table,
        Map<String, String> map,
        String equals,
        List<String> in,
        String regex,
        BigDecimal min,
        BigDecimal max,
        Integer daysSinceMin,
        Integer daysSinceMax,
        Boolean present,
        List<RuleSpec> all,
        String value) {
}
