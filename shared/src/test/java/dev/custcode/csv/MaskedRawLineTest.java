package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a rejected or conflicting line looks like in {@code imports/} (masked), whatever shape it came in. */
class MaskedRawLineTest {
    private static final Scheme SCHEME = SchemeLoader.defaultScheme();

    private static List<String> masked(String csv) throws Exception {
        try (CustomerCsvReader reader = CustomerCsvReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), SCHEME,
                CsvLimits.DEFAULT)) {
            List<String> out = new ArrayList<>();
            while (reader.hasNext()) {
                out.add(reader.maskedRawLine(reader.next().cells(), SCHEME));
            }
            return out;
        }
    }

    @Test
    void aWellFormedLineHasItsPersonalColumnsMaskedAndTheOthersKept() throws Exception {
        assertThat(masked("客户编号,客户名称,电话,邮箱\nR1,Zhang San,13912345678,zs@example.com\n"))
                .containsExactly("R1,Zhang San,139****5678,z***@example.com");
    }

    @Test
    void otherColumnsOfPersonalDataAndContactsInFreeTextAreMaskedToo() throws Exception {
        assertThat(masked("客户编号,客户名称,联系人手机,备注\nR1,青木贸易,13912345678,找王先生 13800001111\n"))
                .containsExactly("R1,青木贸易,139****5678,找王先生 138****1111");
    }

    @Test
    void aLineWithAnUnquotedDelimiterHasEveryCellMaskedForItsValuesAreShifted() throws Exception {
        List<String> lines = masked("客户编号,客户名称,电话,邮箱\nR1,Zhang, San,13912345678,zs@example.com\n");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("example.com").doesNotContain("12345678").isEqualTo("R***,Z***, ***,1***,z***");
    }

    @Test
    void aLineShortOfCellsIsMaskedWholeToo() throws Exception {
        assertThat(masked("客户编号,客户名称,电话,邮箱\nR2,13912345678,zs@example.com\n")).containsExactly("R***,1***,z***");
    }

    @Test
    void aCellThatSwallowedLinesAfterAnUnclosedQuoteIsMasked() throws Exception {
        List<String> lines = masked("客户编号,客户名称,电话,邮箱\nR3,\"Open quote,13900000000,a@b.cn\nR4,Li,13812345678,li@example.com\n");
        assertThat(String.join("|", lines)).doesNotContain("13812345678").doesNotContain("li@example.com");
    }
}
