package dev.custcode.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.normalize.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pairs of cells as two systems type them, and whether identity takes them for the same key.
 * Cells go through the same normalization as a file's cells (NFKC, spaces) before the key rules.
 */
class NormalizationTableTest {
    private static final List<String> ORDER = List.of("sourceId", "taxId", "phone", "email", "nameCity");

    static Stream<Arguments> pairs() {
        return Stream.of(
                // Phones: country code, trunk 0 of Chinese landlines (area code kept), separators, extensions.
                same("phone", "0571-8888 1234", "+86 571 88881234"),
                same("phone", "0571-88881234", "+86 (0)571 8888-1234"),
                same("phone", "(0571) 8888 1234", "0086 571 8888 1234"),
                same("phone", "010-6552 9988", "+86 10 6552 9988"),
                same("phone", "020 3888 0000", "86-20-38880000"),
                same("phone", "0755-2345678", "+86 755 2345678"),
                same("phone", "0571-88881234 转 801", "0571 8888 1234"),
                same("phone", "0571-88881234-801", "+86 571 88881234"),
                same("phone", "0571-88881234 ext. 12", "0571-88881234#12"),
                same("phone", "138 0013 8000", "+86 138-0013-8000"),
                same("phone", "１３８００１３８０００", "13800138000"),
                same("phone", "＋８６ ５７１ ８８８８ １２３４", "0571-88881234"),
                same("phone", "(209)172-7124x3651", "209.172.7124"),
                same("phone", "Tel#13800138000", "138 0013 8000"),
                same("phone", "86-0571-88881234", "0571-8888 1234"),
                same("phone", "+44 (0)20 7946 0958", "0044 20 7946 0958"),
                same("phone", "+81 (0)3-1234-5678", "+81 3 1234 5678"),
                differ("phone", "0571-8888 1234", "0572-8888 1234"),
                differ("phone", "0571-8888 1234", "8888 1234"),
                differ("phone", "+1 415 555 0100", "+86 415 555 0100"),
                differ("phone", "043-797-5229", "+86 43 797 5229"),
                // Emails: case and surrounding space.
                same("email", "Li.Na@Example.COM", " li.na@example.com "),
                same("email", "ＬＩ＠ＥＸＡＭＰＬＥ．ＣＮ", "li@example.cn"),
                differ("email", "li.na@example.com", "lina@example.com"),
                differ("email", "li@example.com", "li@example.com.cn"),
                // Names (with the city): case, punctuation, brackets, legal forms.
                same("name", "杭州青木贸易有限公司", "杭州青木贸易（有限公司）"),
                same("name", "杭州青木贸易有限公司", "杭州青木贸易股份有限公司"),
                same("name", "杭州青木贸易有限责任公司", "杭州青木贸易集团有限公司"),
                same("name", "杭州青木贸易公司", "杭州青木贸易"),
                same("name", "ACME Co., Ltd.", "Acme Company Limited"),
                same("name", "ACME Inc.", "acme"),
                same("name", "The Acme Corporation", "ACME CORP"),
                same("name", "Müller GmbH", "MÜLLER"),
                same("name", "Horn, Shepard and Watson", "horn shepard & watson"),
                same("name", "ＡＣＭＥ　Ｃｏ．，Ｌｔｄ．", "Acme Co Ltd"),
                differ("name", "杭州青木贸易有限公司", "杭州青木科技有限公司"),
                differ("name", "杭州青木贸易有限公司", "杭州青木贸易有限公司上海分公司"),
                differ("name", "Acme Co., Ltd.", "Acme Tools Co., Ltd."),
                differ("name", "有限公司", "公司"),
                differ("name", "Li Nan", "Lin An"),
                same("name", "青木 贸易", "青木贸易"),
                // Japanese and Korean legal forms stand before or after the name, or short in brackets.
                same("name", "株式会社さくら商事", "さくら商事株式会社"),
                same("name", "(株)さくら商事", "さくら商事"),
                same("name", "(주)한빛소프트", "주식회사 한빛소프트"),
                same("name", "㈜한빛소프트", "한빛소프트 주식회사"),
                differ("name", "주식회사 한빛소프트", "주식회사 한빛전자"),
                differ("name", "주식회사", "유한회사"),
                // Russian forms before or after the name, Czech and Polish forms of several words.
                same("name", "ООО «Ромашка»", "Ромашка ООО"),
                same("name", "ИП Петрова", "Петрова"),
                differ("name", "ООО «Ромашка»", "ООО «Василёк»"),
                same("name", "Alfa spol. s r.o.", "ALFA s.r.o."),
                same("name", "Beta Sp. z o.o.", "BETA"),
                differ("name", "Alfa s.r.o.", "Alfa Beta s.r.o."),
                // Tax ids: spaces and case; a unified social credit code must pass its check character.
                same("taxId", "91350100M000100Y43", "9135 0100 m000 100y 43"),
                same("taxId", "91440300708461136T", "9144-0300-7084-6113-6t"),
                noKey("taxId", "91350100M000100Y44"),
                noKey("taxId", "91350100M000100Y4I"),
                same("taxId", "DE123456789", "de 123 456 789"),
                same("taxId", "11010519491231002X", "110105 19491231 002x"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\" and \"{2}\" → {3}")
    @MethodSource("pairs")
    void twoSpellings(String field, String a, String b, String expected) {
        Optional<Identity> ka = key(field, a);
        Optional<Identity> kb = key(field, b);
        switch (expected) {
            case "same" -> {
                assertThat(ka).as("a key for %s", a).isPresent();
                assertThat(ka.map(Identity::key)).isEqualTo(kb.map(Identity::key));
            }
            case "differ" -> {
                assertThat(ka).as("a key for %s", a).isPresent();
                assertThat(kb).as("a key for %s", b).isPresent();
                assertThat(ka.get().key()).isNotEqualTo(kb.get().key());
            }
            default -> assertThat(ka).as("no key for %s", a).isEmpty();
        }
    }

    /** The row's key of that field's kind: a name is keyed with a city, as identity keys it. */
    private static Optional<Identity> key(String field, String cell) {
        Map<String, String> row = new LinkedHashMap<>();
        if (field.equals("name")) {
            row.put("city", "杭州");
        }
        row.put(field, Text.normalize(cell));
        return IdentityKeys.all(row, ORDER).stream().findFirst();
    }

    private static Arguments same(String field, String a, String b) {
        return Arguments.of(field, a, b, "same");
    }

    private static Arguments differ(String field, String a, String b) {
        return Arguments.of(field, a, b, "differ");
    }

    private static Arguments noKey(String field, String a) {
        return Arguments.of(field, a, "", "none");
    }
}
