package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A customer list saved from a spreadsheet report: a title above the table, a sum line below it. */
class SpreadsheetReportLayoutTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();

    private ImportReport load(String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String tag = stores.objects.put("incoming/report.csv", bytes);
        return stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/report.csv", null, tag, bytes.length));
    }

    @Test
    void theSumLineIsRejectedAsATotalsRowWhateverColumnItsLabelIsIn() {
        ImportReport r = load("客户销售汇总表,,,\r\n客户编号,客户名称,城市,累计金额\r\nC1,杭州青木贸易有限公司,杭州,\"1,000\"\r\n"
                + "C2,成都天府食品厂,成都,200\r\n合计：,,,\"1,200\"\r\n");
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(stores.customers.all()).extracting(Customer::keys).containsExactlyInAnyOrder(List.of("sid:C1"), List.of("sid:C2"));
        assertThat(stores.objects.text(IngestService.rejectedKey(r.importId())))
                .contains("\"5\",\"a totals row (合计: and numbers only): no customer\"");
    }

    @Test
    void onlyALabelWithNumbersIsATotalsRow() {
        assertThat(RowValidator.totalLabel(List.of("Total", "", "300"))).isEqualTo("Total");
        assertThat(RowValidator.totalLabel(List.of("", "Grand Total:", "¥1,200", "12"))).isEqualTo("Grand Total:");
        assertThat(RowValidator.totalLabel(List.of("Summe", "", "", "12.300,50"))).as("a German sheet's").isEqualTo("Summe");
        assertThat(RowValidator.totalLabel(List.of("Total général :", "42"))).as("a French sheet's").isEqualTo("Total général :");
        assertThat(RowValidator.totalLabel(List.of("합계", "", "1,000"))).as("a Korean sheet's").isEqualTo("합계");
        assertThat(RowValidator.totalLabel(List.of("Total", "Paris", "300"))).as("a company named Total, in Paris").isNull();
        assertThat(RowValidator.totalLabel(List.of("T001", "合计", "300"))).as("an id first: a customer").isNull();
        assertThat(RowValidator.totalLabel(List.of("合计科技有限公司", "", "300"))).isNull();
    }
}
