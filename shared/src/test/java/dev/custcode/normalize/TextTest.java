package dev.custcode.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

    @Test
    void aValueIsLostInEncodingWhenItIsTheOriginalWithQuestionMarksForSomeOfItsCharacters() {
        assertThat(Text.lostInEncoding("彩雲?士多", "彩雲邨士多")).isTrue();
        assertThat(Text.lostInEncoding("? Lift Parts", "𨋢 Lift Parts")).as("a character outside the BMP is one ?").isTrue();
        assertThat(Text.lostInEncoding("企?客? Enterprise", "企业客户 Enterprise")).isTrue();
        assertThat(Text.lostInEncoding("彩雲邨士多", "彩雲邨士多")).as("nothing lost").isFalse();
        assertThat(Text.lostInEncoding("彩雲?士", "彩雲邨士多")).as("another length").isFalse();
        assertThat(Text.lostInEncoding("彩雲?士店", "彩雲邨士多")).as("another character besides").isFalse();
        assertThat(Text.lostInEncoding("Who?", "Who?")).isFalse();
        assertThat(Text.lostInEncoding("Paid?", "Paid.")).as("no code page loses a full stop").isFalse();
        assertThat(Text.lostInEncoding("下周回访？", "下周回访。")).as("every Chinese code page holds 。").isFalse();
        assertThat(Text.lostInEncoding("?", "A")).isFalse();
        assertThat(Text.lostInEncoding("ab?", null)).isFalse();
        // QA: a Polish name in an export saved by Excel on a Russian Windows (1251 holds neither ó nor ł).
        assertThat(Text.lostInEncoding("Sp??dzielnia Mleczarska", "Spółdzielnia Mleczarska")).isTrue();
    }

    @Test
    void accentsComeOffForComparingOnlyAndKanaKeepTheirVoicingMarks() {
        assertThat(Text.withoutAccents("Téléphone")).isEqualTo("Telephone");
        assertThat(Text.withoutAccents("Łódź, Dvořák, Ærø")).as("ł and ø are l and o to a search; æ stays").isEqualTo("Lodz, Dvorak, Æro");
        assertThat(Text.withoutAccents("ガス")).isEqualTo("ガス");
        assertThat(Text.withoutAccents("한빛")).as("Hangul comes back whole").isEqualTo("한빛");
        assertThat(Text.withoutAccents("plain")).isEqualTo("plain");
    }
}
