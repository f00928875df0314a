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

/**
 * Phones and names spelled two ways by two systems are one customer, and customers stored under
 * the key rules of earlier versions are still found, gaining the key of today's rules.
 */
class IdentityRulesChangeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "客户名称,省份,城市,累计金额,电话,税号\n";

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
    private int files;

    private ImportReport drop(String rows) {
        byte[] bytes = (HEADER + rows).getBytes(StandardCharsets.UTF_8);
        String key = "incoming/file-" + (++files) + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", key, null, eTag, bytes.length));
    }

    @Test
    void aLandlineTypedByTwoSystemsIsOneCustomer() {
        ImportReport erp = drop("杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,\n");
        ImportReport shop = drop("杭州青木贸易（有限公司）,浙江,杭州市,150000,+86 571 88881234,\n");

        assertThat(erp.counts().created()).isEqualTo(1);
        assertThat(shop.counts().created()).as("the shop's spelling finds the ERP's customer").isZero();
        assertThat(shop.counts().updated()).isEqualTo(1);
        assertThat(stores.customers.all()).hasSize(1);
        assertThat(stores.customers.byKey("tel:8657188881234").attributes()).containsEntry("amount", "150000");
    }

    /**
     * 杭州青木贸易有限公司 on 0571-8888 1234 as versions before the trunk-0 rule stored it: its claim
     * under the digits as typed ({@code tel:057188881234}), not today's key.
     */
    private Customer storedUnderTheEarlierPhoneRule() {
        drop("杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,\n");
        Customer stored = stores.customers.byKey("tel:8657188881234");
        stores.customers.owners.remove("tel:8657188881234");
        stores.customers.owners.put("tel:057188881234", stored.code());
        stores.customers.byCode.put(stored.code(), stored.toBuilder().keys(List.of("tel:057188881234")).build());
        return stored;
    }

    @Test
    void aCustomerStoredUnderTheEarlierPhoneRuleIsFoundAndGainsTodaysKey() {
        Customer stored = storedUnderTheEarlierPhoneRule();

        ImportReport again = drop("杭州青木贸易有限公司,浙江,杭州,130000,+86 571 8888 1234,\n");

        assertThat(again.counts().created()).as("no second code for the same phone").isZero();
        assertThat(again.counts().updated()).isEqualTo(1);
        Customer now = stores.customers.byKey("tel:8657188881234");
        assertThat(now.code()).isEqualTo(stored.code());
        assertThat(now.keys()).containsExactlyInAnyOrder("tel:057188881234", "tel:8657188881234");
        assertThat(now.attributes()).containsEntry("amount", "130000");
    }

    @Test
    void aPersonGivingTheSwitchboardOfACustomerStoredUnderTheEarlierRuleDoesNotTakeItsKey() {
        Customer stored = storedUnderTheEarlierPhoneRule();

        ImportReport person = drop("王五,浙江,杭州,,0571-8888 1234,91350100M000100Y43\n");
        ImportReport company = drop("杭州青木贸易有限公司,浙江,杭州,130000,+86 571 8888 1234,\n");

        assertThat(person.counts().created()).as(person.message()).isEqualTo(1);
        assertThat(stores.customers.byKey("tax:91350100M000100Y43").keys()).as("the company's number is not the person's key")
                .doesNotContain("tel:8657188881234", "tel:057188881234");
        assertThat(company.counts().updated()).as(company.message()).isEqualTo(1);
        assertThat(company.counts().conflicts()).isZero();
        assertThat(stores.customers.byKey("tel:8657188881234").code()).as("the company gains today's key").isEqualTo(stored.code());
    }

    @Test
    void anInvalidCreditCodeIsAWarningNotAKey() {
        ImportReport r = drop("星河科技有限公司,北京,北京,5000,010-6543 2100,91350100M000100Y44\n"
                + "云海物流有限公司,上海,上海,7000,021-5888 1234,91350100M000100Y43\n");

        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().warnings()).isEqualTo(1);
        assertThat(stores.objects.text(r.warningsFile())).as("masked, as personal data is in every file")
                .contains("91**************44").contains("not a valid unified social credit code (its check character would be 3)");
        assertThat(stores.customers.byKey("tax:91350100M000100Y43")).isNotNull();
        assertThat(stores.customers.byKey("tax:91350100M000100Y44")).as("no key of an invalid code").isNull();
        assertThat(stores.customers.byKey("tel:861065432100").attributes()).as("the value is kept")
                .containsEntry("taxId", "91350100M000100Y44");
    }

    @Test
    void aConflictOfTaxIdsNamesNeitherInFullInTheMaskedFile() {
        drop("杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,91350100M000100Y43\n");
        ImportReport r = drop("杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,91330100MA27XK123M\n");

        assertThat(r.counts().conflicts()).isEqualTo(1);
        String conflicts = stores.objects.text(r.conflictsFile());
        assertThat(conflicts).contains("its tax id 91**************3M differs from the matched customer's 91**************43")
                .doesNotContain("91330100MA27XK123M").doesNotContain("91350100M000100Y43");
    }
}
