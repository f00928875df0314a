package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a file's header does to its rows: a column without one, the header again mid-file (files joined together). */
class HeaderRowsTest {
    private final FileDrops drops = new FileDrops();

    private Customer bySourceId(String id) {
        return drops.stores.customers.all().stream().filter(c -> id.equals(c.attributes().get("sourceId"))).findFirst().orElseThrow();
    }

    @Test
    void aColumnWithoutAHeaderIsKeptUnderItsPositionAndExportedOnceItHoldsAValue() {
        ImportReport r = drops.drop("""
                客户编号,客户名称,"",省份,,
                HD3,表头测试丙有限公司,重要数据,浙江,,
                HD4,表头测试丁有限公司,,浙江,,
                """);
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(bySourceId("HD3").attributes()).containsEntry("column 3", "重要数据");
        assertThat(bySourceId("HD4").attributes()).doesNotContainKey("column 3");
        assertThat(drops.stores.customers.columns()).as("exports show the column that held a value, not the empty ones after the last")
                .containsEntry("column 3", "column 3").doesNotContainKeys("column 5", "column 6");
    }

    @Test
    void theHeaderRepeatedMidFileIsARejectedRowNotACustomer() {
        ImportReport r = drops.drop("""
                客户编号,客户名称,省份
                HD4,表头丁有限公司,浙江
                客户编号,客户名称,省份
                HD5,表头戊有限公司,浙江
                """);
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(drops.stores.customers.all()).extracting(c -> c.attributes().get("name"))
                .containsExactlyInAnyOrder("表头丁有限公司", "表头戊有限公司");
        String rejected = new String(drops.stores.objects.read("imports/" + r.importId() + "/rejected.csv").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(rejected).contains("\"3\",\"" + RowValidator.REPEATED_HEADER + "\"");
    }
}
