package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export longer than one invocation: every step stops at its deadline and the next resumes
 * from the saved state, and the files are the same bytes a single uninterrupted run writes.
 */
class FolderExporterStepsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    /** Passed before any step begins: every step stops as soon as it may. */
    private static final Instant PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final int PART = 64 * 1024;

    private final InMemoryStores stores = new InMemoryStores();
    private ExportManifest manifest;

    @BeforeEach
    void importSomeCustomers() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额,备注\n");
        String[] provinces = {"北京", "上海", "广东", "四川"};
        Random random = new Random(11);
        for (int i = 0; i < 9_000; i++) {
            csv.append("X").append(i).append(",客户").append(i).append("有限公司,").append(provinces[random.nextInt(provinces.length)])
                    .append(',').append(random.nextInt(2_000_000)).append(",备注").append("长".repeat(random.nextInt(20))).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), CLOCK, dev.custcode.ingest.IngestSettings.DEFAULT)
                .ingest(new IncomingObject("test-bucket", "incoming/x.csv", null, stores.objects.put("incoming/x.csv", bytes), bytes.length));
        assertThat(r.counts().accepted()).isEqualTo(9_000);
        manifest = ExportManifest.parse(stores.objects.content.get("manifests/" + r.importId() + ".json"));
        stores.objects.minPartSize = PART;
    }

    private FolderExporter exporter() {
        return stores.exporter(SchemeSource.builtIn(), CLOCK).withPartSize(PART);
    }

    private Map<String, String> groupFiles() {
        Map<String, String> files = new TreeMap<>();
        stores.objects.content.forEach((k, v) -> {
            if (k.startsWith("groups/") && !k.equals("groups/_index.json")) {
                files.put(k, new String(v, StandardCharsets.UTF_8));
            }
        });
        return files;
    }

    @Test
    void anExportCutIntoManyStepsWritesWhatOneRunWrites() {
        FolderExporter.Result once = exporter().export(manifest);
        Map<String, String> expected = groupFiles();
        assertThat(expected.get("groups/north/_export.csv").length()).as("several parts").isGreaterThan(3 * PART);
        stores.objects.content.keySet().removeIf(k -> k.startsWith("groups/"));

        FolderExporter.Outcome outcome = exporter().export(manifest, PAST);
        List<String> states = new ArrayList<>();
        while (outcome instanceof FolderExporter.Outcome.Continue c) {
            states.add(c.stateKey());
            outcome = exporter().resume(c.stateKey(), PAST);
        }
        FolderExporter.Result stepped = ((FolderExporter.Outcome.Done) outcome).result();
        assertThat(states).as("9,000 customers, at least 2,000 per step").hasSizeGreaterThanOrEqualTo(4);
        assertThat(stepped.invocations()).isEqualTo(states.size() + 1);
        assertThat(stepped.rows()).isEqualTo(once.rows());
        assertThat(stepped.folders()).isEqualTo(once.folders());
        assertThat(groupFiles()).isEqualTo(expected);
        assertThat(stores.objects.openUploads()).as("every multipart upload completed").isZero();
    }

    @Test
    void aRunThatGoesOnLateDoesNotWriteTheTreeWithCountsOlderThanALaterExportsOnes() throws Exception {
        // Planned and counted now, then stopped after its first group (its step timed out, say).
        var first = (FolderExporter.Outcome.Continue) exporter().export(manifest, PAST);
        // An hour later another import files customers elsewhere, and its export ends.
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(1));
        byte[] bytes = "客户编号,客户名称,省份,累计金额\nW1,西北客户一,陕西,10\nW2,西北客户二,陕西,20\n".getBytes(StandardCharsets.UTF_8);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), later, dev.custcode.ingest.IngestSettings.DEFAULT)
                .ingest(new IncomingObject("test-bucket", "incoming/w.csv", null, stores.objects.put("incoming/w.csv", bytes), bytes.length));
        stores.exporter(SchemeSource.builtIn(), later).withPartSize(PART)
                .export(ExportManifest.parse(stores.objects.content.get("manifests/" + r.importId() + ".json")));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(stores.objects.content.get("groups/_index.json")).get("total").asLong()).isEqualTo(9_002);

        // The first run goes on and ends: its tree has the later export's count of the folder it never read.
        FolderExporter.Outcome outcome = first;
        while (outcome instanceof FolderExporter.Outcome.Continue c) {
            outcome = exporter().resume(c.stateKey(), PAST);
        }
        assertThat(outcome).isInstanceOf(FolderExporter.Outcome.Done.class);
        var index = json.readTree(stores.objects.content.get("groups/_index.json"));
        assertThat(index.get("total").asLong()).isEqualTo(9_002);
        assertThat(index.toString()).contains("\"path\":\"northwest\"");
    }

    @Test
    void aStepRedoneAfterACrashOrDeliveredTwiceChangesNothing() {
        FolderExporter.Result once = exporter().export(manifest);
        Map<String, String> expected = groupFiles();
        stores.objects.content.keySet().removeIf(k -> k.startsWith("groups/"));

        var first = (FolderExporter.Outcome.Continue) exporter().export(manifest, PAST);
        var second = (FolderExporter.Outcome.Continue) exporter().resume(first.stateKey(), PAST);
        // The invocation that ran the second step died before its next state was saved: the step is redone.
        stores.objects.content.remove(second.stateKey());
        var redone = (FolderExporter.Outcome.Continue) exporter().resume(first.stateKey(), PAST);
        assertThat(redone.stateKey()).isEqualTo(second.stateKey());
        // A message delivered again after its step was taken further does nothing.
        assertThat(exporter().resume(first.stateKey(), PAST)).isInstanceOf(FolderExporter.Outcome.Superseded.class);

        FolderExporter.Outcome outcome = redone;
        while (outcome instanceof FolderExporter.Outcome.Continue c) {
            outcome = exporter().resume(c.stateKey(), PAST);
        }
        assertThat(((FolderExporter.Outcome.Done) outcome).result().rows()).isEqualTo(once.rows());
        assertThat(groupFiles()).isEqualTo(expected);
    }

    @Test
    void eachLeafIsCountedAsItIsReadAndTheCountKeptUntilTheLeafChanges() {
        FolderExporter.Result result = exporter().export(manifest);
        var records = stores.folders.all();
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.currentCount()).as(r.folder())
                .contains(stores.customers.countFolder(r.folder())));
        assertThat(records.stream().mapToLong(r -> r.count()).sum()).isEqualTo(result.total()).isEqualTo(9_000);

        String leaf = records.get(0).folder();
        stores.folders.touch(List.of(leaf), "later", CLOCK.instant().plusSeconds(60));
        assertThat(stores.folders.all().stream().filter(r -> r.folder().equals(leaf)).findFirst().orElseThrow().currentCount())
                .as("changed after it was counted").isEmpty();
    }

    /** Parts sent, and those sent while a file waited in {@code spill}. */
    private record Sent(java.util.concurrent.atomic.AtomicInteger all, java.util.concurrent.atomic.AtomicInteger fromDisk) {
    }

    /** Counts the parts sent from now on, and those sent while a temporary file was in {@code spill}. */
    private Sent countParts(Path spill) {
        Sent sent = new Sent(new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicInteger());
        stores.objects.beforePart = () -> {
            sent.all().incrementAndGet();
            try (var files = Files.list(spill)) {
                sent.fromDisk().addAndGet(files.findAny().isPresent() ? 1 : 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        return sent;
    }

    /** The group files a plain export writes, then none: the next export starts from an empty bucket. */
    private Map<String, String> expectedFiles() {
        exporter().export(manifest);
        Map<String, String> expected = groupFiles();
        stores.objects.content.keySet().removeIf(k -> k.startsWith("groups/"));
        return expected;
    }

    @Test
    void partsWaitingOnDiskMakeTheSameFilesAndLeaveNoTemporaryFile(@TempDir Path spill) throws Exception {
        Map<String, String> expected = expectedFiles();
        // 1 KB in memory per file, no more for all together: the rest of each 64 KB part on disk.
        Sent sent = countParts(spill);
        exporter().withSpill(1024, 0, spill).export(manifest);
        assertThat(sent.fromDisk().get()).as("parts sent while waiting on disk").isPositive();
        assertThat(groupFiles()).isEqualTo(expected);
        try (var left = Files.list(spill)) {
            assertThat(left).as("temporary files after the export").isEmpty();
        }

        // A step that fails while parts wait on disk leaves none of them behind.
        stores.objects.content.keySet().removeIf(k -> k.startsWith("groups/"));
        stores.objects.beforePart = () -> {
            throw new IllegalStateException("S3 is down");
        };
        assertThatThrownBy(() -> exporter().withSpill(1024, 0, spill).export(manifest)).hasMessageContaining("S3 is down");
        try (var left = Files.list(spill)) {
            assertThat(left).as("temporary files after a failed export").isEmpty();
        }
    }

    @Test
    void partsStayInMemoryWhileTheBudgetLasts(@TempDir Path spill) {
        Map<String, String> expected = expectedFiles();
        Sent sent = countParts(spill);
        exporter().withSpill(1024, 64L * 1024 * 1024, spill).export(manifest);
        assertThat(sent.all().get()).isPositive();
        assertThat(sent.fromDisk().get()).as("parts sent while one waited on disk").isZero();
        assertThat(groupFiles()).isEqualTo(expected);
    }
}
