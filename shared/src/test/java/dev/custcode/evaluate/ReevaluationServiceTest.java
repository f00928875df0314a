package dev.custcode.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.customer.Customer;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.ingest.IngestStores;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.HistoryStore;
import dev.custcode.testing.InMemoryStores;
import dev.custcode.testing.TestSchemes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Re-evaluation runs on the in-memory stores with a fixed clock (the local-stack behaviour is in ReevaluationIT). */
class ReevaluationServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String FILE = """
            客户编号,客户名称,省份,订单数,最近下单日期,累计金额
            C1,杭州青木贸易有限公司,浙江,12,2026-10-01,50000
            C2,李雷,北京,1,2026-11-01,300
            C3,韩梅梅,广东,0,,
            C4,深圳远航科技有限公司,广东,3,2025-01-05,150000
            """;

    private static void load(InMemoryStores stores, SchemeSource schemes, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/f" + stores.objects.content.size() + ".csv";
        String eTag = stores.objects.put(key, bytes);
        stores.ingest(schemes, CLOCK, IngestSettings.DEFAULT).ingest(new IncomingObject("b", key, null, eTag, bytes.length, CLOCK.instant()));
    }

    private static ReevaluationService service(InMemoryStores stores, CustomerStore customers, SchemeSource schemes) {
        return new ReevaluationService(new IngestStores(stores.objects, customers, stores.counters, stores.gapless, stores.imports,
                stores.history, stores.folders), schemes, CLOCK, 3);
    }

    private static RunRequest request(String asOf, String tag) {
        return RunRequest.fromObject("request", CLOCK.instant(), RunRequest.REQUEST_KEY, tag, "0").withAsOf(LocalDate.parse(asOf));
    }

    private static Map<String, String> lifecycles(InMemoryStores stores) {
        return stores.customers.all().stream().collect(Collectors.toMap(c -> c.attributes().get("sourceId"),
                c -> c.dimensions().get("lifecycle"), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> codes(InMemoryStores stores) {
        return stores.customers.all().stream().collect(Collectors.toMap(Customer::code, c -> c.attributes().get("sourceId"), (a, b) -> a, TreeMap::new));
    }

    @Test
    void aYearLaterLoyalAndRepeatCustomersWhoStoppedOrderingAreChurnedAndNoCodeChanges() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        assertThat(lifecycles(stores)).containsExactlyEntriesOf(new TreeMap<>(Map.of("C1", "loyal", "C2", "new", "C3", "potential", "C4", "churned")));
        Map<String, String> codesBefore = codes(stores);

        EvaluationReport report = service(stores, stores.customers, SchemeSource.builtIn()).run(request("2027-11-30", "a"));

        assertThat(lifecycles(stores)).containsExactlyEntriesOf(new TreeMap<>(Map.of("C1", "churned", "C2", "churned", "C3", "potential", "C4", "churned")));
        assertThat(codes(stores)).isEqualTo(codesBefore);
        assertThat(report.status()).isEqualTo("DONE");
        assertThat(report.asOf()).isEqualTo("2027-11-30");
        assertThat(report.customers()).isEqualTo(4);
        assertThat(report.changed()).isEqualTo(2);
        assertThat(report.moved()).isZero(); // lifecycle is filed in no folder of the default scheme
        assertThat(report.matrix().get("lifecycle")).isEqualTo(Map.of("loyal", Map.of("churned", 1L), "new", Map.of("churned", 1L),
                "potential", Map.of("potential", 1L), "churned", Map.of("churned", 1L)));
        String movements = stores.objects.text(EvaluationReport.movementsKey(report.runId()));
        assertThat(movements.lines().toList()).hasSize(3);
        assertThat(movements).contains("杭州青木贸易有限公司").contains("lifecycle loyal → churned").contains("lifecycle new → churned");
        // Names are not personal in the default scheme: the full copy under private/ is the same list.
        assertThat(stores.objects.text(IngestService.privateCopy(EvaluationReport.movementsKey(report.runId())))).isEqualTo(movements);
        String c1 = codesBefore.entrySet().stream().filter(e -> e.getValue().equals("C1")).findFirst().orElseThrow().getKey();
        List<HistoryStore.Change> history = stores.history.of(c1, null, 10).items();
        assertThat(history.get(0).kind()).isEqualTo(ReevaluationService.KIND);
        assertThat(history.get(0).importId()).isEqualTo(report.runId());
        assertThat(history.get(0).fields()).containsExactly(new HistoryStore.FieldChange("dimension:lifecycle", "loyal", "churned"));
        assertThat(stores.objects.content).containsKey(EvaluationReport.reportKey(report.runId()));
    }

    @Test
    void aRunWithNothingToChangeWritesNoCustomerAndAFinishedRunIsAnsweredAsItIs() {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        AtomicInteger writes = new AtomicInteger();
        CustomerStore counting = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public List<Rejected> write(List<CustomerWrite> w) {
                writes.addAndGet(w.size());
                return super.write(w);
            }
        };
        ReevaluationService runs = service(stores, counting, SchemeSource.builtIn());
        EvaluationReport first = runs.run(request("2026-11-30", "same-day"));
        assertThat(first.changed()).isZero();
        assertThat(first.customers()).isEqualTo(4);
        assertThat(writes).hasValue(0);
        assertThat(stores.objects.content.keySet()).noneMatch(k -> k.startsWith("manifests/" + first.runId()));

        runs.run(request("2027-11-30", "later"));
        int afterMove = writes.get();
        assertThat(afterMove).isEqualTo(2);
        EvaluationReport again = runs.run(request("2027-11-30", "later-again"));
        assertThat(again.changed()).isZero();
        assertThat(writes).hasValue(afterMove);
        assertThat(runs.run(request("2027-11-30", "later"))).isEqualTo(runs.run(request("2027-11-30", "later")));
        assertThat(writes).hasValue(afterMove);
    }

    @Test
    void aParetoSchemeOnAThousandCustomersWithDistinctAmountsPutsExactlyTheTop200InA() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        SchemeSource pareto = TestSchemes.source(TestSchemes.pareto());
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount\n");
        java.util.Random random = new java.util.Random(11);
        List<Integer> amounts = new java.util.ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            amounts.add(i * 10 + random.nextInt(10));
        }
        java.util.Collections.shuffle(amounts, random);
        for (int i = 0; i < 1000; i++) {
            csv.append("P").append(i).append(",Person ").append(i).append(",浙江,").append(amounts.get(i)).append('\n');
        }
        load(stores, pareto, csv.toString());
        // Before any run no threshold is known: the population rules decide nothing, everyone is at the default.
        assertThat(stores.customers.all()).allMatch(c -> c.dimensions().get("tier").equals("c"));

        EvaluationReport report = service(stores, stores.customers, pareto).run(request("2026-11-30", "pareto"));

        Map<String, List<Integer>> byTier = stores.customers.all().stream().collect(Collectors.groupingBy(c -> c.dimensions().get("tier"),
                Collectors.mapping(c -> Integer.parseInt(c.attributes().get("amount")), Collectors.toList())));
        assertThat(byTier.get("a")).hasSize(200);
        assertThat(byTier.get("b")).hasSize(300);
        assertThat(byTier.get("c")).hasSize(500);
        int lowestA = byTier.get("a").stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(byTier.get("b")).allMatch(v -> v < lowestA);
        assertThat(report.thresholds().get("amount:20").intValue()).isEqualTo(lowestA);
        assertThat(report.moved()).isEqualTo(500);
        assertThat(report.matrix().get("tier")).isEqualTo(Map.of("c", Map.of("a", 200L, "b", 300L, "c", 500L)));
        assertThat(stores.customers.all()).filteredOn(c -> c.dimensions().get("tier").equals("a"))
                .allMatch(c -> c.folder().endsWith("/tier-a"));

        // Between runs an import ranks new customers by the latest run's thresholds.
        load(stores, pareto, "Customer Id,Name,Province,Amount\nNEW1,Big,浙江," + (lowestA + 1) + "\nNEW2,Small,浙江,1\n");
        Map<String, String> newcomers = stores.customers.all().stream().filter(c -> c.attributes().get("sourceId").startsWith("NEW"))
                .collect(Collectors.toMap(c -> c.attributes().get("sourceId"), c -> c.dimensions().get("tier")));
        assertThat(newcomers).isEqualTo(Map.of("NEW1", "a", "NEW2", "c"));
    }

    @Test
    void aPreviewAsOfAYearLaterSaysWhatTheRunWouldMoveAndChangesNothing() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        List<Customer> customersBefore = new java.util.ArrayList<>(stores.customers.all());
        ReevaluationService runs = service(stores, stores.customers, SchemeSource.builtIn());

        EvaluationReport preview = runs.run(request("2027-11-30", "p").asPreview());

        assertThat(preview.status()).isEqualTo("DONE");
        assertThat(preview.draft()).isEqualTo(RunRequest.ACTIVE_SCHEME);
        assertThat(preview.changed()).as("loyal and new customers who stopped ordering would churn").isPositive();
        assertThat(stores.customers.all()).as("nothing written").containsExactlyInAnyOrderElementsOf(customersBefore);
        EvaluationReport real = runs.run(request("2027-11-30", "r"));
        assertThat(List.of(real.changed(), real.moved())).isEqualTo(List.of(preview.changed(), preview.moved()));
        assertThat(real.matrix()).isEqualTo(preview.matrix());
    }

    @Test
    void aDraftSchemeIsPreviewedWithoutTouchingAnythingAndTheRealRunMovesExactlyWhatThePreviewSaid() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("P").append(i).append(",Person ").append(i).append(",浙江,").append(i * 37 % 1000 * 10).append('\n');
        }
        load(stores, SchemeSource.builtIn(), csv.toString());
        List<Customer> customersBefore = new java.util.ArrayList<>(stores.customers.all());
        int historyBefore = stores.history.changes.size();
        java.util.Set<String> objectsBefore = new java.util.TreeSet<>(stores.objects.content.keySet());
        byte[] draft = JSON.writeValueAsBytes(TestSchemes.pareto());
        stores.objects.put("config/drafts/pareto.json", draft);
        RunRequest request = RunRequest.draft(CLOCK.instant(), "config/drafts/pareto.json", "v1", "0").orElseThrow();
        ReevaluationService runs = service(stores, stores.customers, SchemeSource.builtIn());

        EvaluationReport preview = runs.run(request);

        assertThat(preview.status()).isEqualTo("DONE");
        assertThat(preview.draft()).isEqualTo("pareto");
        assertThat(preview.scheme()).isEqualTo("pareto");
        assertThat(preview.changed()).isEqualTo(500);
        assertThat(preview.matrix().get("tier")).isEqualTo(Map.of("c", Map.of("a", 200L, "b", 300L, "c", 500L)));
        // Nothing re-filed, recorded, announced or remembered as the latest run: only the run's own files.
        assertThat(stores.customers.all()).containsExactlyInAnyOrderElementsOf(customersBefore);
        assertThat(stores.history.changes).hasSize(historyBefore);
        java.util.Set<String> written = new java.util.TreeSet<>(stores.objects.content.keySet());
        written.removeAll(objectsBefore);
        assertThat(written).allMatch(k -> k.equals("config/drafts/pareto.json") || k.startsWith("evaluations/" + preview.runId() + "/")
                        || k.equals(IngestService.privateCopy(EvaluationReport.movementsKey(preview.runId()))))
                .contains(EvaluationReport.movementsKey(preview.runId()));
        String movements = new String(stores.objects.read(EvaluationReport.movementsKey(preview.runId())).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(movements.lines().count()).isEqualTo(1 + 500);
        assertThat(runs.run(request)).as("the same event again answers the same preview").isEqualTo(preview);

        // The draft made active: the real run moves exactly what the preview said it would.
        EvaluationReport real = service(stores, stores.customers, TestSchemes.source(TestSchemes.pareto()))
                .run(RunRequest.fromObject("scheme", CLOCK.instant(), "config/active-scheme.json", "v2", "1"));
        assertThat(real.draft()).isNull();
        assertThat(List.of(real.changed(), real.moved(), real.unchanged())).isEqualTo(List.of(preview.changed(), preview.moved(), preview.unchanged()));
        assertThat(real.matrix()).isEqualTo(preview.matrix());
        assertThat(real.folders()).isEqualTo(preview.folders());
    }

    @Test
    void aPreviewThatRunsOutOfTimeEndsRejectedAndWritesNothing() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        List<Customer> before = new java.util.ArrayList<>(stores.customers.all());
        stores.objects.put("config/drafts/late.json", JSON.writeValueAsBytes(TestSchemes.pareto()));
        RunRequest request = RunRequest.draft(CLOCK.instant(), "config/drafts/late.json", "v1", "0").orElseThrow();

        EvaluationReport report = service(stores, stores.customers, SchemeSource.builtIn()).run(request, Instant.EPOCH);

        assertThat(report.status()).isEqualTo("REJECTED");
        assertThat(report.draft()).isEqualTo("late");
        assertThat(report.message()).contains("too many customers to preview in one invocation");
        assertThat(stores.objects.read(EvaluationReport.reportKey(report.runId()))).isPresent();
        assertThat(stores.customers.all()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(stores.objects.read("evaluations/latest.json")).isEmpty();
    }

    @Test
    void aPreviewWhoseAttemptDiedIsRejectedByTheRetryOnceItsDeadlinePassedAndAnErrorIsRetried() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        stores.objects.put("config/drafts/big.json", JSON.writeValueAsBytes(TestSchemes.pareto()));
        RunRequest request = RunRequest.draft(CLOCK.instant(), "config/drafts/big.json", "v1", "0").orElseThrow();
        CustomerStore dying = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.Iterator<Customer> scan(int segment, int segments) {
                throw new OutOfMemoryError("simulated: the invocation dies with no outcome");
            }
        };
        Instant deadline = CLOCK.instant().plusSeconds(60);
        assertThatThrownBy(() -> service(stores, dying, SchemeSource.builtIn()).run(request, deadline)).isInstanceOf(OutOfMemoryError.class);
        String runState = "evaluations/" + request.runId() + "/run.json";
        assertThat(JSON.readTree(stores.objects.content.get(runState)).get("status").asText()).isEqualTo("RUNNING");

        // The same request delivered again while the attempt may still run leaves the run to it …
        EvaluationReport duplicate = service(stores, stores.customers, SchemeSource.builtIn()).run(request, deadline);
        assertThat(duplicate.status()).isEqualTo("RUNNING");
        assertThat(stores.objects.read(EvaluationReport.reportKey(request.runId()))).isEmpty();

        // … and Lambda's retry after its deadline ends the preview at once instead of dying the same way again.
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofMinutes(2));
        EvaluationReport retried = new ReevaluationService(stores.ingestStores(), SchemeSource.builtIn(), later, 3)
                .run(request, later.instant().plusSeconds(60));
        assertThat(retried.status()).isEqualTo("REJECTED");
        assertThat(retried.message()).contains("attempt 1 of this preview ended without finishing");
        assertThat(JSON.readTree(stores.objects.content.get(runState)).get("status").asText()).isEqualTo("REJECTED");
        assertThat(JSON.readTree(stores.objects.content.get(EvaluationReport.reportKey(request.runId()))).get("status").asText())
                .isEqualTo("REJECTED");

        // A preview whose attempt failed with an error (throttled, say) is run again by the retry.
        RunRequest second = RunRequest.draft(CLOCK.instant(), "config/drafts/big.json", "v2", "1").orElseThrow();
        CustomerStore throttled = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.Iterator<Customer> scan(int segment, int segments) {
                throw new IllegalStateException("simulated throttling");
            }
        };
        assertThatThrownBy(() -> service(stores, throttled, SchemeSource.builtIn()).run(second, deadline)).hasMessageContaining("throttling");
        assertThat(JSON.readTree(stores.objects.content.get("evaluations/" + second.runId() + "/run.json")).get("lastError").asText())
                .contains("simulated throttling");
        EvaluationReport done = service(stores, stores.customers, SchemeSource.builtIn()).run(second, deadline);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.customers()).isEqualTo(4);
    }

    @Test
    void aDraftThatIsNoSchemeIsRejectedWithWhy() {
        InMemoryStores stores = new InMemoryStores();
        stores.objects.put("config/drafts/broken.json", "{\"dimensions\": 7}".getBytes(StandardCharsets.UTF_8));
        RunRequest request = RunRequest.draft(CLOCK.instant(), "config/drafts/broken.json", "v1", "0").orElseThrow();

        EvaluationReport report = service(stores, stores.customers, SchemeSource.builtIn()).run(request);

        assertThat(report.status()).isEqualTo("REJECTED");
        assertThat(report.draft()).isEqualTo("broken");
        assertThat(report.message()).startsWith("config/drafts/broken.json is not a valid scheme: ");
        assertThat(RunRequest.draft(CLOCK.instant(), "config/drafts/x.txt", "v", "0")).isEmpty();
        assertThat(RunRequest.draft(CLOCK.instant(), "config/draftsx.json", "v", "0")).isEmpty();
    }

    @Test
    void draftsOfAnyNameArePreviewedUnderTheirNameAndOneWithoutANameIsRejectedWithWhy() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        ReevaluationService runs = service(stores, stores.customers, SchemeSource.builtIn());
        byte[] scheme = JSON.writeValueAsBytes(TestSchemes.pareto());
        String longName = "方案".repeat(150); // 900 bytes of UTF-8: S3's longest keys are 1,024 bytes
        List<String> names = List.of("草稿", "my draft", "team/x", "团队/2027 草稿 (v2)", "a+b%20c", longName, "Saved On Windows");
        java.util.Set<String> runIds = new java.util.TreeSet<>();
        for (String name : names) {
            String key = "config/drafts/" + name + (name.startsWith("Saved") ? ".JSON" : ".json");
            stores.objects.put(key, scheme);
            RunRequest request = RunRequest.draft(CLOCK.instant(), key, "v1", "0").orElseThrow();
            assertThat(request.draftKey()).isEqualTo(key);
            assertThat(request.runId()).matches(RunRequest.RUN_ID);

            EvaluationReport report = runs.run(request);

            assertThat(report.status()).as(name).isEqualTo("DONE");
            assertThat(report.draft()).isEqualTo(name);
            assertThat(report.customers()).isEqualTo(4);
            assertThat(stores.objects.text(EvaluationReport.reportKey(report.runId()))).contains("\"draft\" : \"" + name + "\"");
            runIds.add(report.runId());
        }
        assertThat(runIds).as("a run of its own for each").hasSize(names.size());

        stores.objects.put("config/drafts/.json", scheme);
        RunRequest nameless = RunRequest.draft(CLOCK.instant(), "config/drafts/.json", "v1", "0").orElseThrow();
        EvaluationReport rejected = runs.run(nameless);
        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.cause()).isEqualTo("draft");
        assertThat(rejected.message()).startsWith("config/drafts/.json names no draft: put the scheme at config/drafts/<name>.json");
        assertThat(stores.objects.read(EvaluationReport.reportKey(nameless.runId()))).isPresent();
    }

    /** {@code base} with its {@code name} field marked personal ({@code "pii": true}) or not. */
    private static Scheme withPersonalNames(Scheme base, boolean pii) throws Exception {
        ObjectNode scheme = JSON.valueToTree(base);
        ((ObjectNode) scheme.get("fields").get("name")).put("pii", pii);
        return SchemeLoader.parse(JSON.writeValueAsBytes(scheme));
    }

    @Test
    void movementsMaskTheNamesTheSchemeMarksPersonalTheFullListIsUnderPrivateAndAnErasureEmptiesBoth() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        SchemeSource schemes = TestSchemes.source(withPersonalNames(SchemeLoader.defaultScheme(), true));
        load(stores, schemes, FILE);

        EvaluationReport report = service(stores, stores.customers, schemes).run(request("2027-11-30", "a"));

        String key = EvaluationReport.movementsKey(report.runId());
        String fullKey = "private/" + key;
        assertThat(IngestService.privateCopy(key)).isEqualTo(fullKey);
        String masked = stores.objects.text(key);
        String full = stores.objects.text(fullKey);
        assertThat(masked.lines().toList()).hasSize(3);
        assertThat(masked).doesNotContain("杭州青木贸易有限公司", "李雷").contains("\"杭***\"", "\"李***\"")
                .contains("lifecycle loyal → churned");
        assertThat(full).contains("杭州青木贸易有限公司", "李雷");
        // The same lines but for the names.
        assertThat(masked.replace("杭***", "杭州青木贸易有限公司").replace("李***", "李雷")).isEqualTo(full);

        // An erasure takes its line from both.
        String c1 = stores.customers.all().stream().filter(c -> "C1".equals(c.attributes().get("sourceId"))).findFirst().orElseThrow().code();
        dev.custcode.stewardship.EraseService.EraseReport erased = new dev.custcode.stewardship.EraseService(stores.ingestStores(), schemes, CLOCK)
                .erase(c1);
        assertThat(erased.rowsRemoved()).containsEntry(key, 1);
        assertThat(stores.objects.text(key)).doesNotContain(c1).contains("李***");
        assertThat(stores.objects.text(fullKey)).doesNotContain(c1).doesNotContain("杭州青木贸易有限公司").contains("李雷");
    }

    @Test
    void aPreviewMasksNamesThatEitherTheDraftOrTheSchemeInForceMarksPersonal() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount\n");
        for (int i = 0; i < 100; i++) {
            csv.append("P").append(i).append(",Person ").append(i).append(",浙江,").append(i * 37 % 100 * 100).append('\n');
        }
        load(stores, SchemeSource.builtIn(), csv.toString());
        Scheme draft = withPersonalNames(TestSchemes.pareto(), false);
        stores.objects.put("config/drafts/public-names.json", JSON.writeValueAsBytes(draft));
        RunRequest request = RunRequest.draft(CLOCK.instant(), "config/drafts/public-names.json", "v1", "0").orElseThrow();
        SchemeSource personal = TestSchemes.source(withPersonalNames(SchemeLoader.defaultScheme(), true));

        EvaluationReport preview = service(stores, stores.customers, personal).run(request);

        assertThat(preview.changed()).isPositive();
        String masked = stores.objects.text(EvaluationReport.movementsKey(preview.runId()));
        assertThat(masked.lines().count()).isEqualTo(1 + preview.changed());
        assertThat(masked).doesNotContain("Person").contains("\"P***\"");
        assertThat(stores.objects.text(IngestService.privateCopy(EvaluationReport.movementsKey(preview.runId())))).contains("Person ");
        // With names personal in the draft only, so too.
        stores.objects.put("config/drafts/personal-names.json", JSON.writeValueAsBytes(withPersonalNames(TestSchemes.pareto(), true)));
        EvaluationReport other = service(stores, stores.customers, SchemeSource.builtIn())
                .run(RunRequest.draft(CLOCK.instant(), "config/drafts/personal-names.json", "v1", "0").orElseThrow());
        assertThat(stores.objects.text(EvaluationReport.movementsKey(other.runId()))).doesNotContain("Person").contains("\"P***\"");
    }

    /** The default scheme with RFM quintiles and a segment dimension named from them. */
    static Scheme rfmScheme() throws Exception {
        ObjectNode scheme = (ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
        scheme.put("name", "rfm");
        scheme.putObject("quintiles").put("R", "lastOrderDate").put("F", "orders").put("M", "amount");
        ObjectNode segment = scheme.withArray("dimensions").addObject();
        segment.put("name", "segment").put("label", "RFM segment").put("coded", false).put("default", "others");
        ArrayNode rules = segment.putArray("rules");
        ObjectNode champions = rules.addObject().put("value", "champions");
        ArrayNode all = champions.putArray("all");
        all.addObject().put("field", "R").put("min", 4);
        all.addObject().put("field", "F").put("min", 4);
        all.addObject().put("field", "M").put("min", 4);
        rules.addObject().put("field", "R").put("max", 2).put("value", "lapsed");
        ArrayNode values = segment.putArray("values");
        for (String v : List.of("champions", "lapsed", "others")) {
            values.addObject().put("key", v).put("folder", v).put("label", v);
        }
        return SchemeLoader.parse(JSON.writeValueAsBytes(scheme));
    }

    @Test
    void rfmQuintilesRankRecencyFrequencyAndMonetaryOneToFiveAndSegmentsAreNamedFromThem() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        SchemeSource rfm = TestSchemes.source(rfmScheme());
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount,Orders,Last Order Date\n");
        LocalDate base = LocalDate.parse("2026-01-01");
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(3));
        for (int i : order) {
            csv.append("Q").append(i).append(",Q ").append(i).append(",浙江,").append(1000 + i).append(',').append(1 + i).append(',')
                    .append(base.plusDays(i)).append('\n');
        }
        csv.append("Q-none,Nobody,浙江,,,\n");
        load(stores, rfm, csv.toString());

        EvaluationReport report = service(stores, stores.customers, rfm).run(request("2026-12-31", "rfm"));

        Map<String, Long> segments = stores.customers.all().stream().collect(Collectors.groupingBy(c -> c.dimensions().get("segment"),
                Collectors.counting()));
        // Rank i (0..99) is in quintile i/20 + 1 on all three: champions are the top two quintiles, the lapsed the first.
        assertThat(segments).isEqualTo(Map.of("champions", 40L, "lapsed", 20L, "others", 41L));
        assertThat(stores.customers.all()).filteredOn(c -> c.dimensions().get("segment").equals("champions"))
                .allMatch(c -> Integer.parseInt(c.attributes().get("orders")) > 60);
        assertThat(report.thresholds()).containsEntry("R:q2", new java.math.BigDecimal("20260121"))
                .containsEntry("F:q5", new java.math.BigDecimal("81")).containsEntry("M:q4", new java.math.BigDecimal("1060"));
    }

    @Test
    void tiesAtAThresholdAreAllInAndCustomersWithoutAValueNeverAre() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        SchemeSource pareto = TestSchemes.source(TestSchemes.pareto());
        // Ten customers: amounts 100 ×3, 50 ×3, 10 ×2, and two without an amount. Top 20 % of the
        // eight with a value is ceil(1.6) = 2 customers, whose threshold is 100: all three are in.
        load(stores, pareto, """
                Customer Id,Name,Province,Amount
                T1,a,浙江,100
                T2,b,浙江,100
                T3,c,浙江,100
                T4,d,浙江,50
                T5,e,浙江,50
                T6,f,浙江,50
                T7,g,浙江,10
                T8,h,浙江,10
                T9,i,浙江,
                T10,j,浙江,lots
                """);
        EvaluationReport report = service(stores, stores.customers, pareto).run(request("2026-11-30", "ties"));
        Map<String, String> tiers = stores.customers.all().stream().collect(Collectors.toMap(c -> c.attributes().get("sourceId"),
                c -> c.dimensions().get("tier"), (a, b) -> a, TreeMap::new));
        assertThat(tiers).containsExactlyEntriesOf(new TreeMap<>(Map.of("T1", "a", "T2", "a", "T3", "a", "T4", "b", "T5", "b", "T6", "b",
                "T7", "c", "T8", "c", "T9", "c", "T10", "c")));
        assertThat(report.thresholds()).containsEntry("amount:20", new java.math.BigDecimal("100")).containsEntry("amount:50", new java.math.BigDecimal("50"));
    }

    @Test
    void aRunThatDiesMidwayAndRunsAgainEndsAsAnUninterruptedOne() throws Exception {
        SchemeSource pareto = TestSchemes.source(TestSchemes.pareto());
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount,Orders,Last Order Date\n");
        for (int i = 0; i < 400; i++) {
            csv.append("R").append(i).append(",Name ").append(i).append(',').append(i % 2 == 0 ? "浙江" : "北京").append(',')
                    .append(1000 + i * 7).append(',').append(i % 13).append(",2026-0").append(1 + i % 9).append("-15\n");
        }
        InMemoryStores calm = new InMemoryStores();
        load(calm, pareto, csv.toString());
        InMemoryStores crashing = new InMemoryStores();
        load(crashing, pareto, csv.toString());

        EvaluationReport expected = service(calm, calm.customers, pareto).run(request("2027-06-30", "crash"));

        AtomicInteger writesLeft = new AtomicInteger(2);
        CustomerStore dying = new dev.custcode.testing.DelegatingCustomerStore(crashing.customers) {
            @Override
            public List<Rejected> write(List<CustomerWrite> w) {
                if (writesLeft.getAndDecrement() <= 0) {
                    throw new IllegalStateException("simulated crash");
                }
                return super.write(w);
            }
        };
        assertThatThrownBy(() -> service(crashing, dying, pareto).run(request("2027-06-30", "crash"))).hasMessageContaining("simulated crash");
        assertThat(crashing.objects.content).doesNotContainKey(EvaluationReport.reportKey(expected.runId()));
        EvaluationReport resumed = service(crashing, crashing.customers, pareto).run(request("2027-06-30", "crash"));

        assertThat(resumed.attempt()).isEqualTo(2);
        assertThat(resumed.changed()).isEqualTo(expected.changed()).isPositive();
        assertThat(resumed.moved()).isEqualTo(expected.moved());
        assertThat(resumed.matrix()).isEqualTo(expected.matrix());
        assertThat(resumed.thresholds()).isEqualTo(expected.thresholds());
        assertThat(resumed.folders()).isEqualTo(expected.folders());
        assertThat(crashing.objects.text(EvaluationReport.movementsKey(expected.runId())))
                .isEqualTo(calm.objects.text(EvaluationReport.movementsKey(expected.runId())));
        Map<String, String> calmPlaces = calm.customers.all().stream().collect(Collectors.toMap(Customer::code, c -> c.folder() + c.dimensions()));
        Map<String, String> resumedPlaces = crashing.customers.all().stream().collect(Collectors.toMap(Customer::code, c -> c.folder() + c.dimensions()));
        assertThat(resumedPlaces).isEqualTo(calmPlaces);
        ExportManifest manifest = ExportManifest.parse(crashing.objects.content.get(ExportManifest.PREFIX + expected.runId() + ".json"));
        assertThat(manifest.folders()).containsAll(expected.folders());
    }

    /** Stores holding 600 customers of 浙江 with three orders each, their last in one of the first nine months of 2026. */
    private static InMemoryStores sixHundredOrderingMonthly(String idPrefix) {
        StringBuilder csv = new StringBuilder("Customer Id,Name,Province,Amount,Orders,Last Order Date\n");
        for (int i = 0; i < 600; i++) {
            csv.append(idPrefix).append(i).append(",Name ").append(i).append(",浙江,").append(100 + i).append(",3,2026-0").append(1 + i % 9)
                    .append("-01\n");
        }
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), csv.toString());
        return stores;
    }

    @Test
    void aRunOutOfTimeAnswersContinuingAndGoesOnToTheSameEndWhenRunAgain() throws Exception {
        InMemoryStores calm = sixHundredOrderingMonthly("T");
        InMemoryStores hurried = sixHundredOrderingMonthly("T");
        EvaluationReport expected = service(calm, calm.customers, SchemeSource.builtIn()).run(request("2027-06-01", "late"));
        assertThat(expected.changed()).isGreaterThan(300);

        ReevaluationService runs = service(hurried, hurried.customers, SchemeSource.builtIn());
        EvaluationReport first = runs.run(request("2027-06-01", "late"), Instant.EPOCH);
        assertThat(first.status()).isEqualTo("CONTINUING");
        assertThat(hurried.objects.content).doesNotContainKey(EvaluationReport.reportKey(first.runId()));
        long moved = hurried.customers.all().stream().filter(c -> c.dimensions().get("lifecycle").equals("churned")).count();
        assertThat(moved).as("each segment wrote its share before stopping").isBetween((long) ReevaluationService.MIN_WRITES_PER_STEP, expected.changed() - 1);
        EvaluationReport last = runs.run(RunRequest.resume(first.runId()));
        assertThat(last.status()).isEqualTo("DONE");
        assertThat(last.attempt()).isEqualTo(2);
        assertThat(last.changed()).isEqualTo(expected.changed());
        assertThat(last.matrix()).isEqualTo(expected.matrix());
        assertThat(hurried.objects.text(EvaluationReport.movementsKey(first.runId()))).isEqualTo(calm.objects.text(EvaluationReport.movementsKey(first.runId())));
        assertThat(ReevaluationService.runIdOfContinuation(ReevaluationService.continuationKey(first.runId()))).contains(first.runId());
        assertThat(runs.run(RunRequest.resume("20261130T000000Z-request-00000000")).status()).isEqualTo("REJECTED");
    }

    @Test
    void aStoreSplitIntoMoreSegmentsThanReadersIsReadWholeAnInvocationOutOfTimeStopsEverySegmentAndTheNextReadsOnlyTheUnfinished() throws Exception {
        InMemoryStores calm = sixHundredOrderingMonthly("S");
        InMemoryStores split = sixHundredOrderingMonthly("S");
        EvaluationReport expected = service(calm, calm.customers, SchemeSource.builtIn()).run(request("2027-06-01", "split"));
        java.util.Set<Integer> segmentsRead = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CustomerStore twelve = new dev.custcode.testing.DelegatingCustomerStore(split.customers) {
            @Override
            public int scanSegments(int readers) {
                return 12;
            }

            @Override
            public java.util.Iterator<Customer> scan(int segment, int segments) {
                assertThat(segments).isEqualTo(12);
                java.util.Iterator<Customer> pages = super.scan(segment, segments);
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        segmentsRead.add(segment); // its first page asked for
                        return pages.hasNext();
                    }

                    @Override
                    public Customer next() {
                        return pages.next();
                    }
                };
            }
        };
        ReevaluationService runs = service(split, twelve, SchemeSource.builtIn());

        EvaluationReport first = runs.run(request("2027-06-01", "split"), Instant.EPOCH);
        assertThat(first.status()).isEqualTo("CONTINUING");
        long moved = split.customers.all().stream().filter(c -> c.dimensions().get("lifecycle").equals("churned")).count();
        assertThat(moved).as("the invocation wrote its share, then every reader stopped: not each of the 12 segments its own 64")
                .isBetween((long) ReevaluationService.MIN_WRITES_PER_STEP, 3L * 100 + 3 * 31);
        java.util.Set<Integer> saved = split.objects.content.keySet().stream()
                .filter(k -> k.startsWith(EvaluationReport.prefix(first.runId()) + "segments/"))
                .map(k -> Integer.parseInt(k.replaceAll(".*/(\\d+)\\.json", "$1"))).collect(Collectors.toSet());
        assertThat(saved).as("the segments read to their end are saved").isNotEmpty().isSubsetOf(java.util.Set.copyOf(segmentsRead));
        assertThat(segmentsRead).as("besides those, only the segments under way when it stopped were read").hasSizeLessThanOrEqualTo(saved.size() + 3);
        segmentsRead.clear();
        EvaluationReport last = runs.run(RunRequest.resume(first.runId()));
        assertThat(last.status()).isEqualTo("DONE");
        assertThat(segmentsRead).as("the next attempt reads the others only").hasSize(12 - saved.size()).doesNotContainAnyElementsOf(saved);
        assertThat(last.customers()).isEqualTo(expected.customers()).isEqualTo(600L);
        assertThat(last.changed()).isEqualTo(expected.changed()).isGreaterThan(300);
        assertThat(last.matrix()).isEqualTo(expected.matrix());
        assertThat(split.objects.text(EvaluationReport.movementsKey(first.runId()))).isEqualTo(calm.objects.text(EvaluationReport.movementsKey(first.runId())));
    }

    @Test
    void aRunningRunAnswersHowManyCustomersItReadOfHowManyAndItsReportReplacesThat() throws Exception {
        InMemoryStores stores = sixHundredOrderingMonthly("G");
        // As the folders' exports counted them.
        stores.customers.all().stream().collect(Collectors.groupingBy(Customer::folder, Collectors.counting()))
                .forEach((folder, n) -> stores.folders.recordCount(folder, n, CLOCK.instant()));
        CustomerStore twelve = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public int scanSegments(int readers) {
                return 12;
            }
        };
        ReevaluationService runs = service(stores, twelve, SchemeSource.builtIn());
        dev.custcode.api.ImportQueries answers = new dev.custcode.api.LookupService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK).imports();

        EvaluationReport first = runs.run(request("2027-06-01", "progress"), Instant.EPOCH);
        assertThat(first.status()).isEqualTo("CONTINUING");
        var running = answers.evaluation(first.runId(), dev.custcode.api.Access.Viewer.ALL);
        assertThat(running.status()).isEqualTo("RUNNING");
        var progress = running.progress();
        assertThat(progress.phase()).isEqualTo("evaluating");
        assertThat(progress.customersRead()).as("every customer the attempt read").isEqualTo(first.customers()).isBetween(1L, 599L);
        assertThat(progress.customers()).isEqualTo(600);
        assertThat(progress.percent()).isEqualTo(Math.floor(first.customers() * 1000.0 / 600) / 10.0);

        EvaluationReport last = runs.run(RunRequest.resume(first.runId()));
        assertThat(last.status()).isEqualTo("DONE");
        assertThat(JSON.readTree(stores.objects.text("evaluations/" + first.runId() + "/progress.json"))
                .path("customersRead").asLong()).as("the segments saved by the first attempt count too").isEqualTo(600);
        var done = answers.evaluation(first.runId(), dev.custcode.api.Access.Viewer.ALL);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.progress()).as("a finished run answers its report").isNull();
    }

    /** A customer store passing everything to another (tests override what they watch). */
    @Test
    void aLevelTheNewSchemeDropsLeavesNoChildInAnySummary() throws Exception {
        InMemoryStores stores = new InMemoryStores();
        load(stores, SchemeSource.builtIn(), FILE);
        for (String m : stores.objects.content.keySet().stream().filter(k -> k.startsWith("manifests/")).toList()) {
            stores.exporter(SchemeSource.builtIn(), CLOCK).export(dev.custcode.export.ExportManifest.parse(stores.objects.content.get(m)));
        }
        assertThat(JSON.readTree(stores.objects.content.get("groups/east/_summary.json")).path("children").findValuesAsText("folder"))
                .contains("enterprise");

        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
        json.set("folders", JSON.valueToTree(List.of("region", "tier")));
        dev.custcode.scheme.Scheme flat = SchemeLoader.parse(JSON.writeValueAsBytes(json));
        SchemeSource flatSource = TestSchemes.source(flat);
        EvaluationReport report = service(stores, stores.customers, flatSource).run(request("2026-11-30", "flat"));
        stores.exporter(flatSource, CLOCK).export(dev.custcode.export.ExportManifest.parse(stores.objects.content.get("manifests/" + report.runId() + ".json")));

        List<String> summaries = stores.objects.content.keySet().stream().filter(k -> k.endsWith("/_summary.json")).toList();
        assertThat(summaries).isNotEmpty();
        for (String key : summaries) {
            for (com.fasterxml.jackson.databind.JsonNode child : JSON.readTree(stores.objects.content.get(key)).path("children")) {
                assertThat(child.path("count").asLong()).as(key + " " + child).isPositive();
            }
        }
        assertThat(JSON.readTree(stores.objects.content.get("groups/east/_summary.json")).path("children").findValuesAsText("folder"))
                .isNotEmpty().allMatch(f -> f.startsWith("tier-"));
        // Each moved with every value as it was: movements.csv says why.
        List<String> moved = new String(stores.objects.content.get(EvaluationReport.movementsKey(report.runId())), java.nio.charset.StandardCharsets.UTF_8)
                .lines().skip(1).filter(l -> !l.isBlank()).toList();
        assertThat(moved).isNotEmpty().allMatch(l -> l.endsWith("the scheme's folders changed; its values did not\"")
                || l.endsWith("the scheme's folders changed; its values did not"));
    }
}
