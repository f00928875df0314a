package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.scheme.SchemeLoader;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A scheme regex stops after a bounded number of steps, whatever its text; ordinary ones answer as before. */
class BoundedMatchTest {

    @ParameterizedTest
    @ValueSource(strings = {".*.*.*.*.*.*.*.*.*.*.*.*=", "\\d+\\d+\\d+\\d+\\d+\\d+\\d+\\d+\\d+x", "(.*a){30}"})
    void aRegexTheValidatorCannotSeeThroughGivesUpInsteadOfRunningForHours(String regex) {
        String cell = (regex.contains("\\d") ? "1" : "x").repeat(200) + (regex.contains("a") ? "a".repeat(25) : "");

        assertThat(BoundedMatch.find(Pattern.compile(regex), cell)).isEqualTo(BoundedMatch.Outcome.GAVE_UP);
    }

    @Test
    void ordinaryRegexesOnLongCellsStillAnswer() {
        String longName = "杭".repeat(997) + "有限公司";
        assertThat(BoundedMatch.find(Pattern.compile("(公司|有限|集团|Ltd\\.?|Limited)[\\s)）]*$"), longName)).isEqualTo(BoundedMatch.Outcome.MATCHED);
        assertThat(BoundedMatch.find(Pattern.compile(".*公司.*"), "y".repeat(1000))).isEqualTo(BoundedMatch.Outcome.NOT_MATCHED);
        assertThat(BoundedMatch.find(Pattern.compile("\\s*$"), " ".repeat(500) + "x")).isEqualTo(BoundedMatch.Outcome.MATCHED);
        assertThat(BoundedMatch.find(Pattern.compile("^1[3-9]\\d{9}$"), "13800138000")).isEqualTo(BoundedMatch.Outcome.MATCHED);
    }

    @Test
    void aRuleWhoseRegexGivesUpDoesNotMatchAndTheNextRuleDecides() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(SchemeLoader.defaultSchemeJson());
        ArrayNode typeRules = (ArrayNode) doc.get("dimensions").get(1).get("rules");
        typeRules.insert(0, json.createObjectNode().put("field", "memo").put("regex", ".*.*.*.*.*.*.*.*.*.*.*.*=").put("value", "enterprise"));
        Classifier classifier = new Classifier(SchemeLoader.parse(json.writeValueAsBytes(doc)));

        long t0 = System.nanoTime();
        String hostile = classifier.classify(Map.of("name", "李雷", "memo", "x".repeat(1000)), LocalDate.of(2026, 12, 2)).values().get("type").key();
        String matching = classifier.classify(Map.of("name", "李雷", "memo", "a=b"), LocalDate.of(2026, 12, 2)).values().get("type").key();

        assertThat(hostile).isEqualTo("personal");
        assertThat(matching).isEqualTo("enterprise");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("milliseconds for both, where the regex alone never finishes").isLessThan(10_000);
    }
}
