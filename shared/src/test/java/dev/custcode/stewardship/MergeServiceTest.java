package dev.custcode.stewardship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.customer.Customer;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.ingest.IngestStores;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.HistoryStore;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merges and their undo on the in-memory stores: what each customer holds before and after. */
class MergeServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "客户名称,省份,城市,累计金额,电话,邮箱,行业\n";

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
    private final MergeService merges = new MergeService(new IngestStores(stores.objects, stores.customers, stores.counters,
            stores.gapless, stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), CLOCK);
    private int files;

    private ImportReport drop(String header, String rows) {
        byte[] bytes = (header + rows).getBytes(StandardCharsets.UTF_8);
        String key = "incoming/file-" + (++files) + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", key, null, eTag, bytes.length));
    }

    /** Two codes for one company: the ERP knows its phone, the shop its email and industry. */
    private List<String> twoCodes() {
        drop(HEADER, "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,,\n");
        drop(HEADER, "青木贸易,浙江,杭州,300000,,sales@qingmu.example,批发\n");
        assertThat(stores.customers.all()).hasSize(2);
        return List.of(stores.customers.byKey("tel:8657188881234").code(), stores.customers.byKey("email:sales@qingmu.example").code());
    }

    @Test
    void theSurvivorGainsTheKeysAndNewerValuesAndTheMergedCodeIsRetiredForGood() {
        List<String> codes = twoCodes();
        String survivor = codes.get(0);
        String merged = codes.get(1);

        MergeService.Result r = merges.merge(merged, survivor);

        assertThat(r.status()).isEqualTo("MERGED");
        Customer s = stores.customers.byCode.get(survivor);
        assertThat(s.keys()).contains("tel:8657188881234", "email:sales@qingmu.example");
        assertThat(s.attributes()).as("the value it lacked, and the more recently uploaded amount and name")
                .containsEntry("industry", "批发").containsEntry("amount", "300000").containsEntry("name", "青木贸易");
        Customer m = stores.customers.byCode.get(merged);
        assertThat(m.retired()).isTrue();
        assertThat(m.mergedInto()).isEqualTo(survivor);
        assertThat(m.keys()).isEmpty();
        assertThat(stores.customers.byKey("email:sales@qingmu.example").code()).isEqualTo(survivor);
        assertThat(stores.history.of(survivor, null, 10).items()).extracting(HistoryStore.Change::kind).contains("merged");
        assertThat(stores.history.of(merged, null, 10).items()).extracting(HistoryStore.Change::cause).contains("merged into " + survivor);
        assertThat(stores.objects.list("manifests/")).as("the folders are announced for export").isNotEmpty();

        assertThat(merges.merge(merged, survivor).status()).as("a retry changes nothing more").isEqualTo("MERGED");
        assertThat(stores.customers.byCode.get(survivor).version()).isEqualTo(s.version());
    }

    @Test
    void twoCustomersOfOneFileMergedKeepTheSurvivorsValuesAndGainOnlyWhatItLacked() {
        drop("客户编号,客户名称,省份,城市,电话,销售渠道,行业\n",
                "T001,臺灣高雄貿易有限公司,台湾,高雄,07-1234567,直销,\nT002,香港九龍商行,香港,九龙,+852 2345 6789,代理,零售\n");
        Customer first = stores.customers.all().stream().filter(c -> "T001".equals(c.attributes().get("sourceId"))).findFirst().orElseThrow();
        Customer second = stores.customers.all().stream().filter(c -> "T002".equals(c.attributes().get("sourceId"))).findFirst().orElseThrow();

        MergeService.Result r = merges.merge(second.code(), first.code());

        Customer after = stores.customers.byCode.get(first.code());
        assertThat(after.attributes()).containsEntry("name", "臺灣高雄貿易有限公司").containsEntry("sourceId", "T001")
                .containsEntry("province", "台湾").containsEntry("channel", "直销").containsEntry("industry", "零售");
        assertThat(r.fields()).as("and the other's phone as its second").containsExactly("industry", "phone2");
        assertThat(after.attributes()).containsEntry("phone", "07-1234567").containsEntry("phone2", "+852 2345 6789");
        assertThat(after.folder()).isEqualTo(first.folder());
        assertThat(after.keys()).containsAll(second.keys().stream().filter(k -> !k.startsWith("code:")).toList());
    }

    @Test
    void aLaterRowWithTheMergedCustomersKeyOrCodeUpdatesTheSurvivor() {
        List<String> codes = twoCodes();
        merges.merge(codes.get(1), codes.get(0));

        ImportReport byKey = drop(HEADER, "青木贸易,浙江,杭州,310000,,sales@qingmu.example,批发\n");
        ImportReport byCode = drop("客户编码,累计金额\n", codes.get(1) + ",320000\n");

        assertThat(byKey.counts().created()).isZero();
        assertThat(byKey.counts().updated()).isEqualTo(1);
        assertThat(byCode.counts().created()).isZero();
        assertThat(byCode.counts().rejected()).isZero();
        assertThat(byCode.counts().updated()).isEqualTo(1);
        assertThat(stores.customers.all()).hasSize(2);
        assertThat(stores.customers.byCode.get(codes.get(0)).attributes()).containsEntry("amount", "320000");
        assertThat(stores.customers.byCode.get(codes.get(1)).attributes()).as("the merged customer is left as it was")
                .containsEntry("amount", "300000");
    }

    @Test
    void aSurvivorHoldingTwoSystemsSourceIdsIsUpdatedByRowsOfEitherAndAThirdIdStillConflicts() {
        String header = "客户编号,客户名称,省份,城市,累计金额\n";
        drop(header, "SHOP-1,杭州青木贸易有限公司,浙江,杭州,100\n");
        drop(header, "CRM-2,青木贸易,浙江,杭州,200\n");
        String survivor = stores.customers.byKey("sid:SHOP-1").code();
        merges.merge(stores.customers.byKey("sid:CRM-2").code(), survivor);
        assertThat(stores.customers.byCode.get(survivor).keys()).contains("sid:SHOP-1", "sid:CRM-2");

        ImportReport shop = drop("客户编号,订单数\n", "SHOP-1,77\n");
        ImportReport crm = drop("客户编号,累计金额\n", "CRM-2,88\n");

        assertThat(shop.counts().conflicts()).isZero();
        assertThat(shop.counts().updated()).isEqualTo(1);
        assertThat(crm.counts().conflicts()).isZero();
        assertThat(crm.counts().updated()).isEqualTo(1);
        assertThat(stores.customers.byCode.get(survivor).attributes()).containsEntry("orders", "77").containsEntry("amount", "88");
        ImportReport other = drop("客户编号,客户编码\n", "ERP-3," + survivor + "\n");
        assertThat(other.counts().conflicts()).as("an id the survivor does not hold contradicts it").isEqualTo(1);
    }

    @Test
    void unmergeRestoresBothWithTheirCodesAndKeepsWhatLaterFilesChanged() {
        List<String> codes = twoCodes();
        Customer survivorBefore = stores.customers.byCode.get(codes.get(0));
        merges.merge(codes.get(1), codes.get(0));
        drop(HEADER, "杭州青木贸易有限公司,浙江,杭州,,0571-8888 1234,,零售\n");

        MergeService.Result r = merges.unmerge(codes.get(0), null);

        assertThat(r.status()).isEqualTo("UNMERGED");
        assertThat(r.code()).isEqualTo(codes.get(1));
        Customer s = stores.customers.byCode.get(codes.get(0));
        Customer m = stores.customers.byCode.get(codes.get(1));
        assertThat(m.retired()).isFalse();
        assertThat(m.mergedInto()).isNull();
        assertThat(m.keys()).containsExactly("email:sales@qingmu.example");
        assertThat(stores.customers.byKey("email:sales@qingmu.example").code()).isEqualTo(codes.get(1));
        assertThat(s.keys()).isEqualTo(survivorBefore.keys());
        assertThat(s.attributes()).as("the amount the merge gave it goes back; the industry a later file set stays")
                .containsEntry("amount", "120000").containsEntry("industry", "零售");
        assertThat(m.attributes()).containsEntry("amount", "300000").containsEntry("industry", "批发");
        assertThat(stores.objects.read(MergeService.recordKey(codes.get(1)))).isEmpty();
        assertThat(merges.unmerge(codes.get(0), codes.get(1)).status()).as("a retry changes nothing more").isEqualTo("UNMERGED");
    }

    @Test
    void unmergeGivesBackAValueALaterFileOnlyRestated() {
        drop(HEADER, "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,,\n");
        drop(HEADER, "青木贸易,浙江,杭州,300000,0571-8777 0000,,\n");
        String survivor = stores.customers.byKey("tel:8657188881234").code();
        String merged = stores.customers.byKey("tel:8657187770000").code();
        merges.merge(merged, survivor);
        assertThat(stores.customers.byCode.get(survivor).attributes()).as("the newer upload's phone").containsEntry("phone", "0571-8777 0000");
        // A row found through the merged customer's phone, repeating it, with a new amount.
        drop("电话,累计金额\n", "0571-8777 0000,5000\n");

        MergeService.Result r = merges.unmerge(survivor, merged);

        assertThat(r.status()).isEqualTo("UNMERGED");
        Customer s = stores.customers.byCode.get(survivor);
        Customer m = stores.customers.byCode.get(merged);
        assertThat(s.attributes()).as("its own phone back beside its own key; the amount the later file changed stays")
                .containsEntry("phone", "0571-8888 1234").containsEntry("amount", "5000");
        assertThat(s.keys()).containsExactly("tel:8657188881234");
        assertThat(s.attributes()).as("the second line the merge kept goes back with the rest").doesNotContainKey("phone2");
        assertThat(m.attributes()).containsEntry("phone", "0571-8777 0000");
        assertThat(m.keys()).containsExactly("tel:8657187770000");
    }

    @Test
    void thePhoneTheMergeDoesNotKeepIsTheSurvivorsSecondPhoneWhenItHasNone() {
        // QA: the ERP's own number was no longer a value anywhere after the merge (a key only).
        drop(HEADER, "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,,\n");
        drop(HEADER, "青木贸易,浙江,杭州,300000,0571-8777 0000,,\n");
        String survivor = stores.customers.byKey("tel:8657188881234").code();
        merges.merge(stores.customers.byKey("tel:8657187770000").code(), survivor);

        assertThat(stores.customers.byCode.get(survivor).attributes()).containsEntry("phone", "0571-8777 0000")
                .containsEntry("phone2", "0571-8888 1234");
        assertThat(stores.history.of(survivor, null, 10).items().get(0).fields()).extracting(HistoryStore.FieldChange::field).contains("phone2");
    }

    @Test
    void mergedAgainAfterAnUnmergeTheSurvivorIsWhatTheFirstMergeMadeIt() {
        List<String> codes = twoCodes();
        merges.merge(codes.get(1), codes.get(0));
        Customer first = stores.customers.byCode.get(codes.get(0));
        merges.unmerge(codes.get(0), codes.get(1));

        merges.merge(codes.get(1), codes.get(0));

        Customer again = stores.customers.byCode.get(codes.get(0));
        assertThat(again.attributes()).isEqualTo(first.attributes());
        assertThat(again.stamps()).isEqualTo(first.stamps());
        assertThat(again.keys()).containsExactlyInAnyOrderElementsOf(first.keys());
    }

    @Test
    void aValueTheMergedCustomerHoldsButNoImportCouldReadDoesNotReplaceAReadableOne() {
        // QA: the shop's row said 待定 (to be decided) for the amount and 不详 for the date; an import keeps a
        // readable stored value over such a cell, and so does a merge, though the shop's file is the newer.
        String header = "客户名称,省份,城市,累计金额,最近购买日期,电话,邮箱\n";
        drop(header, "杭州青木贸易有限公司,浙江,杭州,5000,2026-11-01,0571-8888 1234,\n");
        drop(header, "青木贸易,浙江,杭州,待定,不详,,sales@qingmu.example\n");
        String survivor = stores.customers.byKey("tel:8657188881234").code();
        String merged = stores.customers.byKey("email:sales@qingmu.example").code();
        assertThat(stores.customers.byCode.get(merged).attributes()).containsEntry("amount", "待定");

        merges.merge(merged, survivor);

        assertThat(stores.customers.byCode.get(survivor).attributes()).as("the newer readable name wins; unreadable values do not")
                .containsEntry("name", "青木贸易").containsEntry("amount", "5000").containsEntry("lastOrderDate", "2026-11-01")
                .containsEntry("email", "sales@qingmu.example");
    }

    @Test
    void refusesWhatCannotBeOneCompany() {
        drop("客户名称,城市,累计金额,税号\n", "甲公司,杭州,1,91350100M000100Y43\n乙公司,杭州,2,91110000600037341L\n");
        List<String> codes = stores.customers.all().stream().map(Customer::code).sorted().toList();

        assertThatThrownBy(() -> merges.merge(codes.get(0), codes.get(1))).isInstanceOf(MergeService.Refused.class)
                .hasMessageContaining("different tax ids");
        assertThatThrownBy(() -> merges.merge(codes.get(0), codes.get(0))).isInstanceOf(MergeService.Refused.class)
                .satisfies(e -> assertThat(((MergeService.Refused) e).kind()).as("409, as every refusal").isEqualTo(MergeService.Refused.Kind.CONFLICT));
        assertThatThrownBy(() -> merges.merge(codes.get(0), "NOSUCH000001")).isInstanceOf(MergeService.Refused.class)
                .hasMessageContaining("no customer");
        assertThat(stores.customers.all()).allMatch(c -> !c.retired());
    }

    @Test
    void undoingAnImportWhoseCustomerWasMergedSinceSaysSoAndLeavesTheSurvivor() {
        List<String> codes = twoCodes();
        String shopImport = stores.imports.records.values().stream().filter(r -> r.key().endsWith("file-2.csv")).findFirst().orElseThrow().importId();
        merges.merge(codes.get(1), codes.get(0));

        dev.custcode.ingest.UndoService.UndoReport report = new dev.custcode.ingest.UndoService(new IngestStores(stores.objects,
                stores.customers, stores.counters, stores.gapless, stores.imports, stores.history, stores.folders),
                SchemeSource.builtIn(), CLOCK).undo(shopImport);

        assertThat(report.mergedAway()).containsExactly(java.util.Map.entry(codes.get(1), codes.get(0)));
        assertThat(report.retired()).isEmpty();
        assertThat(stores.customers.byCode.get(codes.get(0)).retired()).isFalse();
        assertThat(stores.objects.text(dev.custcode.ingest.UndoService.reportKey(shopImport))).contains("\"mergedAway\"");
    }

    @Test
    void unmergedAsTheUndoReportSaysAndUndoneAgainTheCustomerTheImportCreatedIsRetired() {
        List<String> codes = twoCodes();
        String shopImport = stores.imports.records.values().stream().filter(r -> r.key().endsWith("file-2.csv")).findFirst().orElseThrow().importId();
        merges.merge(codes.get(1), codes.get(0));
        dev.custcode.ingest.UndoService undo = new dev.custcode.ingest.UndoService(new IngestStores(stores.objects,
                stores.customers, stores.counters, stores.gapless, stores.imports, stores.history, stores.folders),
                SchemeSource.builtIn(), CLOCK);
        assertThat(undo.undo(shopImport).mergedAway()).containsOnlyKeys(codes.get(1));

        merges.unmerge(codes.get(0), codes.get(1));
        dev.custcode.ingest.UndoService.UndoReport again = undo.undo(shopImport);

        assertThat(again.retired()).containsExactly(codes.get(1));
        assertThat(again.mergedAway()).isEmpty();
        assertThat(stores.customers.byCode.get(codes.get(1)).retired()).isTrue();
        assertThat(stores.customers.byCode.get(codes.get(0)).retired()).as("the survivor stays").isFalse();
        assertThat(undo.undo(shopImport)).as("a third undo has nothing left to do").isEqualTo(again);
    }
}
