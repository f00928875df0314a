package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The customer answers as the router writes them — a customer, one by contact, a search, a folder's
 * members, an explanation, rows classified, a folder's summary — for a viewer of everything and for one of a folder without personal
 * data, each equal to a reviewed answer under {@code src/test/resources/answers/} (openapi.yaml,
 * schemas {@code Customer} and {@code DimensionExplanation}). {@code -Danswers.write=<dir>} writes
 * them afresh into that directory, to review a deliberate change.
 */
class CustomerAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = """
            客户编号,客户名称,省份,城市,客户类型,销售渠道,联系电话,邮箱,累计金额,订单数,最近下单日期
            S1,杭州青木贸易有限公司,浙江,杭州,企业,直销,0571-8888 1234,sales@qingmu.cn,200000,60,2026-11-01
            S2,北京星河科技有限公司,北京,北京,企业,直销,13900139000,,500000,80,2026-11-02
            S3,Zhang Wei,北京,北京,个人,,,,,,
            """;

    private final InMemoryStores stores = new InMemoryStores();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private final LookupService lookups = new LookupService(stores.ingestStores(), SchemeSource.builtIn(), clock);
    private final Access.Viewer north = new Access.Viewer(List.of("north"), false);

    CustomerAnswersTest() {
        byte[] bytes = FILE.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/f.csv", bytes);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length, clock.instant()));
        stores.exporter(SchemeSource.builtIn(), clock)
                .export(ExportManifest.parse(stores.objects.content.get("manifests/" + r.importId() + ".json")));
    }

    private String code(String sourceId) {
        return stores.customers.resolve(List.of("sid:" + sourceId)).values().iterator().next().code();
    }

    private static void matches(String name, Object answer) throws Exception {
        JsonNode written = JSON.readTree(JSON.writeValueAsString(answer));
        String dir = System.getProperty("answers.write");
        if (dir != null) {
            Files.writeString(Path.of(dir, name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n");
        }
        try (InputStream in = CustomerAnswersTest.class.getResourceAsStream("/answers/" + name + ".json")) {
            assertThat(in).as("answers/%s.json", name).isNotNull();
            assertThat(written).as(name).isEqualTo(JSON.readTree(in));
        }
    }

    @Test
    void aCustomerInFullAndMasked() throws Exception {
        matches("customer-full", lookups.customers().customer(code("S2"), Access.Viewer.ALL));
        matches("customer-masked", lookups.customers().customer(code("S2"), north));
    }

    @Test
    void aChangeWithinItsFolderShowsNoMoveAndAChangeOfFolderShowsFromAndTo() {
        String later = """
                客户编号,邮箱
                S1,info@qingmu.cn
                """;
        String moved = """
                客户编号,省份,城市
                S1,北京,北京
                """;
        int n = 1;
        for (String file : List.of(later, moved)) {
            byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
            String key = "incoming/later-" + n + ".csv";
            String eTag = stores.objects.put(key, bytes);
            stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                    .ingest(new IncomingObject("b", key, null, eTag, bytes.length, clock.instant().plusSeconds(n++)));
        }
        History h = lookups.customers().history(code("S1"), null, null, Access.Viewer.ALL);
        assertThat(h.changes()).extracting(History.Change::kind).containsExactly("updated", "updated", "created");
        assertThat(h.changes().get(0).folder()).as("moved from east to north").isNotNull();
        assertThat(h.changes().get(0).folder().from()).startsWith("east");
        assertThat(h.changes().get(0).folder().to()).startsWith("north");
        assertThat(h.changes().get(1).fields()).extracting(History.Field::field).containsExactly("email");
        assertThat(h.changes().get(1).folder()).as("an email changed within the folder: no move").isNull();
        assertThat(h.changes().get(2).folder()).as("created in east").isEqualTo(new History.Move(null, h.changes().get(0).folder().from()));
        // The creation lists the values the customer was created with, not today's.
        Map<String, String> created = new TreeMap<>();
        h.changes().get(2).fields().forEach(f -> {
            assertThat(f.from()).isNull();
            created.put(f.field(), f.to());
        });
        assertThat(created).containsEntry("email", "sales@qingmu.cn").containsEntry("province", "浙江").containsEntry("city", "杭州")
                .containsEntry("name", "杭州青木贸易有限公司").containsEntry("sourceId", "S1");

        // So does the last page of a history read a page at a time, and a viewer without personal data sees it masked.
        History last = lookups.customers().history(code("S1"), "1", null, north);
        int pages = 1;
        while (last.next() != null) {
            last = lookups.customers().history(code("S1"), "1", last.next(), north);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(last.changes()).extracting(History.Change::kind).endsWith("created").hasSizeLessThan(3); // the move to 北京 was on an earlier page
        History.Change creation = last.changes().get(last.changes().size() - 1);
        assertThat(creation.fields()).filteredOn(f -> f.field().equals("province")).extracting(History.Field::to).containsExactly("浙江");
        assertThat(creation.fields()).filteredOn(f -> f.field().equals("email")).extracting(History.Field::to)
                .doesNotContain("sales@qingmu.cn").hasSize(1);
    }

    @Test
    void theCreationShowsTheFolderFirstFiledInOnEveryPageWhateverThePageSize() {
        String eastFolder = stores.customers.resolve(List.of("sid:S1")).values().iterator().next().folder();
        int n = 1;
        for (String file : List.of("客户编号,邮箱\nS1,info@qingmu.cn\n", "客户编号,省份,城市\nS1,北京,北京\n", "客户编号,邮箱\nS1,a@qingmu.cn\n")) {
            byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
            String key = "incoming/later-" + n + ".csv";
            stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT).ingest(new IncomingObject("b", key, null,
                    stores.objects.put(key, bytes), bytes.length, clock.instant().plusSeconds(n++)));
        }
        assertThat(eastFolder).startsWith("east");
        assertThat(lookups.customers().customer(code("S1"), Access.Viewer.ALL).folder()).as("moved since").startsWith("north");
        for (int size = 1; size <= 5; size++) {
            List<History.Change> read = new java.util.ArrayList<>();
            String cursor = null;
            do {
                History page = lookups.customers().history(code("S1"), Integer.toString(size), cursor, Access.Viewer.ALL);
                read.addAll(page.changes());
                cursor = page.next();
            } while (cursor != null);
            assertThat(read).as("pages of %d", size).extracting(History.Change::kind).containsExactly("updated", "updated", "updated", "created");
            assertThat(read.get(3).folder()).as("created in east, pages of %d", size).isEqualTo(new History.Move(null, eastFolder));
        }
    }

    @Test
    void aHistoryCursorIsRefusedByAnotherCustomersHistoryAndWhenCutShort() {
        // QA: S1's cursor was accepted on another customer's history, answering a page of it from S1's position.
        byte[] bytes = "客户编号,客户名称,邮箱\nS1,杭州青木贸易有限公司,a@qingmu.cn\nS2,成都天府食品厂,b@tianfu.cn\n".getBytes(StandardCharsets.UTF_8);
        stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT).ingest(new IncomingObject("b", "incoming/again.csv", null,
                stores.objects.put("incoming/again.csv", bytes), bytes.length, clock.instant().plusSeconds(1)));
        String next = lookups.customers().history(code("S1"), "1", null, Access.Viewer.ALL).next();
        assertThat(next).isNotNull();
        assertThat(lookups.customers().history(code("S1"), "1", next, Access.Viewer.ALL).changes()).isNotEmpty();
        for (String other : List.of(next.substring(0, next.length() - 3), "bnVsbA")) {
            assertThatThrownBy(() -> lookups.customers().history(code("S1"), "1", other, Access.Viewer.ALL))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("not one this listing issued");
        }
        assertThatThrownBy(() -> lookups.customers().history(code("S2"), "1", next, Access.Viewer.ALL))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not one this listing issued");
    }

    @Test
    void historyMasksPhonesAndEmailsWrittenInFreeTextAsTheCustomerAnswerDoes() {
        byte[] bytes = "客户编号,备注\nS1,联系人王先生 13700001111 wang@x.cn\n".getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/note.csv", bytes);
        stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/note.csv", null, eTag, bytes.length, clock.instant().plusSeconds(1)));
        Access.Viewer everyFolderNoPersonal = new Access.Viewer(List.of("*"), false);

        History h = lookups.customers().history(code("S1"), null, null, everyFolderNoPersonal);
        History.Field note = h.changes().get(0).fields().stream().filter(f -> f.field().equals("备注")).findFirst().orElseThrow();
        assertThat(note.to()).contains("联系人王先生").doesNotContain("13700001111").doesNotContain("wang@x.cn");
        assertThat(lookups.customers().history(code("S1"), null, null, Access.Viewer.ALL).changes().get(0).fields())
                .as("in full for a viewer of personal data").anySatisfy(f -> assertThat(f.to()).contains("13700001111"));
    }

    @Test
    void anErasedCustomersHistoryIsItsErasureAloneAndARowWithItsCodeIsRejectedAsErased() {
        String code = code("S2");
        new dev.custcode.stewardship.EraseService(stores.ingestStores(), SchemeSource.builtIn(), clock).erase(code);

        History h = lookups.customers().history(code, null, null, Access.Viewer.ALL);
        assertThat(h.changes()).as("no created entry pointing at the import and line of its row").hasSize(1);
        assertThat(h.changes().get(0).kind()).isEqualTo("erased");
        assertThat(h.changes().get(0).line()).isZero();

        byte[] bytes = ("code,客户名称\n" + code + ",命令行测试公司\n").getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/again.csv", bytes);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/again.csv", null, eTag, bytes.length, clock.instant().plusSeconds(5)));
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(new String(stores.objects.read("imports/" + r.importId() + "/rejected.csv").orElseThrow(), StandardCharsets.UTF_8))
                .contains("code " + code + " was erased");
    }

    @Test
    void customersByContactAndBySearch() throws Exception {
        matches("by-phone", lookups.customers().customersBy(Map.of("phone", "+86 571 88881234"), Access.Viewer.ALL));
        matches("by-name", lookups.customers().customersBy(new TreeMap<>(Map.of("name", "星河", "limit", "5")), north));
    }

    @Test
    void aDimensionFilterTakesLabelsInAnyCaseSeveralValuesAndRefusesAValueTheDimensionHasNot() {
        var byLabel = (CustomerView.Search) lookups.customers().customersBy(Map.of("type", "ENTERPRISE"), Access.Viewer.ALL);
        assertThat(byLabel.customers()).extracting(CustomerView::code).containsExactlyInAnyOrder(code("S1"), code("S2"))
                .as("in code order").isSorted();
        var byChineseLabel = (CustomerView.Search) lookups.customers().customersBy(Map.of("type", "个人客户"), Access.Viewer.ALL);
        assertThat(byChineseLabel.customers()).extracting(CustomerView::code).containsExactly(code("S3"));
        var several = (CustomerView.Search) lookups.customers().customersBy(Map.of("region", "north,East China"), Access.Viewer.ALL);
        assertThat(several.customers()).hasSize(3);
        var byFileWords = (CustomerView.Search) lookups.customers().customersBy(Map.of("type", "企業,个人"), Access.Viewer.ALL);
        assertThat(byFileWords.customers()).as("words the scheme's map reads in files, traditional too").hasSize(3);
        var traditionalLabel = (CustomerView.Search) lookups.customers().customersBy(Map.of("type", "個人客戶"), Access.Viewer.ALL);
        assertThat(traditionalLabel.customers()).extracting(CustomerView::code).containsExactly(code("S3"));
        var commaLabel = (CustomerView.Search) lookups.customers().customersBy(Map.of("region", "港澳台 Hong Kong, Macau, Taiwan"), Access.Viewer.ALL);
        assertThat(commaLabel.customers()).as("a label holding commas is one value").isEmpty();

        assertThatThrownBy(() -> lookups.customers().customersBy(Map.of("lifecycle", "Loyalish"), Access.Viewer.ALL))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("lifecycle has no value \"Loyalish\": its values are [").hasMessageContaining("loyal (");
    }

    @Test
    void aPairIsDismissedByItsIdInAnyCase() {
        String a = code("S1");
        String b = code("S2");
        var p = new dev.custcode.store.ImportStore.DuplicatePair(dev.custcode.store.ImportStore.DuplicatePair.id(a, b), a, b, 0.9,
                List.of("same phone"), "i", 2, clock.instant().toString(), dev.custcode.store.ImportStore.DuplicatePair.OPEN, null, null);
        stores.imports.proposePairs(List.of(p), java.util.Set.of());
        var dismissed = lookups.duplicates().dismissDuplicate(b.toLowerCase(java.util.Locale.ROOT) + "~" + a.toLowerCase(java.util.Locale.ROOT),
                Access.Viewer.ALL);
        assertThat(JSON.valueToTree(dismissed).path("status").asText()).isEqualTo("dismissed");
    }

    @Test
    void aFolderPathWithATrailingSlashIsTheFolder() {
        ApiRouter router = new ApiRouter(lookups);
        for (String path : List.of("north", "north/", "north/customers", "north/customers/")) {
            ApiResponse r = router.handle(new ApiRequest("GET /groups/{path+}", Map.of("path", path), Map.of(), null));
            assertThat(r.status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void classifyExplainsOnlyWhenAskedWithTrueAndRefusesAFlagItCannotRead() {
        ApiRouter router = new ApiRouter(lookups);
        String body = "{\"客户名称\":\"北京新公司有限公司\",\"省份\":\"北京\"}";
        ApiResponse plain = router.handle(new ApiRequest("POST /classify", Map.of(), Map.of("explain", "false"), body));
        ApiResponse explained = router.handle(new ApiRequest("POST /classify", Map.of(), Map.of("explain", "TRUE"), body));
        ApiResponse maybe = router.handle(new ApiRequest("POST /classify", Map.of(), Map.of("explain", "maybe"), body));

        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).doesNotContain("\"explain");
        assertThat(explained.status()).isEqualTo(200);
        assertThat(explained.body()).contains("\"explain");
        assertThat(maybe.status()).isEqualTo(400);
        assertThat(maybe.body()).contains("explain must be true or false");
    }

    @Test
    void aSearchInAFolderThatDoesNotExistIsNotFoundAsTheFolderIs() {
        assertThatThrownBy(() -> lookups.customers().customersBy(Map.of("folder", "nosuch"), Access.Viewer.ALL))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> lookups.customers().customersBy(Map.of("folder", "north/enterprise/tier-z"), Access.Viewer.ALL))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(JSON.valueToTree(lookups.customers().customersBy(Map.of("folder", "north"), Access.Viewer.ALL)).path("customers").size())
                .isPositive();
    }

    @Test
    void aFoldersMembersAPageAtATime() throws Exception {
        matches("members-page-1", lookups.groups().members("north", "1", null, Access.Viewer.ALL));
        String next = JSON.valueToTree(lookups.groups().members("north", "1", null, Access.Viewer.ALL)).path("next").asText();
        matches("members-page-2", lookups.groups().members("north", "1", next, Access.Viewer.ALL));
    }

    @Test
    void aFolderEmptiedForGoodHasNoMembersPageAsItHasNoSummary() {
        String leaf = stores.customers.all().stream().filter(c -> c.folder().startsWith("north/")).findFirst().orElseThrow().folder();
        stores.folders.recordCount(leaf, 0, clock.instant().plusSeconds(3600));
        java.util.List<String> others = stores.folders.all().stream().map(dev.custcode.store.FolderStore.FolderRecord::folder)
                .filter(f -> f.startsWith("north/") && !f.equals(leaf)).toList();
        others.forEach(f -> stores.folders.recordCount(f, 0, clock.instant().plusSeconds(3600)));

        assertThatThrownBy(() -> lookups.groups().members("north", "10", null, Access.Viewer.ALL))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> lookups.groups().members(leaf, "10", null, Access.Viewer.ALL))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void whyACustomerIsInItsFolder() throws Exception {
        matches("explain", lookups.customers().explain(code("S1"), Access.Viewer.ALL));
        matches("explain-masked", lookups.customers().explain(code("S2"), north));
    }

    @Test
    void whereRowsThatAreNotStoredWouldBeFiled() throws Exception {
        String rows = """
                [{"客户名称":"杭州新公司","省份":"浙江","联系电话":"0571-8888 1234","累计金额":"90000"},
                 {"name":"Li Lei","province":"Beijing","type":"personal"}]""";
        matches("classify", lookups.classify().classify(rows, false, Access.Viewer.ALL));
        matches("classify-explained-masked", lookups.classify().classify(rows, true, north));
    }

    @Test
    void aFoldersSummaryWithItsStatistics() throws Exception {
        matches("group-north", lookups.groups().group("north", Access.Viewer.ALL));
        matches("group-leaf", lookups.groups().group("north/personal/tier-c", Access.Viewer.ALL));
    }

    @Test
    void aPageOfDuplicatesHoldsAsManyAsAskedThoughPairsTheCallerMayNotSeeComeFirst() {
        String inEast = code("S1");
        String inNorth = code("S2");
        String alsoNorth = code("S3");
        stores.imports.proposePairs(List.of(pair(inEast, inNorth), pair(inNorth, alsoNorth)), java.util.Set.of());
        assertThat(dev.custcode.store.ImportStore.DuplicatePair.id(inEast, inNorth))
                .isLessThan(dev.custcode.store.ImportStore.DuplicatePair.id(inNorth, alsoNorth));

        DuplicatePair.Page page = lookups.duplicates().duplicates(null, "1", null, north);
        assertThat(page.items()).extracting(DuplicatePair::id).containsExactly(dev.custcode.store.ImportStore.DuplicatePair.id(inNorth, alsoNorth));
        assertThat(page.next()).isNull();
        assertThat(lookups.duplicates().duplicates(null, "1", null, Access.Viewer.ALL).items()).hasSize(1);
    }

    @Test
    void aFolderOfDuplicatesThatIsNoFolderPathIsRefused() {
        for (String bad : List.of("NORTH", "../..", "north//east", "east enterprise")) {
            assertThatThrownBy(() -> lookups.duplicates().duplicates(bad, null, null, Access.Viewer.ALL)).as(bad)
                    .isInstanceOf(ProblemException.class).hasMessageContaining("is not a folder path");
        }
        assertThat(lookups.duplicates().duplicates("/north/", null, null, Access.Viewer.ALL).folder()).isEqualTo("north");
    }

    @Test
    void pagesOfDuplicatesAreFullThoughManyClosedPairsComeFirstAndNoneIsEmpty() {
        byte[] bytes = "客户编号,客户名称,省份,城市\nS4,甲公司,北京,北京\nS5,乙公司,北京,北京\nS6,丙公司,北京,北京\n".getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/more.csv", bytes);
        stores.ingest(SchemeSource.builtIn(), clock, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/more.csv", null, eTag, bytes.length, clock.instant().plusSeconds(1)));
        // 300 closed pairs first in id order: 250 of customers undone since (codes no longer stored), 50 dismissed.
        List<dev.custcode.store.ImportStore.DuplicatePair> closed = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            closed.add(pair(String.format("AAA%06d", i), String.format("AAB%06d", i)));
        }
        stores.imports.proposePairs(closed, java.util.Set.of());
        closed.subList(250, 300).forEach(p -> stores.imports.dismissPair(p.id(), clock.instant()));
        List<String> open = java.util.stream.Stream.of(pair(code("S1"), code("S2")), pair(code("S1"), code("S3")), pair(code("S2"), code("S3")),
                pair(code("S4"), code("S5")), pair(code("S5"), code("S6"))).map(dev.custcode.store.ImportStore.DuplicatePair::id).sorted().toList();
        stores.imports.proposePairs(open.stream().map(id -> pair(id.split("~")[0], id.split("~")[1])).toList(), java.util.Set.of());
        assertThat(closed.get(closed.size() - 1).id()).isLessThan(open.get(0));

        List<Integer> sizes = new java.util.ArrayList<>();
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            DuplicatePair.Page page = lookups.duplicates().duplicates(null, "2", cursor, Access.Viewer.ALL);
            sizes.add(page.items().size());
            page.items().forEach(p -> seen.add(p.id()));
            cursor = page.next();
        } while (cursor != null && sizes.size() < 10);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).as("each open pair once, in id order").containsExactlyElementsOf(open);
    }

    @Test
    void aPageOfDuplicatesReadsABoundedNumberOfPairsAndItsNextAlwaysMovesOn() {
        List<dev.custcode.store.ImportStore.DuplicatePair> closed = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            closed.add(pair(String.format("AAA%06d", i), String.format("AAB%06d", i)));
        }
        stores.imports.proposePairs(closed, java.util.Set.of());
        String only = pair(code("S1"), code("S2")).id();
        stores.imports.proposePairs(List.of(pair(code("S1"), code("S2"))), java.util.Set.of());

        DuplicatePair.Page first = lookups.duplicates().duplicates(null, "2", null, Access.Viewer.ALL);
        assertThat(first.items()).as("1,000 closed pairs read, none open among them").isEmpty();
        assertThat(first.next()).as("more stored: the page goes on after the last pair read").isEqualTo(closed.get(999).id());
        DuplicatePair.Page second = lookups.duplicates().duplicates(null, "2", first.next(), Access.Viewer.ALL);
        assertThat(second.items()).isEmpty();
        DuplicatePair.Page third = lookups.duplicates().duplicates(null, "2", second.next(), Access.Viewer.ALL);
        assertThat(third.items()).extracting(DuplicatePair::id).containsExactly(only);
        assertThat(third.next()).isNull();
        assertThat(lookups.duplicates().duplicates(null, "500", null, Access.Viewer.ALL).items()).as("two reads of 500").isEmpty();
    }

    private static dev.custcode.store.ImportStore.DuplicatePair pair(String a, String b) {
        return new dev.custcode.store.ImportStore.DuplicatePair(dev.custcode.store.ImportStore.DuplicatePair.id(a, b), a, b, 0.9,
                List.of("same name"), "i", 2, "2026-12-02T10:00:00Z", dev.custcode.store.ImportStore.DuplicatePair.OPEN, "f", "f");
    }

    @Test
    void aStoredCustomerWithoutAValueOfADimensionIsExplainedWithStoredNull() throws Exception {
        var scheme = SchemeSource.builtIn().current();
        var explained = new dev.custcode.classify.Classifier(scheme).explain(Map.of("name", "x"), java.time.LocalDate.of(2026, 12, 2));
        JsonNode first = JSON.valueToTree(CustomerQueries.explanations(explained, Map.of(), scheme, Access.Viewer.ALL)).get(0);
        assertThat(first.has("stored")).isTrue();
        assertThat(first.get("stored").isNull()).isTrue();
        assertThat(JSON.valueToTree(CustomerQueries.explanations(explained, null, scheme, Access.Viewer.ALL)).get(0).has("stored"))
                .as("a row that is not stored has none").isFalse();
    }

    @Test
    void aCodeWithAControlCharacterIsNoCode() {
        for (String code : List.of("NED000001\u0000", "NED000001\u0007", "NED\u200B000001")) {
            ProblemException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProblemException.class,
                    () -> lookups.customers().customer(code, Access.Viewer.ALL));
            assertThat(e.status()).as(code).isEqualTo(400);
        }
    }
}
