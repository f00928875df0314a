package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import org.junit.jupiter.api.Test;

/** A value cleared with the clear token takes its identity key with it; a value replaced keeps it; a value that is no key says so. */
class ClearedKeyTest {
    private final FileDrops files = new FileDrops();

    @Test
    void aClearedEmailNoLongerFindsTheCustomerAndIsFreeForAnother() {
        files.drop("客户编号,客户名称,城市,邮箱,电话\nERP004,李娜,杭州,Li.Na@example.com,13900001111\n");
        Customer li = files.stores.customers.byKey("email:li.na@example.com");
        assertThat(li).isNotNull();

        ImportReport cleared = files.drop("客户编号,邮箱\nERP004,(clear)\n");

        assertThat(cleared.counts().updated()).isEqualTo(1);
        Customer after = files.stores.customers.byKey("sid:ERP004");
        assertThat(after.attributes()).doesNotContainKey("email");
        assertThat(after.keys()).doesNotContain("email:li.na@example.com").contains("sid:ERP004", "tel:8613900001111");
        assertThat(files.stores.customers.byKey("email:li.na@example.com")).as("the claim is given up").isNull();

        ImportReport other = files.drop("客户名称,城市,邮箱\n王芳,上海,li.na@example.com\n");
        assertThat(other.counts().created()).as("the address now belongs to a new customer, not to ERP004").isEqualTo(1);
        assertThat(files.stores.customers.byKey("email:li.na@example.com").code()).isNotEqualTo(li.code());
    }

    @Test
    void theRequiredNameIsNotClearedItsStoredValueStaysAndTheWarningSaysSo() {
        files.drop("客户编号,客户名称,省份\nCA2,清除二有限公司,北京\n");

        ImportReport r = files.drop("客户编号,客户名称\nCA2,(清除)\n");

        assertThat(files.stores.customers.byKey("sid:CA2").attributes()).containsEntry("name", "清除二有限公司");
        assertThat(r.counts().updated()).as("nothing changed").isZero();
        assertThat(files.stores.objects.text(IngestService.warningsKey(r.importId()))).contains("name").contains("not cleared: a required field");
    }

    @Test
    void anOlderUploadImportedAfterANewerClearGivesNoKeyForTheValueTheClearWins() {
        java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00Z");
        files.dropUploadedAt(t0, "客户编号,客户名称,省份,电话\nCLR4,清除四有限公司,江苏,18700001234\n");
        files.dropUploadedAt(t0.plusSeconds(2), "客户编号,电话\nCLR4,(clear)\n");
        // Uploaded between the two, imported last (a big file still being read when the clear came).
        ImportReport older = files.dropUploadedAt(t0.plusSeconds(1), "客户编号,客户名称,电话\nCLR4,清除四有限公司,18700005678\n");

        assertThat(older.counts().accepted()).isEqualTo(1);
        Customer c = files.stores.customers.byKey("sid:CLR4");
        assertThat(c.attributes()).as("the newer clear wins").doesNotContainKey("phone");
        assertThat(c.keys()).as("a phone the latest upload cleared finds nobody").doesNotContain("tel:8618700005678");
        assertThat(files.stores.customers.byKey("tel:8618700005678")).isNull();
    }

    @Test
    void aPhoneClearedOnOneLineAndGivenToAnotherCustomerFurtherOnMovesToIt() {
        files.drop("Customer Id,Client Name,Mobile\nK1,Kilo One Ltd,13711110001\nK2,Kilo Two Ltd,13711110002\n");

        ImportReport r = files.drop("Customer Id,Mobile\nK1,(clear)\nK2,13711110001\n");

        assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(r.counts().updated()).isEqualTo(2);
        assertThat(r.counts().conflicts()).isZero();
        assertThat(files.stores.customers.byKey("tel:8613711110001").attributes()).containsEntry("sourceId", "K2");
        assertThat(files.stores.customers.byKey("sid:K1").keys()).doesNotContain("tel:8613711110001");
        assertThat(files.stores.customers.byKey("sid:K2").attributes()).containsEntry("phone", "13711110001");

        ImportReport back = files.drop("Customer Id,Mobile\nK2,(clear)\nK1,13711110001\nK1,13711110009\n");
        assertThat(back.counts().conflicts()).isZero();
        assertThat(files.stores.customers.byKey("sid:K1").attributes()).as("the later line wins").containsEntry("phone", "13711110009");
        assertThat(files.stores.customers.byKey("tel:8613711110001").code()).isEqualTo(files.stores.customers.byKey("sid:K1").code());
    }

    @Test
    void aReplacedPhoneKeepsItsOldKey() {
        files.drop("客户编号,客户名称,电话\nERP005,张伟,13900002222\n");
        files.drop("客户编号,电话\nERP005,13900003333\n");

        Customer c = files.stores.customers.byKey("sid:ERP005");
        assertThat(c.attributes()).containsEntry("phone", "13900003333");
        assertThat(c.keys()).contains("tel:8613900002222", "tel:8613900003333");
    }

    @Test
    void anEmailThatIsNoAddressIsKeptWithAWarningAndIsNoKey() {
        ImportReport r = files.drop("客户编号,客户名称,邮箱\nERP006,周七,bad@@example.com\nERP007,吴八,ok@example.com\n");

        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().warnings()).isEqualTo(1);
        assertThat(files.stores.objects.text(r.warningsFile())).contains("\"2\"").contains("not an email address");
        Customer c = files.stores.customers.byKey("sid:ERP006");
        assertThat(c.attributes()).containsEntry("email", "bad@@example.com");
        assertThat(c.keys()).containsExactly("sid:ERP006");
    }

    @Test
    void aFileWithACustomerTwiceDroppedAgainIsAllUnchanged() {
        String file = "客户编号,客户名称,省份,累计金额,订单数\nE1,双行客户三,北京,100,1\nE1,双行客户三,北京,300000,55\n";
        files.drop(file);
        ImportReport again = files.drop(file);
        assertThat(again.counts().updated()).as("the first line changed the amount and the second changed it back").isZero();
        assertThat(again.counts().unchanged()).isEqualTo(2);
        assertThat(files.stores.customers.byKey("sid:E1").attributes()).containsEntry("amount", "300000");
    }
}
