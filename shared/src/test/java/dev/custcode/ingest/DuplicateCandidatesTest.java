package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** An import lists the customers it created that are probably customers stored before, and merges nothing. */
class DuplicateCandidatesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);

    private ImportReport drop(String name, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/" + name, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", "incoming/" + name, null, eTag, bytes.length));
    }

    @Test
    void withTheSearchOffAnImportReadsAndWritesNoBlockAndFindsNoPair() {
        IngestService off = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT.withDuplicateSearch(false));
        for (String name : java.util.List.of("erp.csv", "shop.csv")) {
            String row = name.equals("erp.csv") ? "杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n" : "杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000\n";
            byte[] bytes = ("客户名称,省份,城市,电话\n" + row).getBytes(StandardCharsets.UTF_8);
            String eTag = stores.objects.put("incoming/" + name, bytes);
            ImportReport r = off.ingest(new IncomingObject("test-bucket", "incoming/" + name, null, eTag, bytes.length));
            assertThat(r.counts().created()).isEqualTo(1);
            assertThat(r.counts().duplicateCandidates()).isZero();
        }
        assertThat(stores.customers.blocks).isEmpty();
    }

    @Test
    void aSecondSystemsSpellingsAreCandidatesNotMerges() {
        drop("erp.csv", "客户编号,客户名称,省份,城市,电话\n"
                + "E1,杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n"
                + "E2,\"ACME Trading Co., Ltd.\",上海,上海,021-5888 1234\n"
                + "E3,成都天府食品厂,四川,成都,028-8765 4321\n");
        String erpQingmu = stores.customers.byKey("sid:E1").code();
        String erpAcme = stores.customers.byKey("sid:E2").code();

        ImportReport shop = drop("shop.csv", "客户名称,省份,城市,电话\n"
                + "杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000\n"        // second line, brackets
                + "\"Acme Trading Company Limited\",上海,上海,021-6000 0000\n"   // legal form spelled out
                + "ＡＣＭＥ　Ｔｒａｄｉｎｇ,上海,上海,021-6000 0001\n"              // full-width
                + "成都天府科技有限公司,四川,成都,028-8000 0000\n");             // another business

        assertThat(shop.counts().created()).as("nothing merged on its own").isEqualTo(4);
        assertThat(shop.counts().duplicateCandidates()).isEqualTo(4);
        String file = stores.objects.text(IngestService.duplicatesKey(shop.importId()));
        String shopQingmu = stores.customers.byKey("tel:8657187770000").code();
        String shopAcme = stores.customers.byKey("tel:862160000000").code();
        String shopFullWidth = stores.customers.byKey("tel:862160000001").code();
        assertThat(file.lines().skip(1)).hasSize(4).anySatisfy(l -> assertThat(l)
                        .isEqualTo("\"2\",\"" + shopQingmu + "\",\"杭州青木贸易(有限公司)\",\"" + erpQingmu + "\",\"杭州青木贸易有限公司\",\"0.95\",\"same name; same city\""))
                .anySatisfy(l -> assertThat(l).startsWith("\"3\",\"" + shopAcme + "\"").contains(erpAcme))
                .anySatisfy(l -> assertThat(l).startsWith("\"4\",\"" + shopFullWidth + "\"").contains(erpAcme))
                .as("two rows of one file are a pair too").anySatisfy(l -> assertThat(l).contains(shopFullWidth).contains(shopAcme))
                .noneSatisfy(l -> assertThat(l).contains("天府"));
        assertThat(shop.message()).contains("4 probable duplicates (duplicates.csv)");
        assertThat(stores.objects.text(IngestService.reportKey(shop.importId())))
                .contains("\"duplicatesFile\" : \"" + IngestService.duplicatesKey(shop.importId()) + "\"");

        ImportReport again = drop("shop-again.csv", "客户名称,省份,城市,电话,累计金额\n"
                + "杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000,5000\n");
        assertThat(again.counts().updated()).isEqualTo(1);
        assertThat(again.counts().duplicateCandidates()).as("an amount changed: nothing it is compared by").isZero();
        assertThat(stores.objects.text(IngestService.reportKey(again.importId()))).as("no pairs, no file named").doesNotContain("duplicatesFile");
    }

    @Test
    void twoImportsJoiningOneBlockAtTheSameTimeBothStayInItAndTheLaterFindsTheirPair() {
        // The shop's file is imported while the ERP's customer is being joined to its blocks: the shop
        // read them before the ERP's customer was in them, and the ERP read them before the shop's was.
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<ImportReport> shop = new java.util.concurrent.atomic.AtomicReference<>();
        stores.customers.beforeBlocksStored = () -> {
            if (once.compareAndSet(false, true)) {
                shop.set(drop("shop.csv", "会员编号,会员名称,省份,城市,电话\nS1,杭州青木贸易（有限公司）,浙江省,杭州市,0571-8777 0002\n"));
            }
        };
        ImportReport erp = drop("erp.csv", "客户编号,客户名称,省份,城市,电话\nE1,杭州青木贸易有限公司,浙江,杭州,0571-8777 0001\n");

        assertThat(shop.get().counts().duplicateCandidates()).as("the shop saw no one in the blocks").isZero();
        assertThat(erp.counts().duplicateCandidates()).as("the ERP's join answered the shop's customer beside its own").isEqualTo(1);
        String e1 = stores.customers.byKey("sid:E1").code();
        String s1 = stores.customers.byKey("sid:S1").code();
        assertThat(stores.objects.text(IngestService.duplicatesKey(erp.importId()))).contains(e1).contains(s1).contains("same name");
        assertThat(stores.imports.pair(dev.custcode.store.ImportStore.DuplicatePair.id(e1, s1))).isPresent();
        assertThat(stores.customers.blocks.values()).as("neither lost from the block the other wrote")
                .anySatisfy(m -> assertThat(m).map(dev.custcode.identity.DuplicateRules::codeOf).contains(e1, s1));
    }

    @Test
    void aLaterBatchFindsAnEarlierBatchsCustomerWhoseBlocksAreNotStoredYet() throws Exception {
        // Block writes run beside the next batch: held back here until a pair is proposed, so the
        // second batch can find the first batch's customer only through what the run remembers.
        java.util.concurrent.CountDownLatch proposed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean heldBack = new java.util.concurrent.atomic.AtomicBoolean();
        stores.customers.beforeBlocksStored = () -> {
            try {
                if (!proposed.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    heldBack.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        stores.imports.onProposePairs = proposed::countDown;
        IngestService oneRowBatches = stores.ingest(SchemeSource.builtIn(), CLOCK,
                new IngestSettings(1, IngestSettings.DEFAULT.lease(), IngestSettings.DEFAULT.limits()));
        byte[] bytes = ("客户名称,省份,城市,电话\n杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n"
                + "杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000\n").getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/two-batches.csv", bytes);
        ImportReport r = oneRowBatches.ingest(new IncomingObject("test-bucket", "incoming/two-batches.csv", null, eTag, bytes.length));

        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(r.counts().duplicateCandidates()).as("the pair across the two batches").isEqualTo(1);
        assertThat(heldBack.get()).as("the first batch's blocks were stored only after the pair was found").isFalse();
        String first = stores.customers.byKey("tel:8657188881234").code();
        String second = stores.customers.byKey("tel:8657187770000").code();
        assertThat(stores.customers.blocks.values()).as("both stored in their blocks when the import ends")
                .anySatisfy(m -> assertThat(m).map(dev.custcode.identity.DuplicateRules::codeOf).contains(first, second));
    }

    @Test
    void aBatchsSearchGoesOnWhileTheNextBatchIsWrittenAndTheLastBatchsPairsAreWritten() {
        drop("erp.csv", "客户编号,客户名称,省份,城市,电话\n"
                + "E1,杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n"
                + "E2,\"ACME Trading Co., Ltd.\",上海,上海,021-5888 1234\n");
        // The first batch's search proposes its pair only once the second batch's customer is written:
        // a search that held up the next batch would wait here in vain.
        java.util.concurrent.CountDownLatch secondWritten = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean waitedInVain = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger proposals = new java.util.concurrent.atomic.AtomicInteger();
        dev.custcode.store.CustomerStore watched = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.List<Rejected> write(java.util.List<dev.custcode.store.CustomerWrite> writes) {
                java.util.List<Rejected> out = super.write(writes);
                if (writes.stream().anyMatch(w -> w.customer().attributes().getOrDefault("name", "").contains("天府"))) {
                    secondWritten.countDown();
                }
                return out;
            }
        };
        stores.imports.onProposePairs = () -> {
            try {
                if (proposals.getAndIncrement() == 0 && !secondWritten.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    waitedInVain.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        IngestService oneRowBatches = new IngestService(new IngestStores(stores.objects, watched, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), CLOCK,
                new IngestSettings(1, IngestSettings.DEFAULT.lease(), IngestSettings.DEFAULT.limits()));
        byte[] bytes = ("客户名称,省份,城市,电话\n"
                + "杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000\n"
                + "成都天府食品厂,四川,成都,028-8765 4321\n"
                + "\"Acme Trading Company Limited\",上海,上海,021-6000 0000\n").getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/shop.csv", bytes);
        ImportReport r = oneRowBatches.ingest(new IncomingObject("test-bucket", "incoming/shop.csv", null, eTag, bytes.length));

        assertThat(waitedInVain.get()).as("the second batch was written while the first batch's search ran").isFalse();
        assertThat(r.counts().duplicateCandidates()).isEqualTo(2);
        String file = stores.objects.text(IngestService.duplicatesKey(r.importId()));
        assertThat(file.lines().skip(1)).as("in line order, the last batch's pair too, though its search ended after the last row")
                .satisfiesExactly(l -> assertThat(l).startsWith("\"2\",").contains(stores.customers.byKey("sid:E1").code()),
                        l -> assertThat(l).startsWith("\"4\",").contains(stores.customers.byKey("sid:E2").code()));
    }

    @Test
    void aSearchThatFailsFailsTheImportWhichIsRetried() {
        drop("erp.csv", "客户编号,客户名称,省份,城市,电话\nE1,杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n");
        stores.imports.onProposePairs = () -> {
            throw new IllegalStateException("throttled");
        };
        IngestService oneRowBatches = stores.ingest(SchemeSource.builtIn(), CLOCK,
                new IngestSettings(1, IngestSettings.DEFAULT.lease(), IngestSettings.DEFAULT.limits()));
        byte[] bytes = ("客户名称,省份,城市,电话\n杭州青木贸易（有限公司）,浙江,杭州市,0571-8777 0000\n成都天府食品厂,四川,成都,028-8765 4321\n")
                .getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/shop.csv", bytes);
        IncomingObject shop = new IncomingObject("test-bucket", "incoming/shop.csv", null, eTag, bytes.length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oneRowBatches.ingest(shop)).hasMessageContaining("throttled");

        stores.imports.onProposePairs = () -> { };
        ImportReport retried = oneRowBatches.ingest(shop);
        assertThat(retried.counts().duplicateCandidates()).as("the retry finds the pair the failed search lost").isEqualTo(1);
        assertThat(stores.customers.all()).hasSize(3);
    }

    @Test
    void numberedCustomersAndCommonBlocksMakeNoPairs() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,城市,邮箱\n");
        for (int i = 0; i < 250; i++) {
            csv.append("L").append(i).append(",客户").append(i).append("贸易有限公司,浙江,杭州,c").append(i).append("@example.com\n");
        }
        ImportReport r = drop("numbered.csv", csv.toString());
        assertThat(r.counts().created()).isEqualTo(250);
        assertThat(r.counts().duplicateCandidates()).as("客户12 and 客户13 are two customers").isZero();
        assertThat(stores.customers.blocks.values()).as("no block grows past its cap").isNotEmpty()
                .allSatisfy(m -> assertThat(m.size()).isLessThanOrEqualTo(dev.custcode.store.CustomerStore.BLOCK_CAP));

        ImportReport more = drop("more.csv", "客户编号,客户名称,省份,城市,邮箱\nM1,客户7贸易公司,浙江,杭州,m1@example.com\n");
        assertThat(more.counts().duplicateCandidates()).as("found through its name, not the full domain block").isEqualTo(1);
    }
}
