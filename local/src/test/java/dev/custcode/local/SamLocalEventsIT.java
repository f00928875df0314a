package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every event fixture under {@code events/} — the ones {@code sam local invoke -e} is given — goes
 * through the real Lambda serializer and its function's handler on the local stack (Lambda's
 * {@code Invoke} on the stack's port, as {@code aws lambda invoke} would), in an order where each
 * has something to act on, and does what that trigger does.
 */
class SamLocalEventsIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String IMPORT = "a17daf317368d89216e8";

    /** A fixture, the function it is for, and what its answer must show. */
    private record Fixture(String file, String function, BiConsumer<TestStack, JsonNode> check) {
    }

    private static JsonNode invoke(TestStack stack, String function, String event) throws Exception {
        URI uri = stack.runtime.apiEndpoint().resolve(LambdaInvokeApi.CONTEXT + function + "/invocations");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(function + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).as(function + " failed: " + r.body()).isEmpty();
        return TestStack.JSON.readTree(r.body());
    }

    private static void noBatchFailures(TestStack stack, JsonNode answer) {
        assertThat(answer.has("batchItemFailures")).as(answer.toString()).isTrue();
        assertThat(answer.get("batchItemFailures")).as(answer.toString()).isEmpty();
    }

    private static BiConsumer<TestStack, JsonNode> http(String... contains) {
        return (stack, answer) -> {
            assertThat(answer.get("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.get("body").asText()).contains(contains);
        };
    }

    private static BiConsumer<TestStack, JsonNode> text(String... contains) {
        return (stack, answer) -> assertThat(answer.asText()).contains(contains);
    }

    @Test
    void everyFixtureGoesThroughItsHandlerAndDoesWhatItsTriggerDoes() throws Exception {
        TestStack stack = STACK.get();
        // What the fixtures name: the sample under the key s3-put.json names, its import done.
        stack.put("incoming/客户 sample.csv", TestStack.ROOT.resolve("events/customers-sample.csv"));
        assertThat(stack.importIdOf("incoming/客户 sample.csv")).isEqualTo(IMPORT);
        stack.awaitExport(stack.awaitReport(IMPORT, Duration.ofMinutes(3)), Duration.ofMinutes(3));
        // An export step with nothing left to write (the state an export saves between invocations).
        stack.put("exports/work/sam-local-00000000/1.json", new dev.custcode.export.ExportJob("sam-local-00000000", "sam-local",
                Instant.now().toString(), 1, 1, Instant.now().toString(), List.of(), Map.of(), null, List.of(), 0).toJson());
        stack.put("config/reevaluate.json", "{\"asOf\":\"2027-01-01\"}".getBytes(StandardCharsets.UTF_8));
        stack.put("config/scheme.json", dev.custcode.scheme.SchemeLoader.defaultSchemeJson());

        List<Fixture> fixtures = List.of(
                new Fixture("s3-put.json", "IngestFunction", text(IMPORT + " COMPLETED")),
                new Fixture("chunk-queued.json", "ChunkFunction", SamLocalEventsIT::noBatchFailures),
                new Fixture("manifest-written.json", "ExportFunction", (s, a) -> assertThat(a.asText()).contains(IMPORT)),
                new Fixture("export-step-queued.json", "ExportContinuationFunction", SamLocalEventsIT::noBatchFailures),
                new Fixture("api-customer.json", "ApiFunction", http("\"code\":\"NED000001\"")),
                new Fixture("api-groups.json", "ApiFunction", http("\"north\"")),
                new Fixture("api-imports.json", "ApiFunction", http(IMPORT)),
                new Fixture("api-classify.json", "ApiFunction", http("\"folder\"")),
                new Fixture("api-evaluations.json", "ApiFunction", http("\"items\"")),
                new Fixture("sweep-schedule.json", "SweepFunction", text("re-driven []; given up as FAILED []")),
                new Fixture("scheme-uploaded.json", "SchemeFunction", (s, a) -> assertThat(s.json("config/scheme-status.json")
                        .get("status").asText()).isEqualTo("ACCEPTED")),
                new Fixture("reevaluation-requested.json", "ReevaluateFunction", text("DONE")),
                new Fixture("scheme-activated.json", "ReevaluateFunction", text("DONE")),
                new Fixture("run-continued.json", "ReevaluateFunction", text("REJECTED", "no run 20261130T093000Z-request-0badc0de")),
                new Fixture("reevaluation-schedule.json", "ScheduledReevaluationFunction", text("DONE")),
                // A steward's request the handler reads and answers in stewardship/results/ (no such survivor: refused, not retried).
                new Fixture("merge-requested.json", "StewardshipFunction", (s, a) -> assertThat(s.json("stewardship/results/sample.json")
                        .get("reason").asText()).contains("no customer with code NOSUCH000001")),
                new Fixture("undo-requested.json", "UndoFunction", (s, a) -> assertThat(s.get("imports/" + IMPORT + "/undo-report.json")).isPresent()),
                // NED000001 was created by the import just undone: a retired customer is erased too.
                new Fixture("erase-requested.json", "EraseFunction", (s, a) -> assertThat(s.json("privacy/reports/NED000001.json")
                        .get("status").asText()).isEqualTo("ERASED")));

        // Every fixture the directory ships is driven here.
        try (var files = Files.list(TestStack.ROOT.resolve("events"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.equals("env.json")))
                    .containsExactlyInAnyOrderElementsOf(fixtures.stream().map(Fixture::file).toList());
        }
        for (Fixture f : fixtures) {
            if (f.file().equals("merge-requested.json")) {
                stack.put("stewardship/merge/sample.json", "{\"code\":\"NED000001\",\"into\":\"NOSUCH000001\"}".getBytes(StandardCharsets.UTF_8));
            }
            if (f.file().equals("undo-requested.json")) {
                stack.put("undo/" + IMPORT + ".json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            if (f.file().equals("erase-requested.json")) {
                stack.put("privacy/erase/NED000001.json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            String event = Files.readString(TestStack.ROOT.resolve("events").resolve(f.file()));
            JsonNode answer = invoke(stack, f.function(), event);
            f.check().accept(stack, answer);
        }
    }
}
