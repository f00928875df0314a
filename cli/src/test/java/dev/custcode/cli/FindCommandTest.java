package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code custcode find} tries each kind of key a query can be, as the API answers them. */
class FindCommandTest {
    private static final String T = "{\"customers\":[{\"code\":\"EPZ000129\",\"name\":\"数字编号客户\",\"folder\":\"east\"}]}";
    private static final String NONE = "{\"customers\":[]}";

    @Test
    void anIdOfDigitsOnlyIsFoundAfterThePhoneLookupFindsNoneOrRefusesIt() throws Exception {
        List<String> asked = new ArrayList<>();
        try (StubStack stack = new StubStack((method, path, query, body) -> {
            asked.add(query);
            if ("phone=000777".equals(query)) {
                return new StubStack.Answer(400, "{\"status\":400,\"detail\":\"\\\"000777\\\" is not a phone number\"}",
                        java.util.Map.of("Content-Type", "application/problem+json"));
            }
            return StubStack.Answer.json("sourceId=100234".equals(query) || "sourceId=000777".equals(query) ? T : NONE);
        })) {
            StubStack.Run digits = stack.run("find", "100234");
            assertThat(digits.exit()).as(digits.err()).isZero();
            assertThat(digits.out()).contains("EPZ000129");
            assertThat(asked).containsExactly("phone=100234", "sourceId=100234");

            asked.clear();
            StubStack.Run zeros = stack.run("find", "000777");
            assertThat(zeros.exit()).as(zeros.err()).isZero();
            assertThat(zeros.out()).contains("EPZ000129");
            assertThat(asked).containsExactly("phone=000777", "sourceId=000777");
        }
    }

    /** QA: a Chinese field name took two columns a character, and the values after it fell out of line. */
    @Test
    void fieldNamesInChineseAreAlignedByTheColumnsTheyTake() {
        assertThat(FindCommand.padded("备注", 14)).isEqualTo("备注" + " ".repeat(10));
        assertThat(FindCommand.padded("email", 14)).hasSize(14);
        assertThat(FindCommand.padded("고객메모", 14)).isEqualTo("고객메모" + " ".repeat(6));
        assertThat(FindCommand.padded("a-very-long-field-name", 14)).isEqualTo("a-very-long-field-name");
    }
}
