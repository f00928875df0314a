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
    void aLineWithAnUnquotedDelimiterHasEveryCellButItsFirstMaskedForItsValuesAreShifted() throws Exception {
        List<String> lines = masked("客户编号,客户名称,电话,邮箱\nR1,Zhang, San,13912345678,zs@example.com\n");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).as("the first cell is in its place whatever follows: the id that names the row")
                .doesNotContain("example.com").doesNotContain("12345678").isEqualTo("R1,Z***, ***,1***,z***");
    }

    @Test
    void aLineShortOfCellsIsMaskedButItsFirstCell() throws Exception {
        assertThat(masked("客户编号,客户名称,电话,邮箱\nR2,13912345678,zs@example.com\n")).containsExactly("R2,1***,z***");
        assertThat(masked("电话,客户名称,邮箱\n13912345678,Zhang, San,zs@example.com\n")).as("a phone first: masked")
                .containsExactly("1***,Z***, ***,z***");
        assertThat(masked("客户编号,客户名称,邮箱\nR5 zs@example.com 13912345678,Zhang, San,x\n")).as("contacts in the first cell: all masked")
                .containsExactly("R***,Z***, ***,*");
    }

    @Test
    void aCellThatSwallowedLinesAfterAnUnclosedQuoteIsMasked() throws Exception {
        List<String> lines = masked("客户编号,客户名称,电话,邮箱\nR3,\"Open quote,13900000000,a@b.cn\nR4,Li,13812345678,li@example.com\n");
        assertThat(String.join("|", lines)).doesNotContain("13812345678").doesNotContain("li@example.com");
    }
}
