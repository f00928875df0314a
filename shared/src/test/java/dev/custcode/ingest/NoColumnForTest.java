package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A file without the columns a folder level is decided by says so, instead of filing everyone under a default unexplained. */
class NoColumnForTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();

    private ImportReport load(String name, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String tag = stores.objects.put("incoming/" + name, bytes);
        return stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/" + name, null, tag, bytes.length));
    }

    @Test
    void aFileWithoutLocationOrAmountColumnsSaysItsNewCustomersAreFiledUnderTheDefaults() {
        ImportReport r = load("contacts.csv", "Company,Phone\r\n杭州青木贸易有限公司,13800138000\r\n成都天府食品厂,13900139000\r\n");

        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(r.input().noColumnFor()).containsEntry("region", List.of("province", "city", "address", "country"))
                .containsEntry("tier", List.of("amount", "orders")).containsKey("channel").doesNotContainKey("type");
        assertThat(r.message()).contains("; no column gives region (province, city, address, country): its 2 new customers are filed under unknown")
                .contains("; no column gives tier (amount, orders): its 2 new customers are filed under tier-c")
                .as("channel is no folder level").doesNotContain("gives channel");
        assertThat(stores.customers.all()).allMatch(c -> c.folder().startsWith("unknown/"));
    }

    @Test
    void anErpsOwnRegionColumnIsNamedAsNotReadAndThePermanentLetterIsSaid() {
        // QA: Region 华东 was kept as another column, the customers coded Z for good, and the message said neither.
        ImportReport r = load("erp.csv", "Customer Id,Name,Phone,Region,Amount\r\nG001,区域测试甲有限公司,13644440001,华东,50000\r\n");

        assertThat(r.counts().created()).isEqualTo(1);
        assertThat(r.message()).contains("; no column gives region (province, city, address, country): its 1 new customer is filed under unknown,"
                + " and its code carries the letter Z for it for good (the file's Region column is kept as data of its own, not read for region:"
                + " region is read from province, city, address, country)");
        assertThat(stores.customers.all()).singleElement().extracting(Customer::code).asString().startsWith("Z");
    }

    @Test
    void aLaterFileWithoutThemCreatesNoneAndSaysNothingInItsMessage() {
        load("first.csv", "Company,Phone,City,Amount\r\n杭州青木贸易有限公司,13800138000,杭州,\"500,000\"\r\n");

        ImportReport update = load("phones.csv", "Company,Phone,Email\r\n杭州青木贸易有限公司,13800138000,qm@example.cn\r\n");

        assertThat(update.counts().updated()).isEqualTo(1);
        assertThat(update.input().noColumnFor()).containsKey("region");
        assertThat(update.message()).doesNotContain("no column gives");
        assertThat(stores.customers.all()).singleElement().satisfies(c -> assertThat(c.folder()).startsWith("east/"));
    }

    @Test
    void aScoreIsReadAsTheFieldsItIsComputedFrom() {
        var scheme = SchemeLoader.defaultScheme();
        assertThat(scheme.fieldsRead(scheme.dimension("importance").orElseThrow())).containsExactlyInAnyOrder("amount", "orders", "profit");
        assertThat(IngestService.noColumnFor(scheme, Set.of("name", "profit"))).doesNotContainKey("importance").containsKey("tier");
        assertThat(IngestService.noColumnFor(scheme, Set.of("name", "city", "amount", "channel", "lastOrderDate")))
                .isEqualTo(Map.of());
    }

    @Test
    void aFileOfNoNameWhoseColumnsAreAllReadSaysSoRatherThanAnEmptyList() {
        ImportReport r = load("amounts.csv", "客户ID,累计金额\r\nQ1,100\r\n");

        assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(r.message()).contains("no column gives the customer's name (every column of the file was read as another field; "
                + "the name is read from a column headed").doesNotContain("other columns: ;");
        ImportReport other = load("amounts-and-notes.csv", "客户ID,累计金额,备忘\r\nQ1,100,x\r\n");
        assertThat(other.message()).contains("(the file's other columns: 备忘; the name is read from");
    }
}
