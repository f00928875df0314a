package dev.custcode.scheme;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One rule of a dimension, as written in the scheme. Exactly one condition kind is set:
 *
 * <ul>
 *   <li>{@code table}: look the field's value up in a named table of the scheme → group key;
 *       with {@code "match": "prefix"}, the longest table key the value starts with decides
 *       ({@code 浙江省杭州市西湖区} → {@code 浙江}), see {@link #MATCH_PREFIX}</li>
 *   <li>{@code map}: an inline lookup table → group key. Besides its entries, a map also accepts
 *       each value of the dimension by its key, folder, label and each half of a bilingual label
 *       ({@code 企业客户 Enterprise}, {@code 企业客户}, {@code Enterprise}), so exported labels read
 *       back; explicit entries win</li>
 *   <li>{@code equals} / {@code in}: the value equals one of these (case-insensitive) → {@code value}</li>
 *   <li>{@code regex}: the value matches (find, case-insensitive) → {@code value}</li>
 *   <li>{@code min} / {@code max}: numeric range, min inclusive, max exclusive → {@code value}</li>
 *   <li>{@code daysSinceMin} / {@code daysSinceMax}: days between a date field and the "as of" date</li>
 *   <li>{@code present}: the field is non-empty (true) or empty (false) → {@code value}</li>
 *   <li>{@code all}: every nested condition holds → {@code value}</li>
 *   <li>{@code topPercent}: a population rule: the value is among the highest {@code topPercent} %
 *       of every filed customer's value of the field, as ranked by the latest re-evaluation run
 *       (see {@link dev.custcode.classify.Population}) → {@code value}</li>
 * </ul>
 *
 * <p>Table lookups ignore case and width and tolerate administrative suffixes the table key
 * lacks ({@code 苏州市} finds {@code 苏州}; also 省 自治区 特别行政区 自治州 地区 盟 州).
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
        String value,
        String match,
        BigDecimal topPercent) {

    /** The default for {@code match}: the whole value is the key. */
    public static final String MATCH_EXACT = "exact";
    /**
     * {@code match} option of a table rule: the longest table key at the start of the value, after
     * skipping a leading {@code 中国}/{@code China}. A CJK key must not be followed by 区 县 镇 乡 村 路
     * 街 道 巷 ({@code 南京路} is a street, {@code 朝阳区} a district), a Latin key not by a letter or digit.
     */
    public static final String MATCH_PREFIX = "prefix";

    /** A rule without a {@code match} option (the form before it existed). */
    public RuleSpec(String field, String table, Map<String, String> map, String equals, List<String> in, String regex,
                    BigDecimal min, BigDecimal max, Integer daysSinceMin, Integer daysSinceMax, Boolean present,
                    List<RuleSpec> all, String value) {
        this(field, table, map, equals, in, regex, min, max, daysSinceMin, daysSinceMax, present, all, value, null, null);
    }

    /** A rule without a population condition. */
    public RuleSpec(String field, String table, Map<String, String> map, String equals, List<String> in, String regex,
                    BigDecimal min, BigDecimal max, Integer daysSinceMin, Integer daysSinceMax, Boolean present,
                    List<RuleSpec> all, String value, String match) {
        this(field, table, map, equals, in, regex, min, max, daysSinceMin, daysSinceMax, present, all, value, match, null);
    }
}
