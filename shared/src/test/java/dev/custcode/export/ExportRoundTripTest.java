package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An {@code _export.csv} dropped back as it was changes nothing, whatever the scheme's dimensions are named. */
class ExportRoundTripTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    private ImportReport drop(SchemeSource scheme, String key, byte[] bytes) {
        String eTag = stores.objects.put(key, bytes);
        return stores.ingest(scheme, clock, IngestSettings.DEFAULT).ingest(new IncomingObject("b", key, null, eTag, bytes.length, clock.instant()));
    }

    @Test
    void aDimensionNamedLikeAFieldDoesNotOverwriteTheFieldWhenItsExportComesBack() throws Exception {
        // The example scheme files by an "industry" dimension read from the "industry" field.
        Scheme scheme = SchemeLoader.parse(Files.readAllBytes(Path.of("../examples/north-south-scheme.json")));
        SchemeSource source = () -> scheme;
        String csv = """
                客户编号,客户名称,省份,行业,累计金额
                S1,杭州青木贸易有限公司,浙江,教育,200000
                S2,北京星河科技有限公司,北京,软件,500000
                S3,广州海风有限公司,广东,,1000
                """;
        ImportReport first = drop(source, "incoming/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        stores.exporter(source, clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + first.importId() + ".json")));

        List<String> exports = stores.objects.content.keySet().stream().filter(k -> k.matches("private/groups/[^/]+/_export.csv")).sorted().toList();
        assertThat(exports).as("the top-level folders' full exports").isNotEmpty();
        String header = new String(stores.objects.content.get(exports.get(0)), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(header).contains("\"industry (group)\"").contains("\"industry\"");

        for (String export : exports) {
            ImportReport again = drop(source, "incoming/again-" + export.replace('/', '-'), stores.objects.content.get(export));
            assertThat(again.counts().accepted()).as(export).isPositive();
            assertThat(again.counts().updated()).as(export + ": nothing changed").isZero();
            assertThat(again.counts().unchanged()).isEqualTo(again.counts().accepted());
        }
        Customer education = stores.customers.resolve(List.of("sid:S1")).values().iterator().next();
        assertThat(education.attributes()).containsEntry("industry", "教育");
        assertThat(education.dimensions()).containsEntry("industry", "other");
        assertThat(stores.customers.resolve(List.of("sid:S3")).values().iterator().next().attributes()).doesNotContainKey("industry");
    }

    @Test
    void aDimensionNamedAsAFieldsAliasIsHeadedAsAGroupSoAnEditOfTheFieldComesBackToTheField() throws Exception {
        // The industry dimension renamed sector: Sector is an alias of the industry field, shown in its own column.
        String json = Files.readString(Path.of("../examples/north-south-scheme.json"))
                .replace("\"name\": \"industry\",\n      \"label\"", "\"name\": \"sector\",\n      \"label\"")
                .replace("\"industry\",\n    \"tier\"", "\"sector\",\n    \"tier\"");
        Scheme scheme = SchemeLoader.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(scheme.dimension("sector")).isPresent();
        SchemeSource source = () -> scheme;
        ImportReport first = drop(source, "incoming/a.csv", "客户编号,客户名称,省份,行业\nS1,杭州青木贸易有限公司,浙江,教育\n".getBytes(StandardCharsets.UTF_8));
        stores.exporter(source, clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + first.importId() + ".json")));
        String export = stores.objects.content.keySet().stream().filter(k -> k.matches("private/groups/[^/]+/_export.csv")).findFirst().orElseThrow();
        String text = new String(stores.objects.content.get(export), StandardCharsets.UTF_8);
        assertThat(text.lines().findFirst().orElseThrow()).contains("\"sector (group)\"").contains("\"industry\"").doesNotContain("\"sector\"");

        ImportReport edited = drop(source, "incoming/edited.csv", text.replace("\"教育\"", "\"软件\"").getBytes(StandardCharsets.UTF_8));

        assertThat(edited.counts().updated()).isEqualTo(1);
        Customer c = stores.customers.resolve(List.of("sid:S1")).values().iterator().next();
        assertThat(c.attributes()).containsEntry("industry", "软件").doesNotContainKey("industry (2)");
        assertThat(c.dimensions()).containsEntry("sector", "technology");
    }

    @Test
    void otherColumnsAreInTheExportsAndComeBackAsThemselves() throws Exception {
        SchemeSource source = SchemeLoader::defaultScheme;
        String csv = """
                客户编号,客户名称,省份,累计金额,备注,Region,电话,Phone,Postal Code,Note,Note
                S1,杭州青木贸易有限公司,浙江,200000,老客户,East,0571-88881234,13900139000,310000,a,b
                S2,北京星河科技有限公司,北京,500000,,North,010-65432100,,100000,c,
                """;
        ImportReport first = drop(source, "incoming/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(first.counts().accepted()).isEqualTo(2);
        stores.exporter(source, clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + first.importId() + ".json")));

        String masked = new String(stores.objects.content.get("groups/east/_export.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(masked.lines().findFirst().orElseThrow().substring(1).replace("\"", "").split(","));
        // The file's Region is a column of the customer's, so the region dimension is headed region (group);
        // Phone after 电话 is the second phone.
        assertThat(header).contains("phone2", "Region", "region (group)", "备注", "address", "Postal Code", "Note", "note (2)")
                .endsWith("createdAt", "updatedAt");
        String row = masked.lines().skip(1).findFirst().orElseThrow();
        assertThat(row).contains("\"老客户\"", "\"East\"").doesNotContain("13900139000");
        String full = new String(stores.objects.content.get("private/groups/east/_export.csv"), StandardCharsets.UTF_8);
        assertThat(full).contains("13900139000");

        for (String export : List.of("private/groups/east/_export.csv", "private/groups/north/_export.csv")) {
            ImportReport again = drop(source, "incoming/again-" + export.replace('/', '-'), stores.objects.content.get(export));
            assertThat(again.counts().accepted()).as(export).isEqualTo(1);
            assertThat(again.counts().unchanged()).as(export + ": nothing changed").isEqualTo(1);
            assertThat(again.input().otherColumns()).as(export).contains("备注", "Region", "Postal Code", "note (2)");
        }
        Customer qingmu = stores.customers.resolve(List.of("sid:S1")).values().iterator().next();
        assertThat(qingmu.attributes()).containsEntry("备注", "老客户").containsEntry("region", "East").containsEntry("phone2", "13900139000")
                .containsEntry("postalcode", "310000").containsEntry("note", "a").containsEntry("note (2)", "b").hasSize(11)
                .doesNotContainKey("region (group)");
    }

    @Test
    void theMaskedExportDroppedBackLeavesNotesWithContactsInThemAndShortPhonesAsStored() throws Exception {
        SchemeSource source = SchemeLoader::defaultScheme;
        String csv = """
                客户编号,客户名称,省份,电话,座机,Notes,备注
                M1,新疆备忘有限公司,新疆,88881234,6543 2100,call Mr Wang 13912345678 or wang@acme.cn,联系人王先生 13911112222 周一来电
                M2,新疆短号有限公司,新疆,816,12,,
                """;
        ImportReport first = drop(source, "incoming/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(first.counts().accepted()).isEqualTo(2);
        stores.exporter(source, clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + first.importId() + ".json")));
        String export = stores.objects.content.keySet().stream().filter(k -> k.matches("groups/[^/]+/_export.csv")).findFirst().orElseThrow();
        String masked = new String(stores.objects.content.get(export), StandardCharsets.UTF_8);
        assertThat(masked).contains("139****5678", "w***@acme.cn", "88**1234", "**6").doesNotContain("13912345678", "88881234");

        ImportReport again = drop(source, "incoming/back.csv", stores.objects.content.get(export));
        assertThat(again.counts().accepted()).isEqualTo(2);
        assertThat(again.counts().unchanged()).as("the masked export as it was changes nothing").isEqualTo(2);
        Customer memo = stores.customers.resolve(List.of("sid:M1")).values().iterator().next();
        assertThat(memo.attributes()).containsEntry("notes", "call Mr Wang 13912345678 or wang@acme.cn")
                .containsEntry("备注", "联系人王先生 13911112222 周一来电").containsEntry("phone", "88881234");
        assertThat(stores.customers.resolve(List.of("sid:M2")).values().iterator().next().attributes()).containsEntry("phone", "816");

        // A mask of the old kind (one star, as exports made before masks had two) is no number either.
        String old = "客户编号,电话\nM1,888*1234\nM2,-*16\n";
        ImportReport oldCopy = drop(source, "incoming/old.csv", old.getBytes(StandardCharsets.UTF_8));
        assertThat(oldCopy.counts().unchanged()).isEqualTo(2);
        assertThat(stores.customers.resolve(List.of("sid:M1")).values().iterator().next().attributes()).containsEntry("phone", "88881234");
    }

    @Test
    void aColumnWithoutAHeaderComesBackAsItselfRoundAfterRound() throws Exception {
        SchemeSource source = SchemeLoader::defaultScheme;
        ImportReport first = drop(source, "incoming/a.csv", "客户编号,客户名称,\r\nHL1,无表头列公司,v1\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(first.counts().created()).isEqualTo(1);
        for (int round = 1; round <= 2; round++) {
            // The folder exported again (nothing changed it: the first import's manifest names it).
            stores.exporter(source, clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + first.importId() + ".json")));
            String export = stores.objects.content.keySet().stream().filter(k -> k.matches("private/groups/[^/]+/_export.csv")).findFirst()
                    .orElseThrow();
            assertThat(new String(stores.objects.content.get(export), StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                    .as("round %d", round).contains("\"column 3\"").doesNotContain("column3");
            ImportReport again = drop(source, "incoming/round-" + round + ".csv", stores.objects.content.get(export));
            assertThat(again.counts().unchanged()).as("round %d changes nothing", round).isEqualTo(1);
            assertThat(stores.customers.resolve(List.of("sid:HL1")).values().iterator().next().attributes())
                    .containsEntry("column 3", "v1").doesNotContainKeys("column3", "column3 (2)");
        }
    }
}
