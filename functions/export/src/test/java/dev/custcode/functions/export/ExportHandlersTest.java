package dev.custcode.functions.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.custcode.customer.Customer;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.InMemoryStores;
import dev.custcode.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both export handlers on their events (events/manifest-written.json, events/export-step-queued.json)
 * over the in-memory stores, after an import of events/customers-sample.csv.
 */
class ExportHandlersTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final List<String> queued = new ArrayList<>();
    private final ManifestWrittenHandler manifests = new ManifestWrittenHandler(stores.objects, stores.exporter(SchemeSource.builtIn(), Clock.systemUTC()), queued::add);
    private final ExportQueuedHandler steps = new ExportQueuedHandler(stores.exporter(SchemeSource.builtIn(), Clock.systemUTC()), queued::add);
    private String manifest;
    private TreeSet<String> folders;

    @BeforeEach
    void importTheSample() {
        String key = "incoming/customers-sample.csv";
        byte[] bytes = EventFixtures.bytes("customers-sample.csv");
        String eTag = stores.objects.put(key, bytes);
        ImportReport report = stores.ingest(SchemeSource.builtIn(), Clock.systemUTC(), IngestSettings.DEFAULT)
                .ingest(new IncomingObject("custcode-local", key, null, eTag, bytes.length));
        // The import announces the folders it changed in a manifest of its own.
        manifest = ExportManifest.PREFIX + report.importId() + ".json";
        assertThat(stores.objects.content).containsKey(manifest);
        folders = new TreeSet<>(stores.customers.all().stream().map(Customer::folder).toList());
        assertThat(folders).hasSizeGreaterThan(2);
    }

    private S3Event written(String key) {
        return EventFixtures.load("manifest-written.json", S3Event.class,
                Map.of("\"key\": \"manifests/a17daf317368d89216e8.json\"", "\"key\": \"" + key + "\""));
    }

    /** Every export and summary the bucket holds, by key. */
    private Map<String, String> exports() {
        Map<String, String> out = new TreeMap<>();
        stores.objects.content.forEach((k, v) -> {
            if (k.startsWith("groups/")) {
                out.put(k, new String(v, StandardCharsets.UTF_8).replaceAll("\"(generatedAt|at|lastChange)\" ?: ?\"[^\"]*\"", "\"$1\":\"-\""));
            }
        });
        return out;
    }

    @Test
    void aWrittenManifestRebuildsEveryFolderItNamesInOneInvocation() {
        String result = manifests.handleRequest(written(manifest), TestContext.of("ExportFunction", 300));

        // Each customer's folder and every folder above it: a summary and an export at each level.
        TreeSet<String> levels = new TreeSet<>();
        for (String folder : folders) {
            for (int i = folder.indexOf('/'); i > 0; i = folder.indexOf('/', i + 1)) {
                levels.add(folder.substring(0, i));
            }
            levels.add(folder);
        }
        assertThat(result).endsWith(": " + levels.size() + " folders, 12 rows");
        assertThat(queued).isEmpty();
        for (String folder : levels) {
            assertThat(stores.objects.text("groups/" + folder + "/_export.csv")).isNotBlank();
        }
        assertThat(stores.objects.text("groups/_index.json")).contains(folders.first());
    }

    @Test
    void anInvocationOutOfTimeHandsTheRestToTheQueueAndTheStepsEndAsOneInvocationWould() {
        manifests.handleRequest(written(manifest), TestContext.of("ExportFunction", 300));
        Map<String, String> inOne = exports();
        stores.objects.content.keySet().removeIf(k -> k.startsWith("groups/") || k.startsWith("exports/"));

        manifests.handleRequest(written(manifest), TestContext.of("ExportFunction", 0));
        int invocations = 0;
        while (!queued.isEmpty()) {
            String state = queued.remove(0);
            SQSEvent event = EventFixtures.load("export-step-queued.json", SQSEvent.class,
                    Map.of("exports/work/sam-local-00000000/1.json", state));
            // The steps after the first have minutes each: the run ends.
            SQSBatchResponse response = steps.handleRequest(event, TestContext.of("ExportContinuationFunction", invocations < 1 ? 0 : 300));
            assertThat(response.getBatchItemFailures()).isEmpty();
            invocations++;
        }

        assertThat(invocations).isGreaterThanOrEqualTo(1);
        assertThat(exports()).isEqualTo(inOne);
    }

    @Test
    void aStepWhoseStateIsGoneIsHandedBackToTheQueue() {
        SQSEvent event = EventFixtures.load("export-step-queued.json", SQSEvent.class, Map.of());

        SQSBatchResponse response = steps.handleRequest(event, TestContext.of("ExportContinuationFunction", 300));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
    }

    @Test
    void aManifestThatIsNotOneIsRefusedOnceAndNotRetried() {
        stores.objects.put("manifests/broken.json", "{\"folders\": 3}".getBytes(StandardCharsets.UTF_8));

        String result = manifests.handleRequest(written("manifests/broken.json"), TestContext.of("ExportFunction", 300));

        assertThat(result).isEqualTo("refused manifests/broken.json");
        assertThat(exports()).isEmpty();
    }
}
