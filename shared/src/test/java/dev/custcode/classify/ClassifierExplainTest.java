package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeLoader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Why each dimension of the default scheme takes its value: the rule, what it read, the default otherwise. */
class ClassifierExplainTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);
    private final Classifier classifier = new Classifier(SchemeLoader.defaultScheme());

    private Map<String, Classifier.Explanation> explain(Map<String, String> values) {
        return classifier.explain(values, AS_OF).stream().collect(Collectors.toMap(Classifier.Explanation::dimension, e -> e));
    }

    @Test
    void everyDimensionOfTheDefaultSchemeSaysWhichRuleDecidedAndWhatItRead() {
        Map<String, String> row = Map.of("name", "杭州青木贸易有限公司", "city", "杭州市", "channel", "直销",
                "amount", "150000", "orders", "12", "lastOrderDate", "2026-10-01");
        Map<String, Classifier.Explanation> e = explain(row);

        assertThat(classifier.explain(row, AS_OF)).extracting(Classifier.Explanation::dimension)
                .containsExactly("region", "type", "channel", "tier", "lifecycle", "importance");
        // The province is missing: the second rule (the cities table) decided.
        assertThat(e.get("region")).satisfies(x -> {
            assertThat(x.value()).isEqualTo("east");
            assertThat(x.rule()).isEqualTo(2);
            assertThat(x.read()).containsExactlyInAnyOrderEntriesOf(Map.of("city", "杭州市"));
            assertThat(x.because()).isEqualTo("rule 2: table cities on city → east");
            assertThat(x.written().table()).isEqualTo("cities");
        });
        // No type column, no tax id, no company: the name's legal form made it an enterprise.
        assertThat(e.get("type").rule()).isEqualTo(4);
        assertThat(e.get("type").because()).startsWith("rule 4: name matches /(公司|有限").endsWith(" → enterprise");
        assertThat(e.get("type").read()).containsEntry("name", "杭州青木贸易有限公司");
        assertThat(e.get("channel").because()).isEqualTo("rule 1: map on channel → " + e.get("channel").value());
        // QA: the whole map of a hundred synonyms was repeated for every customer: only the entry that matched.
        assertThat(explain(Map.of("name", "x", "channel", "电话销售")).get("channel").written().map()).isEqualTo(Map.of("电话销售", "direct"));
        // 直销 is the label of direct itself, no entry of the map: the rule as written.
        assertThat(e.get("tier")).satisfies(x -> {
            assertThat(x.value()).isEqualTo("a");
            assertThat(x.because()).isEqualTo("rule 1: amount ≥ 100000 → a");
            assertThat(x.read()).containsExactlyInAnyOrderEntriesOf(Map.of("amount", "150000"));
        });
        assertThat(e.get("lifecycle").because()).isEqualTo("rule 2: orders ≥ 10 → loyal");
        assertThat(e.get("importance").read()).containsKey("valueScore");
        // The explanation and the classification agree on every dimension.
        Classification c = classifier.classify(row, AS_OF);
        e.forEach((d, x) -> assertThat(x.value()).as(d).isEqualTo(c.values().get(d).key()));
    }

    @Test
    void aDimensionNoRuleDecidesFallsBackToItsDefaultAndListsEveryFieldItsRulesRead() {
        Map<String, Classifier.Explanation> e = explain(Map.of("name", "张三"));

        assertThat(e.get("region")).satisfies(x -> {
            assertThat(x.value()).isEqualTo("unknown");
            assertThat(x.rule()).isNull();
            assertThat(x.written()).isNull();
            assertThat(x.because()).isEqualTo("no rule decided: the default unknown");
            assertThat(x.read()).containsOnlyKeys("province", "city", "address", "country").containsValue(null);
        });
        assertThat(e.get("lifecycle").because()).isEqualTo("no rule decided: the default potential");
        assertThat(e.get("lifecycle").read()).containsOnlyKeys("orders", "lastOrderDate");
    }

    @Test
    void timeRulesAndCombinedConditionsAreSpelledOut() {
        Map<String, Classifier.Explanation> e = explain(Map.of("name", "x", "orders", "3", "lastOrderDate", "2024-01-15"));

        assertThat(e.get("lifecycle").because()).isEqualTo("rule 1: all of (orders ≥ 1 and days since lastOrderDate ≥ 365) → churned");
        assertThat(e.get("lifecycle").read()).containsExactlyInAnyOrderEntriesOf(Map.of("orders", "3", "lastOrderDate", "2024-01-15"));
        assertThat(List.of(e.get("tier").because())).containsExactly("no rule decided on what orders holds: the default c");
        // QA: a value no map knows fell back without a word of which value it was; the field is named (its value is in read).
        Map<String, Classifier.Explanation> unknown = explain(Map.of("name", "x", "type", "Reederei", "channel", "Schifffahrt"));
        assertThat(unknown.get("channel").because()).isEqualTo("no rule decided on what channel holds: the default unspecified");
        assertThat(unknown.get("channel").read()).containsEntry("channel", "Schifffahrt");
    }
}
