package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code src/test/resources/corpus/} through the whole ingest logic (in-memory
 * stores): what is detected, what is accepted or rejected and why, where customers are filed.
 */
class IngestCorpusTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);

    private ImportReport drop(String corpusFile) throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/corpus/" + corpusFile)) {
            bytes = in.readAllBytes();
        }
        String key = "incoming/" + corpusFile;
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", key, null, eTag, bytes.length));
    }

    private Customer customer(String identityKey) {
        return stores.customers.byKey(identityKey);
    }

    private String rejected(ImportReport report) {
        return stores.objects.text(report.rejectedFile());
    }

    @Test
    void excelUtf8WithBom() throws IOException {
        ImportReport r = drop("excel-utf8-bom.csv");
        assertThat(r.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(r.input().encoding()).isEqualTo("UTF-8");
        assertThat(r.input().encodingEvidence()).contains("byte-order mark");
        assertThat(r.counts()).isEqualTo(new ImportReport.Counts(6, 6, 6, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(customer("sid:C0001").folder()).isEqualTo("north/enterprise/tier-a");
        assertThat(customer("sid:C0001").code()).isEqualTo("NED000001");
        assertThat(customer("sid:C0003").folder()).isEqualTo("south/personal/tier-c");
        assertThat(customer("sid:C0003").prefix()).isEqualTo("SPO");
        assertThat(customer("sid:C0004").folder()).as("食品厂 is a company; 58,000 and 12 orders are tier B").isEqualTo("southwest/enterprise/tier-b");
        assertThat(customer("sid:C0004").prefix()).isEqualTo("WEL");
        assertThat(customer("sid:C0006").prefix()).isEqualTo("DEA");
        assertThat(customer("sid:C0005").dimensions()).containsEntry("lifecycle", "new").containsEntry("channel", "online");
        assertThat(r.codeRanges()).extracting(ImportReport.CodeRange::prefix).containsExactly("DEA", "EEA", "EPO", "NED", "SPO", "WEL");
    }

    /** identity → what ingest made of it, for comparing files. */
    private Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        stores.customers.all().forEach(c -> out.put(c.keys().get(0), c.folder() + " " + c.prefix() + " " + new TreeMap<>(c.attributes())));
        return out;
    }

    @Test
    void gbkAndUtf16ExportsGiveTheSameCustomersAsUtf8() throws IOException {
        drop("excel-utf8-bom.csv");
        Map<String, String> utf8 = snapshot();

        InMemoryStores gbkStores = new InMemoryStores();
        byte[] gbk = getClass().getResourceAsStream("/corpus/excel-gbk.csv").readAllBytes();
        String eTag = gbkStores.objects.put("incoming/gbk.csv", gbk);
        ImportReport r = gbkStores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/gbk.csv", null, eTag, gbk.length));
        assertThat(r.input().encoding()).isEqualTo("GB18030");
        assertThat(r.status()).isEqualTo(ImportStatus.COMPLETED);

        // The same content again, now in GBK and UTF-16: nothing new, nothing changed.
        ImportReport again = drop("excel-gbk.csv");
        Map<String, String> afterGbk = snapshot();
        afterGbk.forEach((k, v) -> assertThat(v).as(k).isEqualTo(utf8.get(k)));
        assertThat(again.counts().unchanged()).isEqualTo(6);
        ImportReport utf16 = drop("excel-utf16le.csv");
        assertThat(utf16.input().encoding()).isEqualTo("UTF-16LE");
        assertThat(utf16.input().delimiter()).isEqualTo("tab");
        assertThat(utf16.counts().unchanged()).isEqualTo(6);
        assertThat(snapshot()).isEqualTo(utf8);
        Map<String, String> fromGbk = new TreeMap<>();
        gbkStores.customers.all().forEach(c -> fromGbk.put(c.keys().get(0), c.folder() + " " + c.prefix() + " " + new TreeMap<>(c.attributes())));
        assertThat(fromGbk).isEqualTo(utf8);
    }

    @Test
    void wholeFileProblemsFailWithAReason() throws IOException {
        assertThat(drop("empty.csv")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
            assertThat(r.message()).contains("empty");
        });
        assertThat(drop("header-only.csv")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(ImportStatus.FAILED);
            assertThat(r.message()).contains("no data rows");
            assertThat(r.counts().rows()).isZero();
        });
        assertThat(drop("no-header.csv").message()).contains("no recognizable header");
        // Keyed by customer id, it could update known customers; it names none, so every row is rejected.
        ImportReport noName = drop("missing-name-column.csv");
        assertThat(noName.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(rejected(noName)).contains("required field name is empty (the row matches no existing customer)");
        assertThat(noName.message()).as("said of the file, not only of each row")
                .contains("no column gives the customer's name").contains("客户名称").doesNotContain("conflicts.csv");
        ImportReport binary = drop("binary.csv");
        assertThat(binary.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(binary.message()).contains("not text");
        assertThat(stores.customers.all()).isEmpty();
        assertThat(stores.objects.text(binary.rejectedFile())).isEqualTo("\uFEFF\"line\",\"reason\",\"content\"\r\n");
    }

    @Test
    void overLongLineIsRejectedAndTheRestImported() throws IOException {
        ImportReport r = drop("long-line.csv");
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().rows()).isEqualTo(3);
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(rejected(r)).contains("\r\n\"3\",\"record is ").contains("the limit is 65536");
        assertThat(customer("sid:L3")).isNotNull();
    }

    @Test
    void aLineInAnotherEncodingIsRejectedAlone() throws IOException {
        ImportReport r = drop("mixed-encodings.csv");
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.input().encoding()).isEqualTo("UTF-8");
        assertThat(r.counts().accepted()).isEqualTo(3);
        assertThat(rejected(r)).contains("\r\n\"4\",\"bytes that are not valid UTF-8");
        assertThat(customer("sid:M4").attributes()).containsEntry("name", "深圳丁公司");
    }

    @Test
    void messyValuesAreNormalizedAndDuplicatesMerged() throws IOException {
        ImportReport r = drop("messy-semicolon.csv");
        assertThat(r.input().delimiter()).isEqualTo(";");
        assertThat(r.input().columns()).containsEntry("name", "Name").containsEntry("email", "E-mail").containsEntry("channel", "Sales Channel");
        assertThat(r.counts()).isEqualTo(new ImportReport.Counts(6, 4, 3, 1, 0, 2, 0, 0, 1, 0, 0));
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        String rejected = rejected(r);
        assertThat(rejected).contains("\r\n\"6\",\"no identity: none of code, customer id, tax id, phone, email, name + city is present and valid\"")
                .contains("\r\n\"7\",\"expected 9 fields, found 10");
        // The raw line keeps its shape with every cell but its first (the id, in its place) masked (it has a cell more
        // than the header: which column holds what after the first cannot be told); in full only under private/.
        assertThat(rejected).contains("E5;E***;H***;1***;e***;D***").doesNotContain("13800138005").doesNotContain("eve@");
        assertThat(stores.objects.text("private/" + r.rejectedFile())).contains("E5;Eve;Hubei;13800138005;eve@example.com;Direct");

        Customer acme = customer("sid:E1");
        assertThat(acme.attributes()).containsEntry("name", "Acme Widgets Ltd.");
        assertThat(acme.folder()).isEqualTo("south/enterprise/tier-a");
        assertThat(acme.code()).isEqualTo("SEO000001");
        assertThat(acme.dimensions()).containsEntry("lifecycle", "repeat");
        Customer bob = customer("sid:E2");
        assertThat(bob.attributes()).as("the last row wins").containsEntry("province", "Hubei").containsEntry("orders", "12");
        assertThat(bob.folder()).isEqualTo("central/personal/tier-a");
        assertThat(bob.prefix()).as("the code is given once, from the final row of the batch").isEqualTo("CPA");
        assertThat(customer("sid:E3").folder()).isEqualTo("unknown/personal/tier-c");
    }

    @Test
    void exportsAreWrittenForEveryChangedFolderAndItsAncestors() throws IOException {
        ImportReport r = drop("excel-utf8-bom.csv");
        assertThat(stores.objects.content).doesNotContainKey("groups/_index.json");
        var manifest = dev.custcode.export.ExportManifest.parse(stores.objects.content.get("manifests/" + r.importId() + ".json"));
        assertThat(manifest.folders()).contains("north/enterprise/tier-a", "southwest/enterprise/tier-b");
        var result = stores.exporter(SchemeSource.builtIn(), CLOCK).export(manifest);
        assertThat(result.rows()).isEqualTo(6);
        assertThat(result.total()).isEqualTo(6);
        assertThat(r.exportReport()).isEqualTo("exports/" + r.importId() + ".json");
        assertThat(stores.objects.content).containsKey(r.exportReport());
        assertThat(stores.objects.content).containsKeys("groups/_index.json", "groups/north/_export.csv",
                "groups/north/enterprise/_export.csv", "groups/north/enterprise/tier-a/_export.csv", "groups/north/enterprise/tier-a/_summary.json");
        String export = stores.objects.text("groups/north/enterprise/tier-a/_export.csv");
        assertThat(export).startsWith("\uFEFF\"code\",\"name\",\"company\",\"region\",\"type\",\"channel\",\"tier\",\"lifecycle\",\"importance\",\"folder\",")
                .contains("\"NED000001\",\"北京星河科技有限公司\",\"\",\"华北 North China\",\"企业客户 Enterprise\",\"直销 Direct\",\"A 类 Key account\",");
        // Personal fields masked under groups/, in full only in the private/ copy of the same layout.
        assertThat(export).contains("\"010-**** 2100\"").doesNotContain("6543");
        String full = stores.objects.text("private/groups/north/enterprise/tier-a/_export.csv");
        assertThat(full).contains("\"010-6543 2100\"");
        assertThat(full.lines().count()).isEqualTo(export.lines().count());
        assertThat(stores.objects.content).containsKeys("private/groups/north/_export.csv", "private/groups/north/enterprise/_export.csv")
                .doesNotContainKey("private/groups/_index.json").doesNotContainKey("private/groups/north/_summary.json");
    }
}
