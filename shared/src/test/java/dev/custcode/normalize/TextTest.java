package dev.custcode.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cell text as every value is stored and compared: whitespace of any kind collapsed, invisible characters gone. */
class TextTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Tab\\tLead|Tab Lead",                  // a tab inside: one space (the same length as the input, still changed)
            "a\\r\\nb|a b",
            "  ＡＢＣ　１２３ |ABC 123",
            "Ctrl\\u0001Char\\u0007Name|CtrlCharName",
            "\\uFEFF杭州\\u200B青木|杭州青木",
            "x\\u007Fy\\u0085z|xyz",                // DEL and the C1 controls removed
            "plain|plain"})
    void whitespaceCollapsesAndControlCharactersGo(String raw, String expected) {
        assertThat(Text.normalize(unescape(raw))).isEqualTo(expected);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(switch (s.charAt(++i)) {
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> s.charAt(i);
                });
            }
        }
        return out.toString();
    }
}
