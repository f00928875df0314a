package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code POST /classify}: a dry run that names the next code, or why there is none. */
class ClassifyPreviewTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final LookupService lookups = new LookupService(stores.ingestStores(), SchemeSource.builtIn(), Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));

    private Classified first(String body) {
        return lookups.classify().classify(body).results().get(0);
    }

    @Test
    void theNextCodeFollowsTheCounterAndAnExhaustedPrefixSaysSoInsteadOfFailing() {
        String body = "{\"客户名称\":\"北京新公司有限公司\",\"省份\":\"北京\",\"销售渠道\":\"直销\"}";
        Classified r = first(body);
        assertThat(r.prefix()).isEqualTo("NED");
        assertThat(r.nextCode()).isEqualTo("NED000001");
        assertThat(r.problem()).isNull();

        stores.counters.last.put("NED", 999_999L);
        Classified exhausted = first(body);
        assertThat(exhausted.nextCode()).isNull();
        assertThat(exhausted.problem()).isEqualTo("prefix NED has no numbers left: {seq:6} ends at 999999");
    }

    @Test
    void aRowWhoseKeysBelongToTwoCustomersIsSaidToBeAConflictAndACodeFindsItsCustomer() {
        byte[] csv = "客户编号,客户名称,省份,电话\nC1,甲公司,北京,13800000001\nC2,乙公司,北京,13800000002\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/two.csv", csv);
        stores.ingest(SchemeSource.builtIn(), Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC),
                dev.custcode.ingest.IngestSettings.DEFAULT).ingest(new dev.custcode.ingest.IncomingObject("b", "incoming/two.csv", null, eTag, csv.length));
        String c1 = stores.customers.byKey("sid:C1").code();
        String c2 = stores.customers.byKey("sid:C2").code();

        Classified both = lookups.classify().classify("{\"客户编号\":\"C2\",\"电话\":\"13800000001\",\"客户名称\":\"x\"}", false, Access.Viewer.ALL)
                .results().get(0);
        assertThat(both.existingCode()).as("neither of the two").isNull();
        assertThat(both.problem()).contains("different customers").contains(c1).contains(c2);

        Classified byCode = lookups.classify().classify("{\"code\":\"" + c1.toLowerCase(java.util.Locale.ROOT) + "\",\"客户名称\":\"x\"}", false,
                Access.Viewer.ALL).results().get(0);
        assertThat(byCode.existingCode()).isEqualTo(c1);
        assertThat(byCode.identity()).isEqualTo("code:" + c1);
        assertThat(byCode.problem()).isNull();
    }

    @Test
    void valuesAnImportWouldWarnAboutAreNamedWithWhatItWouldDo() {
        Classified r = first("{\"Account Name\":\"Pujiang\",\"Account Type\":\"Reseller\",\"省份\":\"火星\",\"电话\":\"ERP002\",\"累计金额\":\"TBD\"}");

        assertThat(r.warnings()).extracting(Classified.Warning::field).contains("type", "province", "phone", "amount");
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("type")).singleElement()
                .satisfies(w -> assertThat(w.action()).contains("taken from other rules"));
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("phone")).singleElement()
                .satisfies(w -> assertThat(w.action()).startsWith("not a phone number"));
        assertThat(first("{\"客户名称\":\"北京新公司有限公司\",\"省份\":\"北京\"}").warnings()).isEmpty();
    }
}
