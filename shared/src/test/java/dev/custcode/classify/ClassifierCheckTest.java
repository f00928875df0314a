package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.custcode.scheme.SchemeLoader;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Classifier#check} (values present but not understood) and {@link Classifier#equivalent}. */
class ClassifierCheckTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);
    private final Classifier classifier = new Classifier(SchemeLoader.defaultScheme());

    private java.util.List<ValueWarning> check(Map<String, String> values) {
        return classifier.check(values, classifier.classify(values, AS_OF));
    }

    @Test
    void understoodValuesGiveNoWarnings() {
        assertThat(check(Map.of("name", "北京星河科技有限公司", "province", "北京", "city", "北京", "type", "企业客户",
                "channel", "线上 Online", "amount", "¥1,280,000", "orders", "1,200", "lastOrderDate", "2026/3/5",
                "firstDate", "2024年1月2日", "country", "China"))).isEmpty();
    }

    @Test
    void typedValuesThatDoNotParseAreIgnoredWithAWarning() {
        assertThat(check(Map.of("name", "x", "amount", "about 5k", "orders", "1.5", "lastOrderDate", "last spring",
                "firstDate", "2024-02-30")))
                .containsExactly(
                        new ValueWarning("amount", "about 5k", "not an amount" + Classifier.NOT_UNDERSTOOD),
                        new ValueWarning("firstDate", "2024-02-30", "not a date" + Classifier.NOT_UNDERSTOOD),
                        new ValueWarning("lastOrderDate", "last spring", "not a date" + Classifier.NOT_UNDERSTOOD),
                        new ValueWarning("orders", "1.5", "not a whole number" + Classifier.NOT_UNDERSTOOD));
        assertThat(check(Map.of("name", "x", "orders", "-3"))).extracting(ValueWarning::action)
                .containsExactly("not a whole number" + Classifier.NOT_UNDERSTOOD);
    }

    @Test
    void aDecimalCommaAmountIsWarnedLikeADottedThousandsOne() {
        for (String amount : java.util.List.of("12345,67", "1,23", "1.234.567,89")) {
            assertThat(check(Map.of("name", "x", "amount", amount)))
                    .containsExactly(new ValueWarning("amount", amount, "not an amount" + Classifier.NOT_UNDERSTOOD));
        }
    }

    @Test
    void mapValueNoEntryKnowsNamesWhatTheDimensionTookInstead() {
        assertThat(check(Map.of("name", "王小明", "type", "VIP")))
                .containsExactly(new ValueWarning("type", "VIP", "type taken from other rules: personal"));
        assertThat(check(Map.of("name", "王小明", "type", "VIP", "taxId", "91440300MA5F")))
                .containsExactly(new ValueWarning("type", "VIP", "type taken from other rules: enterprise"));
        assertThat(check(Map.of("name", "x", "channel", "telepathy")))
                .containsExactly(new ValueWarning("channel", "telepathy", "channel taken from other rules: unspecified"));
    }

    @Test
    void tableValueIsReportedOnlyWhenItsDimensionFellToTheDefault() {
        assertThat(check(Map.of("name", "x", "province", "火星")))
                .containsExactly(new ValueWarning("province", "火星", "region set to unknown"));
        // Another rule of the dimension decided: the unknown province is not worth a warning.
        assertThat(check(Map.of("name", "x", "province", "火星", "city", "杭州"))).isEmpty();
        assertThat(check(Map.of("name", "x", "city", "Gotham", "country", "Norway"))).isEmpty();
        assertThat(check(Map.of("name", "x", "city", "Gotham", "address", "1 Main St")))
                .containsExactly(new ValueWarning("city", "Gotham", "region set to unknown"),
                        new ValueWarning("address", "1 Main St", "region set to unknown"));
    }

    @Test
    void checkNeverThrows() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("amount", null);
        withNull.put("type", "");
        assertThatCode(() -> {
            classifier.check(null, null);
            classifier.check(Map.of(), null);
            classifier.check(withNull, null);
            classifier.check(Map.of("province", "\u0000\uFFFF", "amount", "(((", "orders", "9".repeat(40)), null);
        }).doesNotThrowAnyException();
        assertThat(classifier.check(Map.of("province", "火星"), null))
                .containsExactly(new ValueWarning("province", "火星", "region set to unknown"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "amount | ¥1,500,000 | 1500000 | true", "amount | 150万 | 1500000.00 | true", "amount | 1500000 | 1500001 | false",
            "amount | lots | 1500000 | false", "amount | lots | LOTS | false", "amount | lots |  lots  | true",
            "orders | 1,200 | 1200 | true", "orders | 12 | 13 | false",
            "lastOrderDate | 2024/3/5 | 2024-03-05 | true", "firstDate | 2024年3月5日 | 20240305 | true",
            "lastOrderDate | 2024-03-05 | 2024-03-06 | false",
            "type | 企业 | 企业客户 Enterprise | true", "type | Enterprise | corporate | true", "type | 企业 | 个人 | false",
            "channel | 线上 Online | 天猫 | true", "channel | telepathy | Telepathy | false",
            "name | ＡＢＣ  Ltd | ABC Ltd | true", "name | ABC Ltd | abc ltd | false"})
    void equivalentValues(String field, String a, String b, boolean same) {
        assertThat(classifier.equivalent(field, a, b)).isEqualTo(same);
        assertThat(classifier.equivalent(field, b, a)).isEqualTo(same);
    }

    @Test
    void equivalenceIsNullSafe() {
        assertThat(classifier.equivalent("amount", null, null)).isTrue();
        assertThat(classifier.equivalent("amount", null, "0")).isFalse();
        assertThat(classifier.equivalent("amount", "0", null)).isFalse();
        assertThat(classifier.equivalent(null, "a", "a")).isTrue();
    }
}
