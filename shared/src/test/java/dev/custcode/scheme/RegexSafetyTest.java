package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scheme validator refuses regexes that cannot be evaluated safely (length, backreferences, nested repetition). */
class RegexSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+", "(a*)*", "(a|a)*", "(\\d+-)*x", "((a+))+", "((a+)?)+", "(?:ab|cd)+$", "(a{1,5}){2,}", "(?i)(x+y?)*z",
            "(.*a){30}", "(x|x){30}", "(-\\d+){2}"})
    void nestedRepetitionIsRefused(String regex) {
        assertThat(RegexSafety.problem(regex)).contains("repeats a group that itself repeats or alternates");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(公司|有限|集团|厂|事务所|Ltd\\.?|Limited|Inc\\.?|LLC|GmbH|Corp\\.?|Corporation|Company|Co\\.|PLC|S\\.A\\.|B\\.V\\.)[\\s)）\\]】]*$",
            "^1[3-9]\\d{9}$", "(a+)?", "(-\\d+)?$", "(ab){3}", "(\\d{3}-){2}\\d{4}", "[(a+)]+", "\\(a+\\)+", "(a|b)", "^\\Q(a+)+\\E$", "x{2,}y+"})
    void ordinaryRegexesAreAccepted(String regex) {
        assertThat(RegexSafety.problem(regex)).isNull();
    }

    @Test
    void backreferencesAndLongRegexesAreRefused() {
        assertThat(RegexSafety.problem("(a)\\1")).contains("backreference (\\1)");
        assertThat(RegexSafety.problem("(?<x>a)\\k<x>")).contains("backreference (\\k)");
        assertThat(RegexSafety.problem("\\\\1")).as("an escaped backslash then 1").isNull();
        assertThat(RegexSafety.problem("a".repeat(201))).isEqualTo("is 201 characters long; at most 200 are allowed");
        assertThat(RegexSafety.problem("a".repeat(200))).isNull();
    }

    @Test
    void theValidatorReportsTheRuleByJsonPath() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
        String path = null;
        for (int d = 0; d < doc.get("dimensions").size() && path == null; d++) {
            JsonNode rules = doc.get("dimensions").get(d).get("rules");
            for (int r = 0; rules != null && r < rules.size(); r++) {
                if (rules.get(r).has("regex")) {
                    ((ObjectNode) rules.get(r)).put("regex", "(公司+)+$");
                    path = "$.dimensions[" + d + "].rules[" + r + "].regex";
                    break;
                }
            }
        }
        assertThat(path).isNotNull();
        byte[] bytes = JSON.writeValueAsBytes(doc);
        InvalidSchemeException e = catchThrowableOfType(InvalidSchemeException.class, () -> SchemeLoader.parse(bytes));
        assertThat(e.errors()).extracting(SchemeError::path).containsExactly(path);
        assertThat(e.errors().get(0).problem()).startsWith("cannot be evaluated safely: it repeats a group");
    }

    @Test
    void theDefaultSchemeAndTheNorthSouthExampleStillValidate() throws Exception {
        SchemeLoader.parse(SchemeLoader.defaultSchemeJson());
        Path p = Path.of("../examples/north-south-scheme.json");
        SchemeLoader.parse(Files.readAllBytes(Files.exists(p) ? p : Path.of("examples/north-south-scheme.json")));
    }
}
