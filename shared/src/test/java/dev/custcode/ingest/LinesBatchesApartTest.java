package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Two lines of one customer in different batches of a file: the report counts it once, where it ends, and moves nothing it created. */
class LinesBatchesApartTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService twoRowBatches = stores.ingest(SchemeSource.builtIn(), CLOCK,
            new IngestSettings(2, Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT));

    private ImportReport drop(String key, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put(key, bytes);
        return twoRowBatches.ingest(new IncomingObject("b", key, null, eTag, bytes.length, CLOCK.instant()));
    }

    @Test
    void aCustomerCreatedThenMovedByALaterLineIsCountedInTheFolderItEndsInAndNotAsMoved() {
        ImportReport r = drop("incoming/a.csv", "客户编号,客户名称,省份,客户类型,累计金额\n"
                + "DB1,跨批重复公司,北京,企业,2000000\n"
                + "F1,填充客户一,北京,企业,10\n"
                + "F2,填充客户二,北京,企业,10\n"
                + "DB1,跨批重复公司,北京,企业,1000\n");
        assertThat(r.counts().created()).isEqualTo(3);
        assertThat(r.counts().duplicates()).isEqualTo(1);
        assertThat(r.counts().moved()).as("DB1 was created by this file: no move to report").isZero();
        String ends = stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next().folder();
        assertThat(ends).endsWith("tier-c");
        assertThat(r.folders()).as("three customers, each where it ends").containsEntry(ends, 3L).hasSize(1);
    }

    private static final String TWICE = "客户编号,客户名称,省份,客户类型,累计金额,备注\n"
            + "DB1,跨批重复公司,北京,企业,2000000,旧备注\n"
            + "F1,填充客户一,北京,企业,10,\n"
            + "F2,填充客户二,北京,企业,10,\n"
            + "DB1,跨批重复公司,北京,企业,1000,\n";

    private java.util.List<dev.custcode.store.HistoryStore.Change> historyOf(String sourceId) {
        String code = stores.customers.resolve(java.util.List.of("sid:" + sourceId)).values().iterator().next().code();
        return stores.history.of(code, null, 100).items();
    }

    @Test
    void theSameFileDroppedAgainChangesNothingThoughItNamesACustomerTwiceBatchesApart() {
        drop("incoming/a.csv", TWICE);
        int historyBefore = historyOf("DB1").size();
        ImportReport again = drop("incoming/b.csv", TWICE);
        assertThat(again.counts().updated()).as("line 2 changed DB1 back to its earlier amount, line 5 again: no change in all").isZero();
        assertThat(again.counts().unchanged()).isEqualTo(4);
        assertThat(again.counts().duplicates()).isEqualTo(1);
        assertThat(again.counts().moved()).isZero();
        assertThat(historyOf("DB1")).as("no change and no change back in DB1's history").hasSize(historyBefore);
        var db1 = stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next();
        assertThat(db1.attributes()).containsEntry("amount", "1000").containsEntry("备注", "旧备注");
        assertThat(stores.objects.text("imports/" + again.importId() + "/warnings.csv"))
                .as("the later line is still named as the same customer as the earlier").contains("the same customer as line 2");
    }

    @Test
    void aCustomerNamedByItsCodeBetweenTwoOfItsLinesGetsEachLinesValuesInLineOrder() {
        drop("incoming/a.csv", TWICE);
        String code = stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next().code();
        ImportReport r = drop("incoming/b.csv", "客户编号,客户名称,省份,客户类型,累计金额,客户代码,备注\n"
                + "DB1,跨批重复公司,北京,企业,3000,,第一行\n"
                + "F1,填充客户一,北京,企业,10,,\n"
                + ",跨批重复公司,北京,企业,4000," + code + ",第三行\n"
                + "F2,填充客户二,北京,企业,10,,\n"
                + "DB1,跨批重复公司,北京,企业,5000,,\n");
        var db1 = stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next();
        assertThat(db1.attributes()).as("the last line's amount, the code line's note (a later line than the first)")
                .containsEntry("amount", "5000").containsEntry("备注", "第三行");
        assertThat(r.counts().duplicates()).as("lines 4 and 6 are the customer of line 2 (held to line 6, it comes after line 4)").isEqualTo(2);
        assertThat(r.counts().created()).isZero();
        assertThat(r.counts().accepted()).isEqualTo(5);
    }

    @Test
    void aCustomerSpelledThreeWaysOnLinesBatchesApartIsHeldToItsLastLine() {
        // Line 2 shares its phone with line 4, line 4 its email with line 6: one customer, a chain of keys.
        String chain = "客户编号,客户名称,省份,客户类型,累计金额,电话,邮箱\n"
                + "DB1,链式公司,北京,企业,2000000,13912345678,\n"
                + "F1,填充客户一,北京,企业,10,,\n"
                + ",链式公司,北京,企业,3000,13912345678,chain@example.com\n"
                + "F2,填充客户二,北京,企业,10,,\n"
                + ",链式公司,北京,企业,1000,,chain@example.com\n";
        drop("incoming/a.csv", chain);
        assertThat(stores.customers.all()).hasSize(3);
        int historyBefore = historyOf("DB1").size();
        ImportReport again = drop("incoming/b.csv", chain);
        assertThat(again.counts().updated()).isZero();
        assertThat(again.counts().unchanged()).isEqualTo(5);
        assertThat(again.counts().duplicates()).isEqualTo(2);
        assertThat(historyOf("DB1")).hasSize(historyBefore);
        assertThat(stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next().attributes()).containsEntry("amount", "1000");
    }

    @Test
    void aRowThatOnlyAWaitingRowJoinsToItsCustomerWaitsWithIt() {
        drop("incoming/a.csv", "客户编号,客户名称,省份,电话,邮箱\nS1,等待公司,北京,13911112222,\n");
        // Line 2 gives S1 an email and waits for line 6; line 3 knows the customer by that email only.
        ImportReport r = drop("incoming/b.csv", "客户编号,客户名称,省份,电话,邮箱\n"
                + ",等待公司,北京,13911112222,wait@example.com\n"
                + ",等待公司,北京,,wait@example.com\n"
                + "F1,填充客户一,北京,,\n"
                + "F2,填充客户二,北京,,\n"
                + ",等待公司,北京,13911112222,\n");
        assertThat(r.counts().conflicts()).isZero();
        assertThat(r.counts().created()).as("the fillers only").isEqualTo(2);
        assertThat(stores.customers.byKey("email:wait@example.com").code()).isEqualTo(stores.customers.byKey("sid:S1").code());
        assertThat(r.counts().duplicates()).isEqualTo(2);
    }

    @Test
    void warningsAreInLineOrderWhateverFoundThem() {
        // Line 3 joins line 2 (the batch notes it after applying), line 4's amount is not read (noted while reading).
        IngestService oneBatch = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
        String csv = "客户编号,客户名称,省份,客户类型,累计金额\n"
                + "W1,顺序公司,北京,企业,100\n"
                + "W1,顺序公司,北京,企业,200\n"
                + "W2,另一公司,北京,企业,待定\n"
                + "W3,第三公司,北京,企业,300\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        ImportReport r = oneBatch.ingest(new IncomingObject("b", "incoming/w.csv", null, stores.objects.put("incoming/w.csv", bytes), bytes.length, CLOCK.instant()));
        java.util.List<Long> lines = stores.objects.text(IngestService.warningsKey(r.importId())).lines().skip(1)
                .map(l -> Long.parseLong(l.substring(1, l.indexOf('"', 1)))).toList();
        assertThat(lines).as("the same customer as line 2 (line 3), then 待定 (line 4)").containsExactly(3L, 4L);
    }
}
