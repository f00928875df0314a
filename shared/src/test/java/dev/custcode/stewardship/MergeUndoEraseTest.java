package dev.custcode.stewardship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.ingest.IngestStores;
import dev.custcode.ingest.UndoService;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.HistoryStore;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A merge meets an undo or an erasure: nothing is stranded, nothing is kept that should go, and each says what it left. */
class MergeUndoEraseTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "客户编号,客户名称,客户类型,省份,城市,电话,累计金额\n";

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
    private final IngestStores all = new IngestStores(stores.objects, stores.customers, stores.counters, stores.gapless, stores.imports,
            stores.history, stores.folders);
    private final MergeService merges = new MergeService(all, SchemeSource.builtIn(), CLOCK);
    private final UndoService undo = new UndoService(all, SchemeSource.builtIn(), CLOCK);
    private final EraseService erase = new EraseService(all, SchemeSource.builtIn(), CLOCK);
    private int files;

    private ImportReport drop(String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/file-" + (++files) + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("b", key, null, eTag, bytes.length));
    }

    private Customer bySid(String sid) {
        return stores.customers.byKey("sid:" + sid);
    }

    private Customer byCode(String code) {
        return stores.customers.byCode.get(code);
    }

    /** Two customers of one file, the second merged into the first: their codes, survivor first. */
    private List<String> mergedPair(String survivorRow, String mergedRow) {
        drop(HEADER + survivorRow + "\n" + mergedRow + "\n");
        String survivor = bySid(survivorRow.substring(0, survivorRow.indexOf(','))).code();
        String merged = bySid(mergedRow.substring(0, mergedRow.indexOf(','))).code();
        merges.merge(merged, survivor);
        return List.of(survivor, merged);
    }

    @Test
    void undoingTheImportThatCreatedASurvivorLeavesItUntilTheMergeIsUndoneThenRetiresBoth() {
        ImportReport created = drop(HEADER + "M1,常州龙城电器有限公司,企业,江苏,常州,0519-8100 0001,1000\n"
                + "M2,常州龙城电器,企业,江苏,常州,0519-8100 0002,2000\n");
        String m1 = bySid("M1").code();
        String m2 = bySid("M2").code();
        merges.merge(m2, m1);

        UndoService.UndoReport first = undo.undo(created.importId());
        assertThat(first.survivors()).as("the survivor stays: retiring it would strand %s", m2).containsEntry(m1, List.of(m2));
        assertThat(first.mergedAway()).containsEntry(m2, m1);
        assertThat(first.retired()).isEmpty();
        assertThat(first.message()).as("not the whole undo: it says so").isEqualTo("2 customers of this import are left as they are"
                + " because of merges made since (" + String.join(", ", new java.util.TreeSet<>(List.of(m1, m2)))
                + "; see mergedAway and survivors): unmerge them (POST /customers/{survivor}/unmerge), then put undo/"
                + created.importId() + ".json again to undo them too");
        assertThat(byCode(m1).retired()).isFalse();
        assertThat(byCode(m1).keys()).contains("sid:M2");

        assertThat(merges.unmerge(m1, m2).status()).isEqualTo("UNMERGED");
        UndoService.UndoReport second = undo.undo(created.importId());
        assertThat(second.retired()).containsExactlyInAnyOrder(m1, m2);
        assertThat(second.survivors()).isEmpty();
        assertThat(second.mergedAway()).isEmpty();
        assertThat(second.message()).isNull();
        assertThat(byCode(m1).retired()).isTrue();
        assertThat(byCode(m2).retired()).isTrue();
        assertThat(byCode(m2).mergedInto()).isNull();
    }

    @Test
    void undoingAnUpdateOfACustomerMergedAwaySinceSaysSoAndRevertsItOnceUnmerged() {
        drop(HEADER + "U1,无锡太湖机械有限公司,企业,江苏,无锡,0510-8100 0001,20000\n"
                + "U2,无锡太湖机械,企业,江苏,无锡,0510-8100 0002,30000\n");
        ImportReport update = drop("客户编号,累计金额\nU2,99999\n");
        String u1 = bySid("U1").code();
        String u2 = bySid("U2").code();
        merges.merge(u2, u1);
        assertThat(byCode(u1).attributes()).containsEntry("amount", "99999");

        UndoService.UndoReport first = undo.undo(update.importId());
        assertThat(first.mergedAway()).as("not silently skipped").containsEntry(u2, u1);
        assertThat(first.reverted()).isEmpty();

        merges.unmerge(u1, u2);
        assertThat(byCode(u2).attributes()).containsEntry("amount", "99999");
        UndoService.UndoReport second = undo.undo(update.importId());
        assertThat(second.reverted()).containsEntry(u2, List.of("amount"));
        assertThat(second.mergedAway()).isEmpty();
        assertThat(byCode(u2).attributes()).containsEntry("amount", "30000");
        assertThat(byCode(u1).attributes()).as("the unmerge took back what the merge gave").containsEntry("amount", "20000");
    }

    @Test
    void erasingACustomerMergedAwayTakesItsDataBackFromTheSurvivorFirst() {
        List<String> codes = mergedPair("W1,成都蓉城商贸有限公司,企业,四川,成都,028-8765 1111,250000", "W2,成都蓉城商贸,企业,四川,成都,028-8765 0000,100");
        String w1 = codes.get(0);
        String w2 = codes.get(1);
        assertThat(stores.customers.byKey("tel:862887650000").code()).isEqualTo(w1);

        EraseService.EraseReport r = erase.erase(w2);
        assertThat(r.status()).isEqualTo("ERASED");
        assertThat(r.unmergedFrom()).isEqualTo(w1);
        assertThat(r.keysReleased()).as("its source id and phone, given back by the survivor, then released").isEqualTo(2);
        assertThat(stores.customers.byKey("tel:862887650000")).as("the phone finds no one").isNull();
        assertThat(byCode(w1).keys()).doesNotContain("sid:W2", "tel:862887650000");
        assertThat(byCode(w1).attributes()).doesNotContainValue("028-8765 0000");
        Customer tombstone = byCode(w2);
        assertThat(tombstone.erased()).isTrue();
        assertThat(tombstone.mergedInto()).as("an erased code answers 410, not 301").isNull();
        assertThat(stores.objects.read(MergeService.recordKey(w2))).isEmpty();
        List<HistoryStore.Change> survivors = stores.history.of(w1, null, 100).items();
        assertThat(survivors).extracting(HistoryStore.Change::kind).as("which fields changed, and when, stay").contains("merged", "unmerged");
        assertThat(survivors.toString()).as("its keys and values do not").doesNotContain("W2", "862887650000", "028-8765 0000", "100");
        assertThat(r.othersHistoryItems()).as("the merge's entry (keys added) and the unmerge's (it took back the second phone the merge kept)")
                .isEqualTo(2);
    }

    @Test
    void aSurvivorsHistoryStillReadsBackToItsOwnValuesOnceTheCustomerMergedIntoItIsErased() {
        drop(HEADER + "N1,南京子丑贸易有限公司,企业,江苏,南京,025-8800 4444,100000\n");
        drop(HEADER + "N2,南京子丑贸易,企业,江苏,南京,025-8800 5555,70000\n"); // a later upload: its values win in the merge
        String n1 = bySid("N1").code();
        String n2 = bySid("N2").code();
        merges.merge(n2, n1);
        assertThat(byCode(n1).attributes()).as("the merge gave the survivor the later name").containsEntry("name", "南京子丑贸易");

        erase.erase(n2);

        dev.custcode.api.History history = new dev.custcode.api.LookupService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK)
                .customers().history(n1, null, null, dev.custcode.api.Access.Viewer.ALL);
        dev.custcode.api.History.Change created = history.changes().get(history.changes().size() - 1);
        assertThat(created.kind()).isEqualTo("created");
        assertThat(created.fields()).extracting(dev.custcode.api.History.Field::to)
                .as("its own values, as it was created").contains("南京子丑贸易有限公司", "025-8800 4444", "100000");
        assertThat(history.toString()).doesNotContain("N2", "025-8800 5555", "70000").contains("南京子丑贸易有限公司");
        assertThat(history.changes()).extracting(dev.custcode.api.History.Change::kind).contains("merged", "unmerged");
    }

    @Test
    void aFileThatChangedTheSurvivorSinceTheMergeKeepsNoneOfTheErasedCustomersValuesInItsHistory() {
        List<String> codes = mergedPair("P1,宁波甬江贸易有限公司,企业,浙江,宁波,,1000", "P2,宁波甬江贸易,企业,浙江,宁波,0574-8765 4321,2000");
        String p1 = codes.get(0);
        String p2 = codes.get(1);
        drop("客户编号,电话\nP1,0574-8111 2222\n"); // the survivor's phone replaced: the entry's "from" is P2's phone
        assertThat(stores.history.of(p1, null, 100).items().toString()).contains("0574-8765 4321");

        EraseService.EraseReport r = erase.erase(p2);

        String history = stores.history.of(p1, null, 100).items().toString();
        assertThat(history).doesNotContain("0574-8765 4321", "8657487654321", "P2").contains("0574-8111 2222");
        assertThat(r.othersHistoryItems()).isGreaterThanOrEqualTo(2);
        assertThat(erase.erase(p2).othersHistoryItems()).as("a retry finds nothing more").isZero();
    }

    @Test
    void erasingACustomerWhoseMergeWasUndoneBeforeForgetsItsValuesInTheFormerSurvivorsHistory() {
        List<String> codes = mergedPair("V1,绵阳科创有限公司,企业,四川,绵阳,,1000", "V2,绵阳科创,企业,四川,绵阳,0816-2222 3333,2000");
        String v1 = codes.get(0);
        String v2 = codes.get(1);
        assertThat(stores.history.of(v1, null, 100).items().toString()).as("the merge gave the survivor its phone").contains("0816-2222 3333");
        merges.unmerge(v1, v2);

        EraseService.EraseReport r = erase.erase(v2);
        assertThat(r.unmergedFrom()).isNull();
        assertThat(r.othersHistoryItems()).isEqualTo(2);
        assertThat(stores.history.of(v1, null, 100).items().toString()).doesNotContain("0816-2222 3333", "V2", "8681622223333");
        assertThat(erase.erase(v2).othersHistoryItems()).as("a retry finds nothing more to forget").isZero();
    }

    @Test
    void anErasureWhoseMergeCannotBeUndoneIsRefusedAndErasesNothing() {
        drop(HEADER + "A1,甲乙丙有限公司,企业,四川,成都,028-1111 1111,1\n"
                + "A2,甲乙丙,企业,四川,成都,028-2222 2222,2\n"
                + "A3,甲乙丙公司,企业,四川,成都,028-3333 3333,3\n");
        String a1 = bySid("A1").code();
        String a2 = bySid("A2").code();
        String a3 = bySid("A3").code();
        merges.merge(a1, a2);
        merges.merge(a2, a3); // a1's survivor was merged on: its merge cannot be undone before a2's

        EraseService.EraseReport r = erase.erase(a1);
        assertThat(r.status()).isEqualTo("REFUSED");
        assertThat(r.reason()).contains(a2).contains("undo that merge first");
        assertThat(byCode(a1).erased()).isFalse();
        assertThat(byCode(a3).keys()).contains("sid:A1");
    }

    @Test
    void aCustomerErasedWithItsSurvivorIsNoLongerMergedIntoIt() {
        List<String> codes = mergedPair("S1,海宁皮革城有限公司,企业,浙江,嘉兴,0573-1111 1111,1", "S2,海宁皮革城,企业,浙江,嘉兴,0573-2222 2222,2");
        String s2 = codes.get(1);
        EraseService.EraseReport report = erase.erase(codes.get(0));
        assertThat(report.erasedWithIt()).as("the report names what went with it").containsExactly(s2);
        assertThat(byCode(s2).erased()).isTrue();
        assertThat(byCode(s2).mergedInto()).isNull();
    }

    @Test
    void anErasureTakesEveryWarningOfALineThatNamesThePersonFromBothCopies() {
        drop(HEADER + "000123,张三贸易有限公司,企业,浙江,杭州,13912300000,100\n");
        ImportReport later = drop(HEADER + "R9,李四商行,企业,浙江,杭州,13700000009,200\n");
        String code = bySid("000123").code();
        // As an export saved by Excel and dropped back writes them: the id without its zeros, the phone rounded.
        String masked = "\uFEFF\"line\",\"field\",\"value\",\"action\"\r\n"
                + "\"4\",\"sourceId\",\"123\",\"read as 000123, the customer's stored value (Excel drops leading zeros)\"\r\n"
                + "\"4\",\"phone\",\"1.39****E+10\",\"kept the stored value\"\r\n"
                + "\"5\",\"amount\",\"abc\",\"ignored\"\r\n";
        String full = masked.replace("1.39****E+10", "1.39123E+10");
        stores.objects.put(IngestService.warningsKey(later.importId()), masked.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stores.objects.put(IngestService.privateCopy(IngestService.warningsKey(later.importId())), full.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        erase.erase(code);

        for (String key : List.of(IngestService.warningsKey(later.importId()), IngestService.privateCopy(IngestService.warningsKey(later.importId())))) {
            assertThat(stores.objects.text(key)).as(key).doesNotContain("000123").doesNotContain("\"4\"").contains("\"5\",\"amount\",\"abc\"");
        }
    }

    @Test
    void anErasureNamesTheCustomersItWasProbablyTheSameAsWhoStillHoldTheirData() {
        // One person from two systems, two codes: the duplicate search pairs them (same name, same mobile, spelled apart).
        ImportReport first = drop(HEADER + "T1,陈美玲,个人,浙江,杭州,13912345678,1000\n");
        ImportReport second = drop("客户名称,省份,城市,邮箱,累计金额\n陈美玲,浙江,杭州,meiling@example.cn,2000\n");
        String erased = bySid("T1").code();
        String other = stores.customers.byKey("email:meiling@example.cn").code();
        assertThat(other).isNotEqualTo(erased);
        assertThat(first.counts().duplicateCandidates() + second.counts().duplicateCandidates()).as("the pair is found").isPositive();

        EraseService.EraseReport report = erase.erase(erased);

        assertThat(report.status()).isEqualTo("ERASED");
        assertThat(report.probableDuplicates()).containsExactly(other);
        assertThat(stores.imports.openPairs(null, null, 10).items()).as("the pair named the erased customer").isEmpty();
        assertThat(byCode(other).attributes()).as("not erased on a guess").containsEntry("name", "陈美玲");
    }

    @Test
    void anErasureRetriedAfterItDeletedThePairsOrDeliveredTwiceStillNamesTheProbableDuplicates() {
        drop(HEADER + "T1,陈美玲,个人,浙江,杭州,13912345678,1000\n");
        drop("客户名称,省份,城市,邮箱,累计金额\n陈美玲,浙江,杭州,meiling@example.cn,2000\n");
        String erased = bySid("T1").code();
        String other = stores.customers.byKey("email:meiling@example.cn").code();
        // The first attempt dies as it writes its report: the pairs are deleted by then.
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
        dev.custcode.store.ObjectStore crashing = (dev.custcode.store.ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.custcode.store.ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("put") && EraseService.reportKey(erased).equals(args[0]) && crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("the function's host died");
                    }
                    try {
                        return method.invoke(stores.objects, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        EraseService dying = new EraseService(new IngestStores(crashing, stores.customers, stores.counters, stores.gapless, stores.imports,
                stores.history, stores.folders), SchemeSource.builtIn(), CLOCK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dying.erase(erased)).hasMessageContaining("died");
        assertThat(stores.imports.openPairs(null, null, 10).items()).as("the pairs went before the crash").isEmpty();

        EraseService.EraseReport retried = erase.erase(erased);
        assertThat(retried.status()).isEqualTo("ERASED");
        assertThat(retried.probableDuplicates()).as("kept beside the erasure").containsExactly(other);
        assertThat(stores.objects.read(EraseService.pendingKey(erased))).as("gone once the report says it").isEmpty();

        assertThat(erase.erase(erased).probableDuplicates()).as("a second delivery keeps what the report said").containsExactly(other);
    }
}
