package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeTemplateTest {

    @Test
    void formatsPrefixAndZeroPaddedSequence() {
        CodeTemplate t = CodeTemplate.parse("{region}{type}{channel}{seq:6}");
        assertThat(t.dimensions()).containsExactly("region", "type", "channel");
        String prefix = t.prefix(Map.of("region", "N", "type", "E", "channel", "O"));
        assertThat(prefix).isEqualTo("NEO");
        assertThat(t.format(prefix, 42)).isEqualTo("NEO000042");
        assertThat(t.maxSequence()).isEqualTo(999_999);
    }

    @Test
    void literalsBecomePartOfThePrefix() {
        CodeTemplate t = CodeTemplate.parse("CN-{region}{seq:4}");
        assertThat(t.format(t.prefix(Map.of("region", "S")), 7)).isEqualTo("CN-S0007");
    }

    @Test
    void sequenceThatDoesNotFitIsRefused() {
        CodeTemplate t = CodeTemplate.parse("{region}{seq:2}");
        assertThatThrownBy(() -> t.format("N", 100)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> t.format("N", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTemplatesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> CodeTemplate.parse("{region}")).hasMessageContaining("no {seq:N}");
        assertThatThrownBy(() -> CodeTemplate.parse("{seq:6}{region}")).hasMessageContaining("last");
        assertThatThrownBy(() -> CodeTemplate.parse("{region}{seq:13}")).hasMessageContaining("1 to 12");
        assertThatThrownBy(() -> CodeTemplate.parse("x{region}{seq:3}")).hasMessageContaining("literal");
        assertThatThrownBy(() -> CodeTemplate.parse("{region}{seq}")).hasMessageContaining("width");
    }
}
