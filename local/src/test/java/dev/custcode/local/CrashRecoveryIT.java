package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * No accepted upload is forgotten: {@code custcode-local} killed with SIGKILL (the runtime and its
 * function hosts) mid-import, mid-chunked-import and mid-export, or stopped with SIGTERM, and
 * started again on the same data directory finishes the work by itself — every row once, no
 * duplicate code, exports equal to the table, the report marked resumed. A poison event is
 * dead-lettered after Lambda's retry count and not redelivered across restarts; the sweep
 * re-drives an import whose event was deleted by hand.
 */
class CrashRecoveryIT {
    private static final Duration LONG = Duration.ofMinutes(6);
    /** Short leases: a run that died is taken over 20 s after its last heartbeat rather than 2 minutes. */
    private static final String[] SHORT_LEASES = {"--parameter-overrides", "LeaseSeconds=20"};

    private Path dir;

    @BeforeEach
    void folder() throws IOException {
        dir = ScratchDirs.create("custcode-crash-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        ScratchDirs.delete(dir);
    }

    private StackProcess stack(String... options) throws IOException {
        return new StackProcess(dir.resolve("data"), options);
    }

    private static String[] with(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] customers(int rows) {
        return CustomerFiles.range(new Random(rows), "K", 0, rows).bytes();
    }

    private static JsonNode awaitReport(StackProcess stack, String importId) {
        String key = "imports/" + importId + "/report.json";
        TestStack.await(() -> stack.get(key).isPresent(), LONG, "report " + key);
        return stack.json(key);
    }

    /** Every row once, codes unique, and the exports (after they are done) holding exactly the table's customers. */
    private static void assertWholeAndExported(StackProcess stack, JsonNode report, int rows) {
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.at("/counts/rows").asLong()).isEqualTo(rows);
        assertThat(report.at("/counts/accepted").asLong()).isEqualTo(rows);
        String exportKey = report.get("exportReport").asText();
        TestStack.await(() -> stack.get(exportKey).isPresent(), LONG, "export " + exportKey);
        List<String> codes = stack.codes();
        assertThat(codes).hasSize(rows).doesNotHaveDuplicates();
        TestStack.await(() -> stack.get("groups/_index.json").map(CrashRecoveryIT::total).orElse(-1L) == rows, LONG,
                "groups/_index.json total " + rows);
    }

    @Test
    void aStackKilledMidImportFinishesItByItselfWhenStartedAgain() throws Exception {
        try (StackProcess stack = stack(SHORT_LEASES).start()) {
            String importId = stack.upload("incoming/killed.csv", customers(8000));
            TestStack.await(() -> stack.rowsRead(importId) >= 2000, LONG, "2,000 rows read");
            stack.kill();
            assertThat(stack.files("deliveries")).as("the interrupted event is journaled").hasSize(1);

            stack.start();
            JsonNode report = awaitReport(stack, importId);
            assertThat(report.at("/recovery/resumed").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.at("/recovery/attempts").asInt()).as("the killed run, then the redelivered one").isEqualTo(2);
            assertWholeAndExported(stack, report, 8000);
            TestStack.await(() -> stack.files("deliveries").isEmpty(), LONG, "the journal emptied");
            assertThat(stack.files("failed-events")).isEmpty();
        }
    }

    @Test
    void aChunkedImportKilledMidwayFinishesFromTheQueuesStorage() throws Exception {
        try (StackProcess stack = stack(with(SHORT_LEASES, "--parameter-overrides", "ChunkRows=1000", "--parameter-overrides",
                "ChunkVisibilityTimeout=30", "--parameter-overrides", "ChunkConcurrency=2", "--timeout", "ChunkFunction=30")).start()) {
            byte[] file = LargeFileIT.file(24_000);
            assertThat(file.length).as("over 4 MB: cut into chunks").isGreaterThan(4 << 20);
            String importId = stack.upload("incoming/chunked.csv", file);
            // Killed while chunks are running, after two are done.
            TestStack.await(() -> chunksDone(stack, importId) >= 2 && chunkRunning(stack, importId), LONG, "2 chunks done, one running");
            stack.kill();

            stack.start();
            JsonNode report = awaitReport(stack, importId);
            assertThat(report.get("message").asText()).contains("(24 chunks)");
            assertThat(report.at("/recovery/resumed").asBoolean()).as("a chunk was redone: " + report).isTrue();
            assertWholeAndExported(stack, report, 24_000);
            assertThat(stack.files("failed-events")).isEmpty();
        }
    }

    @Test
    void aStackKilledMidExportFinishesTheExportWhenStartedAgain() throws Exception {
        try (StackProcess stack = stack(SHORT_LEASES).start()) {
            String importId = stack.upload("incoming/exported.csv", customers(8000));
            JsonNode report = awaitReport(stack, importId);
            String exportKey = report.get("exportReport").asText();
            // Killed once the export has written a top-level folder and before it is done.
            TestStack.await(() -> stack.functionLog("ExportFunction").stream().anyMatch(l -> l.contains(" done, ")), LONG, "a folder exported");
            stack.kill();
            assertThat(stack.functionLog("ExportFunction")).as("killed before the export finished").noneMatch(l -> l.contains("exported "));
            assertThat(stack.get(exportKey)).isEmpty();

            stack.start();
            assertWholeAndExported(stack, report, 8000);
            assertThat(stack.files("failed-events")).isEmpty();
        }
    }

    @Test
    void theSweepAnnouncesAgainFoldersWhoseExportEventWasDeletedByHand() throws Exception {
        try (StackProcess stack = stack(with(SHORT_LEASES, "--parameter-overrides", "SweepGraceSeconds=1", "--parameter-overrides",
                "SweepSchedule=rate(1 minute)")).start()) {
            String importId = stack.upload("incoming/unexported.csv", customers(6000));
            JsonNode report = awaitReport(stack, importId);
            TestStack.await(() -> stack.functionLog("ExportFunction").stream().anyMatch(l -> l.contains(" done, ")), LONG, "a folder exported");
            stack.kill();
            for (Path f : stack.files("deliveries")) {
                Files.delete(f); // the export's event: nothing left to deliver it
            }

            stack.start();
            // The sweep finds folders changed and not counted by any export since, and announces them again.
            TestStack.await(() -> stack.functionLog("ExportFunction").stream().anyMatch(l -> l.contains("for sweep-")), LONG,
                    "an export caused by the sweep");
            TestStack.await(() -> stack.get("groups/_index.json").map(CrashRecoveryIT::total).orElse(-1L) == 6000, LONG,
                    "groups/_index.json total 6000");
            assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(stack.codes()).hasSize(6000).doesNotHaveDuplicates();
        }
    }

    @Test
    void sigtermStopsCleanlyAndTheNextStartFinishesTheImport() throws Exception {
        try (StackProcess stack = stack(with(SHORT_LEASES, "--stop-timeout", "1")).start()) {
            String importId = stack.upload("incoming/stopped.csv", customers(8000));
            TestStack.await(() -> stack.rowsRead(importId) >= 1000, LONG, "1,000 rows read");
            assertThat(stack.terminate()).as(stack.output()).isZero();
            assertThat(stack.output()).contains("running invocations get up to 1 s").contains("delivered at the next start");
            assertThat(stack.get("imports/" + importId + "/report.json")).isEmpty();
            List<Path> journaled = stack.files("deliveries");
            assertThat(journaled).hasSize(1);
            JsonNode entry = TestStack.JSON.readTree(journaled.get(0).toFile());
            assertThat(entry.get("running").asBoolean()).isFalse();
            assertThat(entry.get("attempts").asInt()).as("a stop is not a failed attempt").isZero();

            stack.start();
            JsonNode report = awaitReport(stack, importId);
            assertThat(report.at("/recovery/attempts").asInt()).as(report.toString()).isEqualTo(2);
            assertWholeAndExported(stack, report, 8000);
        }
    }

    @Test
    void theSweepRedrivesAnImportWhoseEventWasDeletedByHand() throws Exception {
        try (StackProcess stack = stack(with(SHORT_LEASES, "--parameter-overrides", "SweepGraceSeconds=1", "--parameter-overrides",
                "SweepSchedule=rate(1 minute)")).start()) {
            String importId = stack.upload("incoming/orphan.csv", customers(6000));
            TestStack.await(() -> stack.rowsRead(importId) >= 1000, LONG, "1,000 rows read");
            stack.kill();
            for (Path f : stack.files("deliveries")) {
                Files.delete(f); // nothing left to deliver it
            }

            stack.start();
            // Until the sweep re-drives it, the API lists it as unfinished, with its age.
            JsonNode running = apiJson(stack, "/imports?status=RUNNING");
            assertThat(running.get("items")).hasSize(1);
            assertThat(running.at("/items/0/importId").asText()).isEqualTo(importId);
            assertThat(running.at("/items/0/ageSeconds").asLong()).isPositive();
            JsonNode report = awaitReport(stack, importId);
            assertThat(report.get("recovery").toString()).as(report.toString()).isEqualTo("{\"resumed\":true,\"attempts\":2,\"redrives\":1}");
            assertWholeAndExported(stack, report, 6000);
            assertThat(apiJson(stack, "/imports?status=RUNNING").get("items")).isEmpty();
            assertThat(stack.functionLog("ChunkFunction")).anyMatch(l -> l.contains("re-driven import " + importId));
        }
    }

    @Test
    void aPoisonEventIsDeadLetteredAfterLambdasRetriesAndNotRedeliveredAcrossRestarts() throws Exception {
        Path deliveries = dir.resolve("data").resolve("deliveries");
        Files.createDirectories(deliveries);
        // One whose stack died during its third attempt, one not tried yet: an S3 event record without its s3 part fails every attempt.
        String poison = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}";
        Files.writeString(deliveries.resolve("0000000000001-a.json"), "{\"function\":\"IngestFunction\",\"description\":\"poison a\","
                + "\"acceptedAt\":\"" + java.time.Instant.now() + "\",\"attempts\":2,\"running\":true,\"errors\":[\"x\",\"y\"],\"event\":" + poison + "}",
                StandardCharsets.UTF_8);
        Files.writeString(deliveries.resolve("0000000000002-b.json"), "{\"function\":\"IngestFunction\",\"description\":\"poison b\","
                + "\"acceptedAt\":\"" + java.time.Instant.now() + "\",\"attempts\":0,\"running\":false,\"errors\":[],\"event\":" + poison + "}",
                StandardCharsets.UTF_8);
        try (StackProcess stack = stack().start()) {
            // The event is kept in failed-events/ before the line saying so is logged: wait for the line.
            TestStack.await(() -> stack.output().contains("poison b: FAILED (failed 3 attempts)"), LONG, "both dead-lettered");
            assertThat(stack.files("failed-events")).hasSize(2);
            assertThat(stack.files("deliveries")).isEmpty();
            assertThat(stack.output()).contains("poison a: FAILED (failed 3 attempts)");
            assertThat(stack.output().lines().filter(l -> l.contains("poison b: attempt")).count()).as("three attempts of b").isEqualTo(3);
            assertThat(stack.output()).doesNotContain("poison a: attempt");
            long invocations = reports(stack);

            stack.kill();
            stack.start();
            // Started again: nothing to redeliver (a sweep at start-up may run; the ingest function is not invoked).
            assertThat(stack.output()).doesNotContain("poison");
            assertThat(stack.files("failed-events")).hasSize(2);
            assertThat(reports(stack)).isEqualTo(invocations);
        }
    }

    private static long total(byte[] index) {
        try {
            return TestStack.JSON.readTree(index).get("total").asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long reports(StackProcess stack) {
        return stack.functionLog("IngestFunction").stream().filter(l -> l.contains("REPORT RequestId")).count();
    }

    private static JsonNode apiJson(StackProcess stack, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.api().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestStack.JSON.readTree(r.body());
    }

    private static long chunksDone(StackProcess stack, String importId) {
        try {
            Map<String, AttributeValue> plan = stack.dynamo().getItem(b -> b.tableName("ImportsTable").consistentRead(true)
                    .key(Map.of("importId", AttributeValue.fromS(importId), "item", AttributeValue.fromS("plan")))).item();
            return plan == null || !plan.containsKey("chunksDone") ? 0 : Long.parseLong(plan.get("chunksDone").n());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean chunkRunning(StackProcess stack, String importId) {
        String now = java.time.Instant.now().toString();
        return stack.dynamo().query(b -> b.tableName("ImportsTable").consistentRead(true)
                        .keyConditionExpression("importId = :i AND begins_with(#item, :c)")
                        .expressionAttributeNames(Map.of("#item", "item"))
                        .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(importId), ":c", AttributeValue.fromS("chunk#")))).items()
                .stream().anyMatch(c -> "RUNNING".equals(c.get("status").s()) && c.get("leaseUntil").s().compareTo(now) > 0);
    }
}
