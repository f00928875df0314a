package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * The sweep on the in-memory stores with a clock the test moves: an import whose run died and
 * whose event is gone is re-driven once it has been quiet for the grace, finishes with every row
 * once and says so in its report; one that never finishes ends FAILED with a report.
 */
class SweeperTest {
    private static final IngestSettings SETTINGS = new IngestSettings(5, Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT);
    private static final Sweeper.Settings SWEEP = new Sweeper.Settings(Duration.ofMinutes(10), 2);

    private static byte[] file(int rows) {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append("S").append(i).append(",客户").append(i).append(",广东,").append(i * 100).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An import whose invocation died after its first batch, its event spent: RUNNING, nobody coming. */
    private static IncomingObject diedMidway(InMemoryStores stores, IngestFanOutTest.MovingClock clock, byte[] bytes) {
        String eTag = stores.objects.put("incoming/s.csv", bytes);
        IncomingObject object = new IncomingObject("b", "incoming/s.csv", null, eTag, bytes.length, clock.instant());
        IngestService dying = new IngestService(new IngestStores(stores.objects, new IngestFanOutTest.Crashing(stores.customers, 2),
                stores.counters, stores.gapless, stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, SETTINGS);
        try {
            dying.ingest(object);
        } catch (IllegalStateException expected) {
            // the simulated crash
        }
        // A crash lets nothing go: the lease stands until it runs out.
        stores.imports.leases.put(object.importId(), clock.instant().plus(SETTINGS.lease()));
        return object;
    }

    @Test
    void aQuietImportIsRedrivenOnceAndFinishesWithEveryRowOnceAndSaysSo() {
        InMemoryStores stores = new InMemoryStores();
        IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
        byte[] bytes = file(23);
        IncomingObject object = diedMidway(stores, clock, bytes);
        IngestService ingest = stores.ingest(SchemeSource.builtIn(), clock, SETTINGS);
        Sweeper sweeper = new Sweeper(stores.imports, stores.chunkQueue, ingest, stores.folders, stores.objects, clock, SWEEP);
        assertThat(stores.customers.all()).as("what the dead run wrote").isNotEmpty().hasSizeLessThan(23);

        // Within its lease and the grace after it: still running, nothing re-driven.
        clock.now = clock.now.plus(SETTINGS.lease()).plus(Duration.ofMinutes(9));
        Sweeper.Outcome early = sweeper.sweep();
        assertThat(early.running()).containsExactly(object.importId());
        assertThat(stores.redriven).isEmpty();

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        Sweeper.Outcome swept = sweeper.sweep();
        assertThat(swept.redriven()).containsExactly(object.importId());
        assertThat(stores.redriven).containsExactly(object);
        // A second sweep before the re-drive is delivered does not send it again.
        assertThat(sweeper.sweep().redriven()).isEmpty();
        assertThat(stores.redriven).hasSize(1);

        ImportReport report = ingest.ingest(stores.redriven.get(0));
        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.counts().rows()).isEqualTo(23);
        assertThat(report.recovery()).as("the dead run, then the re-driven one").isEqualTo(new ImportReport.Recovery(true, 2, 1));
        assertThat(stores.objects.text(IngestService.reportKey(object.importId()))).contains("\"redrives\" : 1");
        assertThat(stores.customers.all()).hasSize(23);
        assertThat(new HashSet<>(stores.customers.all().stream().map(Customer::code).toList())).hasSize(23);
        // The folders of the customers the dead run wrote are announced for export by the redo.
        dev.custcode.export.ExportManifest manifest = dev.custcode.export.ExportManifest.parse(
                stores.objects.read("manifests/" + object.importId() + ".json").orElseThrow());
        assertThat(manifest.folders()).containsAll(stores.customers.all().stream().map(Customer::folder).toList());
        Sweeper.Outcome after = sweeper.sweep();
        assertThat(after.redriven()).isEmpty();
        assertThat(after.running()).isEmpty();
        assertThat(after.reexported()).as("its folders changed just now: their export has time").isEmpty();
    }

    @Test
    void foldersThatNoExportCountedAfterTheirChangeAreAnnouncedAgainOnceAndExported() {
        InMemoryStores stores = new InMemoryStores();
        IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
        byte[] bytes = file(9);
        String eTag = stores.objects.put("incoming/e.csv", bytes);
        IngestService ingest = stores.ingest(SchemeSource.builtIn(), clock, SETTINGS);
        ImportReport report = ingest.ingest(new IncomingObject("b", "incoming/e.csv", null, eTag, bytes.length, clock.instant()));
        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        java.util.List<String> changed = report.folders().keySet().stream().sorted().toList();
        Sweeper sweeper = new Sweeper(stores.imports, stores.chunkQueue, ingest, stores.folders, stores.objects, clock, SWEEP);

        // Its export never ran (its event spent): after the grace, its folders are announced again.
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        Sweeper.Outcome swept = sweeper.sweep();
        assertThat(swept.reexported()).isEqualTo(changed);
        assertThat(swept.manifest()).startsWith("manifests/sweep-").endsWith(".json");
        dev.custcode.export.ExportManifest manifest = dev.custcode.export.ExportManifest.parse(stores.objects.read(swept.manifest()).orElseThrow());
        assertThat(manifest.folders()).isEqualTo(changed);
        // Not again while that export has its grace.
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(sweeper.sweep().reexported()).isEmpty();

        stores.exporter(SchemeSource.builtIn(), clock).export(manifest);
        assertThat(stores.objects.text("groups/_index.json")).contains("\"total\" : 9");
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        Sweeper.Outcome done = sweeper.sweep();
        assertThat(done.reexported()).as("exported since").isEmpty();
        assertThat(done.manifest()).isNull();
    }

    @Test
    void anImportThatNeverFinishesEndsFailedWithAReportAfterTheLastRedrive() {
        InMemoryStores stores = new InMemoryStores();
        IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
        IncomingObject object = diedMidway(stores, clock, file(12));
        Sweeper sweeper = new Sweeper(stores.imports, stores.chunkQueue, stores.ingest(SchemeSource.builtIn(), clock, SETTINGS), stores.folders, stores.objects, clock, SWEEP);
        for (int i = 1; i <= 2; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(15));
            assertThat(sweeper.sweep().redriven()).as("re-drive %d (its messages are lost)", i).containsExactly(object.importId());
        }
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        Sweeper.Outcome last = sweeper.sweep();
        assertThat(last.failed()).containsExactly(object.importId());
        assertThat(stores.redriven).hasSize(2);
        assertThat(stores.imports.records.get(object.importId()).status()).isEqualTo(ImportStatus.FAILED);
        String report = stores.objects.text(IngestService.reportKey(object.importId()));
        assertThat(report).contains("\"status\" : \"FAILED\"").contains("not finished after 2 re-drives").contains("undo/" + object.importId() + ".json")
                .contains("\"redrives\" : 2");
        // Nothing more to sweep: it has a final status.
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(sweeper.sweep().failed()).isEmpty();
    }
}
