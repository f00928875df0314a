package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import org.junit.jupiter.api.Test;

/**
 * A shop export after an ERP export, both naming one company with its phone written two ways: as the
 * README tells, an id column of the shop's own under a header of its own lets the rows meet.
 */
class TwoSystemsTest {
    private static final String ERP = "客户编号,客户名称,省份,城市,电话\nE001,杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n";
    private final FileDrops files = new FileDrops();

    @Test
    void theShopsOwnIdAsTheCustomerIdIsAConflictWithItsReason() {
        files.drop(ERP);

        ImportReport shop = files.drop("Cust No\tCompany Name\tTel\tCity\nS-9001\tHangzhou Qingmu Trading\t+86 571 88881234\tHangzhou\n");

        assertThat(shop.counts().conflicts()).isEqualTo(1);
        assertThat(files.stores.objects.text(IngestService.conflictsKey(shop.importId()))).contains("S-9001").contains("E001");
        assertThat(files.stores.customers.byKey("sid:E001").attributes()).containsEntry("name", "杭州青木贸易有限公司");
    }

    @Test
    void theShopsIdUnderAHeaderOfItsOwnIsKeptAndTheRowUpdatesTheErpsCustomer() {
        files.drop(ERP);

        ImportReport shop = files.drop("Shop Id\tCompany Name\tTel\tTotal Sales\nS-9001\tHangzhou Qingmu Trading\t+86 571 88881234\t200000\n");

        assertThat(shop.counts().updated()).as(shop.message()).isEqualTo(1);
        assertThat(shop.counts().created()).isZero();
        Customer c = files.stores.customers.byKey("tel:8657188881234");
        assertThat(c.attributes()).containsEntry("sourceId", "E001").containsValue("S-9001");
        assertThat(files.stores.customers.byKey("sid:E001").code()).isEqualTo(c.code());
    }
}
