package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.customer.Customer;
import dev.custcode.export.FolderExporter;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.ImportRecord;
import dev.custcode.testing.DelegatingCustomerStore;
import dev.custcode.testing.InMemoryStores;
import dev.custcode.testing.TestSchemes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How an undo finds what an import changed: the codes each batch lists before writing them (the
 * local-stack behaviour is in UndoIT).
 */
class UndoServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private static final String FIRST = """
            客户编号,客户名称,省份,订单数
            C1,杭州青木贸易有限公司,浙江,12
            C2,李雷,北京,1
            C3,韩梅梅,广东,0
            """;
    private static final String SECOND = """
            客户编号,客户名称,省份,订单数
            C1,杭州青木贸易有限公司,浙江,40
            C2,李雷,广东,1
            C3,韩梅梅,广东,0
            C4,深圳远航科技有限公司,广东,3
            """;

    private final InMemoryStores stores = new InMemoryStores();

    private String load(String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/f" + stores.objects.content.size() + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", key, null, eTag, bytes.length, CLOCK.instant())).importId();
    }

    private Map<String, String> state() {
        return stores.customers.all().stream().collect(Collectors.toMap(c -> c.attributes().get("sourceId"),
                c -> c.retired() + " " + c.folder() + " " + c.attributes(), (a, b) -> a, TreeMap::new));
    }

    private UndoService undo() {
        return new UndoService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless, stores.imports,
                stores.history, stores.folders), SchemeSource.builtIn(), CLOCK);
    }

    private String code(String sourceId) {
        return stores.customers.all().stream().filter(c -> sourceId.equals(c.attributes().get("sourceId"))).map(Customer::code).findFirst().orElseThrow();
    }

    /** Imports {@code csv} uploaded and run {@code minutes} after {@link #CLOCK}'s instant. */
    private String loadAt(int minutes, String csv) {
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofMinutes(minutes));
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/f" + stores.objects.content.size() + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return stores.ingest(SchemeSource.builtIn(), later, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", key, null, eTag, bytes.length, later.instant())).importId();
    }

    @Test
    void twoImportsUndoneInEitherOrderLeaveTheValueNeitherSet() {
        for (boolean laterFirst : new boolean[]{false, true}) {
            String id = laterFirst ? "L" : "E";
            loadAt(0, "客户编号,客户名称,省份,累计金额\n" + id + "1,复现公司有限公司,江苏,100\n");
            String r1 = loadAt(1, "客户编号,累计金额\n" + id + "1,200\n");
            String r2 = loadAt(2, "客户编号,累计金额\n" + id + "1,300\n");
            UndoService undo = new UndoService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless,
                    stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(3)));

            UndoService.UndoReport first = undo.undo(laterFirst ? r2 : r1);
            if (laterFirst) {
                assertThat(first.reverted()).containsOnlyKeys(code(id + "1"));
            } else {
                assertThat(first.keptChanged()).as("r2 changed the amount since").containsOnlyKeys(code(id + "1"));
            }
            UndoService.UndoReport second = new UndoService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless,
                    stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(4)))
                    .undo(laterFirst ? r1 : r2);
            assertThat(second.reverted()).containsOnlyKeys(code(id + "1"));
            assertThat(stores.customers.findByCode(code(id + "1")).orElseThrow().attributes().get("amount"))
                    .as("both undone, %s first: back to the first import's value", laterFirst ? "r2" : "r1").isEqualTo("100");
        }
    }

    @Test
    void theProbableDuplicatesAnUndoneImportFoundAreWithdrawn() {
        // QA: a rename undone left its pair open in GET /duplicates, inviting a merge of two companies.
        loadAt(0, "Customer Id,Name,City,Country\nB1,Britannia Gears Ltd,London,United Kingdom\nB2,Thames Tools Ltd,London,United Kingdom\n");
        String rename = loadAt(1, "Customer Id,Name\nB2,Britannia Gears Ltd\n");
        String pair = dev.custcode.store.ImportStore.DuplicatePair.id(code("B1"), code("B2"));
        assertThat(stores.imports.pair(pair)).as("found by the rename").isPresent();
        String other = dev.custcode.store.ImportStore.DuplicatePair.id("NED000008", "NED000009");
        stores.imports.proposePairs(List.of(new dev.custcode.store.ImportStore.DuplicatePair(other, "NED000008", "NED000009", 0.9,
                List.of("same name"), "another-import", 2, CLOCK.instant().toString(), "open", "f", "f")), java.util.Set.of());

        UndoService.UndoReport r = undo().undo(rename);

        assertThat(r.reverted()).containsKey(code("B2"));
        assertThat(r.pairsWithdrawn()).containsExactly(pair);
        assertThat(stores.imports.pair(pair)).isEmpty();
        assertThat(stores.imports.pair(other)).as("another import's").isPresent();
        assertThat(undo().undo(rename).pairsWithdrawn()).as("asked again: the report as it was").containsExactly(pair);
    }

    @Test
    void undoingTheImportThatCreatedACustomerALaterImportUpdatedSaysSo() {
        String first = loadAt(0, "客户编号,客户名称,省份,订单数\nK1,甲有限公司,浙江,1\nK2,乙有限公司,浙江,1\n");
        String later = loadAt(1, "客户编号,订单数\nK1,5\n");
        UndoService.UndoReport report = new UndoService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(2)))
                .undo(first);
        assertThat(report.retired()).containsExactlyInAnyOrder(code("K1"), code("K2"));
        assertThat(report.retiredChangedSince()).as("K1's orders from the later import go with it: said").containsExactly(Map.entry(code("K1"), later));
    }

    @Test
    void aLaterImportUndoneBeforeIsNotNamedAsHavingChangedTheRetiredCustomer() {
        String first = loadAt(0, "客户编号,客户名称,省份,订单数\nU1,甲有限公司,浙江,1\nU2,乙有限公司,浙江,1\n");
        String kept = loadAt(1, "客户编号,订单数\nU2,7\n");
        String later = loadAt(2, "客户编号,订单数,城市\nU1,5,苏州\nU2,9,\n");
        IngestStores all = new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless, stores.imports, stores.history,
                stores.folders);
        new UndoService(all, SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(3))).undo(later);
        UndoService.UndoReport report = new UndoService(all, SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(4)))
                .undo(first);
        assertThat(report.retired()).containsExactlyInAnyOrder(code("U1"), code("U2"));
        assertThat(report.retiredChangedSince()).as("U1's change was undone; U2's by the import not undone stands")
                .containsExactly(Map.entry(code("U2"), kept));
    }

    @Test
    void anImportListsTheStoredCustomersItChangesAndTheUndoRevertsExactlyThose() {
        load(FIRST);
        Map<String, String> before = state();
        String second = load(SECOND);

        assertThat(stores.imports.touched(second)).as("changed (C1's orders, C2's province), not the unchanged C3 nor the new C4")
                .containsExactlyInAnyOrder(code("C1"), code("C2"));
        stores.history.reads.clear();
        UndoService.UndoReport report = undo().undo(second);
        assertThat(stores.history.reads).as("each changed customer's history read once").containsOnly(Map.entry(code("C1"), 1), Map.entry(code("C2"), 1));

        assertThat(report.status()).isEqualTo("UNDONE");
        assertThat(report.reverted()).containsOnlyKeys(code("C1"), code("C2"));
        assertThat(report.retired()).containsExactly(code("C4"));
        Map<String, String> after = state();
        assertThat(after.get("C4")).startsWith("true ");
        after.remove("C4");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anImportMadeBeforeImportsListedWhatTheyChangeIsStillUndoneCompletely() {
        load(FIRST);
        Map<String, String> before = state();
        String second = load(SECOND);
        stores.imports.touched.clear(); // as a template older than the lists left it

        UndoService.UndoReport report = undo().undo(second);

        assertThat(report.reverted()).as("found by reading the whole history").containsOnlyKeys(code("C1"), code("C2"));
        Map<String, String> after = state();
        after.remove("C4");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void theKeysAnUndoTakesBackAreMaskedInItsReportAndASecondUndoAnswersTheFirstsReport() throws Exception {
        load(FIRST);
        String second = load("""
                客户编号,客户名称,省份,联系电话,邮箱
                C2,李雷,北京,13900139006,lilei@example.cn
                """);
        UndoService.UndoReport report = undo().undo(second);

        assertThat(stores.imports.find(second).orElseThrow().undoneAt()).as("listed as undone").isEqualTo(report.undoneAt());
        assertThat(stores.imports.find(second).orElseThrow().status()).as("as it ended").isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.keysRemoved().get(code("C2"))).containsExactlyInAnyOrder("tel:861******9006", "email:l***@example.cn");
        String stored = stores.objects.text(UndoService.reportKey(second));
        assertThat(stored).doesNotContain("13900139006").doesNotContain("lilei@");

        UndoService.UndoReport again = undo().undo(second);
        assertThat(again.undoneAt()).isEqualTo(report.undoneAt());
        assertThat(again.retired()).as("written without its empty lists, read back as empty").isEmpty();
        assertThat(again.reverted()).isNotNull();
        assertThat(again.keysRemoved()).isEqualTo(report.keysRemoved());
    }
    @Test
    void anUndoFilesCustomersWithTheLatestRunsThresholds() throws Exception {
        SchemeSource pareto = TestSchemes.source(TestSchemes.pareto());
        stores.objects.put(FolderExporter.LATEST_RUN_KEY, "{\"thresholds\":{\"amount:20\":1000,\"amount:50\":500}}".getBytes(StandardCharsets.UTF_8));
        String[] ids = new String[2];
        String[] csvs = {"客户编号,客户名称,省份,累计金额\nP1,甲有限公司,浙江,600\nP2,乙有限公司,浙江,2000\n", "客户编号,备注\nP1,回访\n"};
        for (int i = 0; i < 2; i++) {
            byte[] bytes = csvs[i].getBytes(StandardCharsets.UTF_8);
            String key = "incoming/p" + i + ".csv";
            String eTag = stores.objects.put(key, bytes);
            Clock at = Clock.offset(CLOCK, java.time.Duration.ofMinutes(i));
            ids[i] = stores.ingest(pareto, at, IngestSettings.DEFAULT).ingest(new IncomingObject("b", key, null, eTag, bytes.length, at.instant())).importId();
        }
        String filed = stores.customers.findByCode(code("P1")).orElseThrow().folder();
        assertThat(stores.customers.findByCode(code("P1")).orElseThrow().dimensions()).as("600 is in the top half: b").containsEntry("tier", "b");

        UndoService.UndoReport report = new UndoService(new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), pareto, Clock.offset(CLOCK, java.time.Duration.ofMinutes(2))).undo(ids[1]);
        assertThat(report.reverted()).containsOnlyKeys(code("P1"));
        Customer after = stores.customers.findByCode(code("P1")).orElseThrow();
        assertThat(after.attributes()).doesNotContainValue("回访");
        assertThat(after.folder()).as("filed with the latest run's thresholds, as the import filed it").isEqualTo(filed);
        assertThat(after.dimensions()).containsEntry("tier", "b");
    }
    @Test
    void aSecondRunOfOneUndoBesideTheFirstLeavesAReportOfAllOfIt() {
        load(FIRST);
        String second = load(SECOND + "C5,广州白云商贸有限公司,广东,2\nC6,珠海海湾渔业有限公司,广东,4\n");
        IngestStores plain = new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless, stores.imports,
                stores.history, stores.folders);
        UndoService.UndoReport[] beside = new UndoService.UndoReport[1];
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        CustomerStore interleaving = new DelegatingCustomerStore(stores.customers) {
            @Override
            public List<Rejected> write(List<CustomerWrite> w) {
                List<Rejected> result = super.write(w);
                if (writes.incrementAndGet() == 2) {
                    // A second request for the same undo runs to its end between this run's writes.
                    beside[0] = new UndoService(plain, SchemeSource.builtIn(), CLOCK).undo(second);
                }
                return result;
            }

            @Override
            public java.util.Optional<Customer> findByCode(String code) {
                // As DynamoDB stores a retired customer: without a folder.
                return super.findByCode(code).map(c -> c.retired() ? c.toBuilder().folder(null).build() : c);
            }
        };
        UndoService.UndoReport last = new UndoService(new IngestStores(stores.objects, interleaving, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), CLOCK).undo(second);

        assertThat(beside[0]).as("the second run ran").isNotNull();
        for (UndoService.UndoReport r : List.of(beside[0], last)) {
            assertThat(r.retired()).containsExactlyInAnyOrder(code("C4"), code("C5"), code("C6"));
            assertThat(r.reverted()).containsOnlyKeys(code("C1"), code("C2"));
            assertThat(r.keptChanged()).as("nothing changed since: the other run's reverts are not taken for changes").isEmpty();
            assertThat(r.folders()).isNotEmpty().doesNotContainNull();
        }
        assertThat(stores.objects.read(UndoService.reportKey(second))).hasValueSatisfying(json ->
                assertThat(new String(json, StandardCharsets.UTF_8)).contains(code("C4"), code("C5"), code("C6"), code("C1"), code("C2")));
        assertThat(stores.history.all(code("C1"))).as("one revert recorded").filteredOn(c -> c.importId().equals("undo-" + second)).hasSize(1);
    }

    @Test
    void anUndoUnderWaySaysSoInItsReportUntilItIsDoneAndOneCutShortIsRedone() {
        load(FIRST);
        String second = load(SECOND + "C5,广州白云商贸有限公司,广东,2\n");
        String[] seen = new String[1];
        CustomerStore dying = new DelegatingCustomerStore(stores.customers) {
            @Override
            public List<Rejected> write(List<CustomerWrite> w) {
                // What GET /imports/{id} shows while the undo works: its report, under way.
                seen[0] = new String(stores.objects.read(UndoService.reportKey(second)).orElseThrow(), StandardCharsets.UTF_8);
                throw new IllegalStateException("the invocation ends here");
            }
        };
        UndoService first = new UndoService(new IngestStores(stores.objects, dying, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), CLOCK);
        assertThatThrownBy(() -> first.undo(second)).hasMessageContaining("the invocation ends here");

        assertThat(seen[0]).contains("\"status\" : \"UNDOING\"").contains("customer(s) the import created or changed to look at");
        assertThat(stores.imports.find(second).orElseThrow().undoneAt()).as("not undone yet").isNull();
        assertThat(new String(stores.objects.read(UndoService.reportKey(second)).orElseThrow(), StandardCharsets.UTF_8))
                .as("stopped: not left saying it is under way").contains("\"status\" : \"FAILED\"").doesNotContain("UNDOING")
                .contains("the invocation ends here").contains("put undo/" + second + ".json again");

        UndoService.UndoReport redone = undo().undo(second);
        assertThat(redone.status()).isEqualTo("UNDONE");
        assertThat(redone.retired()).containsExactlyInAnyOrder(code("C4"), code("C5"));
        assertThat(new String(stores.objects.read(UndoService.reportKey(second)).orElseThrow(), StandardCharsets.UTF_8))
                .contains("\"status\" : \"UNDONE\"").doesNotContain("UNDOING");
    }

    @Test
    void anUndoOfAnImportStillRunningSaysWhatToDo() {
        String id = load(FIRST);
        ImportRecord done = stores.imports.records.get(id);
        stores.imports.records.put(id, new ImportRecord(id, done.bucket(), done.key(), done.version(), ImportStatus.RUNNING, done.startedAt(),
                null, 0, 0, 0, null));
        UndoService.UndoReport report = undo().undo(id);
        assertThat(report.status()).isEqualTo("NOT_FINISHED");
        assertThat(stores.imports.find(id).orElseThrow().undoneAt()).as("nothing was undone").isNull();
        assertThat(report.message()).contains("RUNNING").contains("undone when the import finishes");
    }

    @Test
    void anUndoAskedWhileTheImportRanIsAskedAgainOnceItFinishesAndThenUndoesIt() {
        load(FIRST);
        Map<String, String> beforeSecond = state();
        String[] answered = new String[1];
        stores.objects.afterPut = key -> {
            if (answered[0] == null && key.startsWith("imports/") && key.endsWith("/report.json")) {
                // The steward asks while the import's record still says RUNNING (its report is written first).
                answered[0] = undo().undo(key.split("/")[1]).status();
            }
        };
        byte[] bytes = SECOND.getBytes(StandardCharsets.UTF_8);
        IncomingObject second = new IncomingObject("b", "incoming/second.csv", null, stores.objects.put("incoming/second.csv", bytes),
                bytes.length, CLOCK.instant());
        String id = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT).ingest(second).importId();
        stores.objects.afterPut = key -> { };

        assertThat(answered[0]).isEqualTo("NOT_FINISHED");
        assertThat(stores.objects.read(UndoService.requestKey(id))).as("asked again once finished").isPresent();
        // A redelivery of the upload's event asks again too (the run that finished may have stopped before it asked).
        stores.objects.delete(UndoService.requestKey(id));
        stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT).ingest(second);
        assertThat(stores.objects.read(UndoService.requestKey(id))).as("asked again by the redelivery").isPresent();

        UndoService.UndoReport report = undo().undo(id); // what UndoFunction does with the request put again
        assertThat(report.status()).isEqualTo("UNDONE");
        assertThat(state()).containsAllEntriesOf(beforeSecond).hasSize(beforeSecond.size() + 1);
        assertThat(state().get("C4")).as("created by the import undone").startsWith("true ");
        stores.objects.delete(UndoService.requestKey(id));
        stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT).ingest(second);
        assertThat(stores.objects.read(UndoService.requestKey(id))).as("an undo done is not asked for again").isEmpty();
    }

    @Test
    void anImportThatFinishesWhileItsUndoIsAnsweredIsUndoneByThatUndo() {
        load(FIRST);
        Map<String, String> beforeSecond = state();
        String id = load(SECOND);
        ImportRecord done = stores.imports.records.get(id);
        stores.imports.records.put(id, new ImportRecord(id, done.bucket(), done.key(), done.version(), ImportStatus.RUNNING, done.startedAt(),
                null, 0, 0, 0, null));
        boolean[] finished = new boolean[1];
        stores.objects.afterPut = key -> {
            if (!finished[0] && key.equals(UndoService.reportKey(id))) {
                // The import finishes just after the undo read it running, before it wrote its answer: the import
                // found no answer to ask again for.
                finished[0] = true;
                stores.imports.records.put(id, done);
            }
        };
        UndoService.UndoReport report = undo().undo(id);

        assertThat(finished[0]).isTrue();
        assertThat(report.status()).isEqualTo("UNDONE");
        assertThat(state()).containsAllEntriesOf(beforeSecond).hasSize(beforeSecond.size() + 1);
        assertThat(state().get("C4")).as("created by the import undone").startsWith("true ");
        assertThat(stores.imports.find(id).orElseThrow().undoneAt()).isNotNull();
    }
    @Test
    void anImportThatChangedNothingIsNotNamedAsHavingChangedTheRetiredCustomer() {
        String first = loadAt(0, "客户编号,客户名称,省份,订单数\nN1,甲有限公司,浙江,1\n");
        String changed = loadAt(1, "客户编号,订单数\nN1,5\n");
        IngestStores all = new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless, stores.imports, stores.history,
                stores.folders);
        new UndoService(all, SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(2))).undo(changed);
        String same = loadAt(3, "客户编号,订单数\nN1,1\n");
        assertThat(stores.customers.findByCode(code("N1")).orElseThrow().attributes()).containsEntry("orders", "1");

        UndoService.UndoReport report = new UndoService(all, SchemeSource.builtIn(), Clock.offset(CLOCK, java.time.Duration.ofMinutes(4)))
                .undo(first);
        assertThat(report.retired()).containsExactly(code("N1"));
        assertThat(report.retiredChangedSince()).as("%s changed nothing, and %s was undone", same, changed).isEmpty();
    }
}
