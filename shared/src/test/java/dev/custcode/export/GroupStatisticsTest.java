package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.api.Access;
import dev.custcode.api.LookupService;
import dev.custcode.api.ProblemException;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.evaluate.RunRequest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.ingest.IngestStores;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folder statistics in {@code _summary.json}, the search index the exports write, and searches by name and dimension. */
class GroupStatisticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryStores stores = new InMemoryStores();
    private Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    private ImportReport drop(String name, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/" + name, bytes);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/" + name, null, eTag, bytes.length, clock.instant()));
        stores.exporter(SchemeSource.builtIn(), clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + r.importId() + ".json")));
        return r;
    }

    private JsonNode json(String key) throws Exception {
        return JSON.readTree(stores.objects.content.get(key));
    }

    private LookupService lookups() {
        return new LookupService(stores.ingestStores(), SchemeSource.builtIn(), clock);
    }

    private static final String FILE = """
            客户编号,客户名称,省份,累计金额,订单数,毛利,最近下单日期
            S1,杭州青木贸易有限公司,浙江,200000,60,30000,2026-11-01
            S2,宁波青木文具有限公司,浙江,150000,12,,2026-10-01
            S3,温州海风有限公司,浙江,120000,3,5000,2024-01-01
            S4,ACME Trading Ltd.,浙江,1000,1,,2026-11-20
            S5,北京星河科技有限公司,北京,500000,80,90000,2026-11-02
            """;

    @Test
    void summariesCountSumAndAverageAmountProfitAndOrdersAndMixTiersAndLifecycles() throws Exception {
        drop("f.csv", FILE);
        JsonNode a = json("groups/east/enterprise/tier-a/_summary.json").get("statistics");
        assertThat(a.get("count").asLong()).isEqualTo(3);
        assertThat(a.at("/amount/sum").decimalValue()).isEqualByComparingTo("470000");
        assertThat(a.at("/amount/average").decimalValue()).isEqualByComparingTo("156666.67");
        assertThat(a.at("/profit/sum").decimalValue()).isEqualByComparingTo("35000");
        assertThat(a.at("/profit/members").asLong()).as("an average over those with a value").isEqualTo(2);
        assertThat(a.at("/profit/average").decimalValue()).isEqualByComparingTo("17500");
        assertThat(a.at("/orders/sum").asLong()).isEqualTo(75);
        assertThat(a.at("/mix/lifecycle").toString()).isEqualTo("{\"churned\":1,\"loyal\":2}");
        assertThat(a.at("/mix/importance").toString()).isEqualTo("{\"high\":3}");
        JsonNode east = json("groups/east/_summary.json").get("statistics");
        assertThat(east.get("count").asLong()).isEqualTo(4);
        assertThat(east.at("/mix/tier").toString()).isEqualTo("{\"a\":3,\"c\":1}");
        assertThat(east.at("/amount/sum").decimalValue()).isEqualByComparingTo("471000");
        assertThat(east.has("sinceLastRun")).as("no run yet").isFalse();
        assertThat(lookups().groups().group("east", Access.Viewer.ALL).statistics().count()).isEqualTo(4);
    }

    @Test
    void afterARunSummariesTellWhoIsNewSinceAndWhoMovedInAndOut() throws Exception {
        drop("f.csv", FILE);
        // A year later S2 (12 orders, last in October 2026) is churned; S1 too. Then a new customer arrives.
        ReevaluationService runs = new ReevaluationService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, 2);
        var report = runs.run(RunRequest.fromObject("request", clock.instant(), RunRequest.REQUEST_KEY, "v", "1").withAsOf(LocalDate.parse("2027-12-01")));
        assertThat(report.changed()).isPositive();
        stores.exporter(SchemeSource.builtIn(), clock).export(ExportManifest.parse(stores.objects.content.get("manifests/" + report.runId() + ".json")));
        clock = Clock.offset(clock, java.time.Duration.ofHours(1));
        drop("g.csv", "客户编号,客户名称,省份\nS6,杭州新客有限公司,浙江\n");
        JsonNode since = json("groups/east/_summary.json").at("/statistics/sinceLastRun");
        assertThat(since.get("runId").asText()).isEqualTo(report.runId());
        assertThat(since.get("new").asLong()).isEqualTo(1);
        assertThat(since.get("movedIn").asLong()).isZero();
    }

    @Test
    void theSearchIndexFindsCustomersByPartOfTheirNameAndByDimensionWithinAFolder() throws Exception {
        drop("f.csv", FILE);
        String index = stores.objects.text(SearchIndex.key("east"));
        assertThat(index.lines()).hasSize(4).allMatch(l -> l.split("\t").length == 4);
        assertThat(index).contains("杭州青木贸易有限公司").doesNotContain("北京星河");

        LookupService lookups = lookups();
        assertThat(codes(lookups.customers().customersBy(Map.of("name", "青木"), Access.Viewer.ALL))).hasSize(2);
        assertThat(codes(lookups.customers().customersBy(Map.of("name", "acme"), Access.Viewer.ALL))).as("Latin names case-insensitively").hasSize(1);
        assertThat(codes(lookups.customers().customersBy(Map.of("name", "ＡＣＭＥ"), Access.Viewer.ALL))).as("and full-width").hasSize(1);
        assertThat(SearchIndex.searchable("Zoë Müller-Ångström")).isEqualTo("zoe muller-angstrom");
        assertThat(SearchIndex.searchable("Łódzka Spółdzielnia")).as("QA: Lodzka found nothing").isEqualTo("lodzka spoldzielnia");
        assertThat(SearchIndex.searchable("ガス株式会社")).as("kana keep their voicing marks").isEqualTo("ガス株式会社");
        assertThat(codes(lookups.customers().customersBy(Map.of("name", "青木貿易"), Access.Viewer.ALL))).as("traditional Chinese finds simplified").hasSize(1);
        assertThat(SearchIndex.searchable("陳記貿易有限公司")).isEqualTo("陈记贸易有限公司");
        assertThat(codes(lookups.customers().customersBy(Map.of("folder", "east", "lifecycle", "churned"), Access.Viewer.ALL))).hasSize(1);
        assertThat(codes(lookups.customers().customersBy(Map.of("lifecycle", "loyal"), Access.Viewer.ALL))).hasSize(3);
        assertThat(codes(lookups.customers().customersBy(Map.of("folder", "north", "name", "青木"), Access.Viewer.ALL))).isEmpty();

        var first = (dev.custcode.api.CustomerView.Search) lookups.customers().customersBy(Map.of("folder", "east", "limit", "3"), Access.Viewer.ALL);
        assertThat(codes(first)).hasSize(3);
        var rest = (dev.custcode.api.CustomerView.Search) lookups.customers().customersBy(
                Map.of("folder", "east", "limit", "3", "cursor", first.next()), Access.Viewer.ALL);
        assertThat(codes(rest)).hasSize(1).doesNotContainAnyElementsOf(codes(first));
        assertThat(rest.next()).isNull();

        Access.Viewer northOnly = new Access(List.of(), new Access.Grant("*", List.of("north"), false)).viewer(List.of("anyone"));
        assertThat(codes(lookups.customers().customersBy(Map.of("name", "有限公司"), northOnly))).hasSize(1);
        assertThatThrownBy(() -> lookups.customers().customersBy(Map.of("colour", "red"), Access.Viewer.ALL)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("colour");
        for (String blank : List.of("", "   ", "\u3000")) {
            assertThatThrownBy(() -> lookups.customers().customersBy(Map.of("name", blank), Access.Viewer.ALL)).as("name '%s'", blank)
                    .isInstanceOf(ProblemException.class).hasMessageContaining("name is empty");
        }
    }

    @Test
    void aFolderEveryoneLeftKeepsNoExportSummaryOrIndex() throws Exception {
        drop("a.csv", "客户编号,客户名称,省份\nM1,温州海风有限公司,浙江\n");
        assertThat(stores.objects.content).containsKeys("groups/east/_export.csv", "private/groups/east/enterprise/tier-c/_export.csv",
                "groups/east/enterprise/tier-c/_summary.json", SearchIndex.key("east"));
        drop("b.csv", "客户编号,客户名称,省份\nM1,温州海风有限公司,北京\n");
        assertThat(stores.objects.content.keySet()).noneMatch(k -> k.startsWith("groups/east") || k.startsWith("private/groups/east")
                || k.equals(SearchIndex.key("east")));
        assertThat(stores.objects.content).containsKeys("groups/north/enterprise/tier-c/_export.csv", SearchIndex.key("north"));
        JsonNode index = json("groups/_index.json");
        assertThat(index.get("total").asLong()).isEqualTo(1);
        assertThat(index.get("children")).extracting(c -> c.get("folder").asText()).containsExactly("north");
    }

    private static List<String> codes(dev.custcode.api.CustomerView.Found answer) {
        return ((dev.custcode.api.CustomerView.Search) answer).customers().stream().map(dev.custcode.api.CustomerView::code).toList();
    }
}
