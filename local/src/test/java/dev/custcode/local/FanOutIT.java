package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.aws.Services;
import dev.custcode.aws.sqs.SqsChunkQueue;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A file cut into chunks: planned here, queued on the template's ChunksQueue (ElasticMQ), each
 * chunk imported by an invocation of ChunkFunction through the template's SQS event source, the
 * import finished by the last one.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FanOutIT {
    /** Every chunk must fit Lambda's bound: here 20 s, enforced by the local runtime (the invocation is ended). */
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass(() -> TestStack.ROOT.resolve("template.yaml"), c -> c.withTimeout("ChunkFunction", 20)
            // A chunk whose invocation timed out comes back after 30 s, not the template's 960.
            .withParameter("ChunkVisibilityTimeout", "30").withParameter("ChunkConcurrency", "2"));

    @Test
    @org.junit.jupiter.api.Order(1)
    void aFileCutIntoChunksIsImportedOnceWithItsLaterLinesWinning() throws Exception {
        TestStack stack = STACK.get();
        StringBuilder csv = new StringBuilder("\uFEFF客户编号,客户名称,省份,累计金额,备注\r\n");
        String[] provinces = {"北京", "上海", "广东", "四川", "浙江", "湖北"};
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            csv.append("Q").append(i).append(",客户").append(i).append(i % 3 == 0 ? "有限公司," : ",").append(provinces[random.nextInt(6)])
                    .append(',').append(random.nextInt(200_000)).append(",\"多行\r\n备注 ").append(i).append("\"\r\n");
        }
        csv.append("Q5,客户5,北京,123456,the last line wins\r\n");
        csv.append(",,,,no identity\r\n");
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        // Under incoming/, which ChunkFunction's policy lets it read, with a suffix no notification matches.
        IncomingObject object = ExactlyOnceIT.stage(stack, "incoming/fan-out.csv.staged", bytes);

        SqsClient sqs = SqsClient.builder().endpointOverride(stack.runtime.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("ChunksQueue")).queueUrl();
        Services services = ExactlyOnceIT.services(stack, null).withChunks(new SqsChunkQueue(sqs, queueUrl), 500);
        ImportReport planned = services.ingest(IngestSettings.DEFAULT.withChunks(500, 0)).ingest(object);
        assertThat(planned.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(planned.message()).startsWith("cut into 7 chunks");

        JsonNode report = stack.awaitReport(planned.importId(), Duration.ofMinutes(4));
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("PARTIAL");
        assertThat(report.get("message").asText()).contains("(7 chunks)");
        assertThat(report.at("/counts/rows").asLong()).isEqualTo(3002);
        assertThat(report.at("/counts/new").asLong()).isEqualTo(3000);
        assertThat(report.at("/counts/rejected").asLong()).isEqualTo(1);
        assertThat(new String(stack.get("imports/" + planned.importId() + "/rejected.csv").orElseThrow(), StandardCharsets.UTF_8))
                .contains("\r\n\"6003\",\"no identity");
        assertThat(new HashSet<>(ExactlyOnceIT.customers(stack).stream().map(c -> c.get("code").s()).toList())).hasSize(3000);
        assertThat(stack.customerItem("sid:Q5").get("attrs").m().get("amount").s()).isEqualTo("123456");
        ExactlyOnceIT.assertCodesUniqueAndCountersAhead(stack);

        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                stack.runtime.apiEndpoint().resolve("/imports/" + planned.importId())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode progress = TestStack.JSON.readTree(status.body()).get("progress");
        assertThat(progress.at("/chunks/done").asLong()).isEqualTo(7);
        assertThat(progress.at("/bytes/done").asLong()).as("a finished file is all its bytes, its BOM and header too")
                .isEqualTo(progress.at("/bytes/total").asLong()).isPositive();
        assertThat(progress.at("/percent").asDouble()).isEqualTo(100.0);
        stack.awaitExport(report, Duration.ofMinutes(2));
        assertThat(stack.runtime.failedEvents()).isEmpty();
        List<String> reports = stack.functionLog("ChunkFunction").stream().filter(l -> l.startsWith("REPORT ")).toList();
        // One invocation per chunk, or more where a chunk paused near its invocation's end and went on in the next.
        assertThat(reports).as("none ended by its timeout").hasSizeGreaterThanOrEqualTo(7).noneMatch(l -> l.contains("Status: timeout"));
        for (String r : reports) {
            long ms = Long.parseLong(r.replaceAll(".* Duration: (\\d+) ms.*", "$1"));
            assertThat(ms).as(r).isLessThan(20_000);
        }
    }

    /**
     * The racing-imports case of the exactly-once battery with fan-out on: eight overlapping files
     * planned at once, each cut into chunks of 400 rows that the template's ChunkFunction imports in
     * any order and interleaving (an invocation that overruns its 20 s is ended and its chunk redone).
     * Every identity gets one code, created by exactly one chunk.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void eightFilesCutIntoChunksRacingWithOverlappingCustomers() throws Exception {
        TestStack stack = STACK.get();
        SqsClient sqs = SqsClient.builder().endpointOverride(stack.runtime.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("ChunksQueue")).queueUrl();
        Services services = ExactlyOnceIT.services(stack, null).withChunks(new SqsChunkQueue(sqs, queueUrl), 400);
        long reservedBefore = ExactlyOnceIT.counters(stack).values().stream().mapToLong(Long::longValue).sum();
        long customersBefore = ExactlyOnceIT.customers(stack).size();
        long freeBefore = ExactlyOnceIT.freeNumbers(stack);
        Random random = new Random(88);
        List<IncomingObject> objects = new java.util.ArrayList<>();
        for (int f = 0; f < 8; f++) {
            objects.add(ExactlyOnceIT.stage(stack, "incoming/race-" + f + ".csv.staged", CustomerFiles.range(random, "RCE", f * 500, 1000).bytes()));
        }
        java.util.concurrent.ExecutorService planners = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<ImportReport>> planned = new java.util.ArrayList<>();
        for (IncomingObject o : objects) {
            planned.add(planners.submit(() -> services.ingest(IngestSettings.DEFAULT.withChunks(400, 0)).ingest(o)));
        }
        long created = 0;
        for (var p : planned) {
            ImportReport plan = p.get();
            assertThat(plan.message()).startsWith("cut into 3 chunks");
            JsonNode report = stack.awaitReport(plan.importId(), Duration.ofMinutes(6));
            JsonNode counts = report.get("counts");
            assertThat(counts.get("rows").asLong()).isEqualTo(1000).isEqualTo(counts.get("accepted").asLong());
            assertThat(counts.get("accepted").asLong()).isEqualTo(counts.get("new").asLong() + counts.get("updated").asLong() + counts.get("unchanged").asLong());
            created += counts.get("new").asLong();
        }
        planners.shutdown();
        java.util.Map<String, String> codes = ExactlyOnceIT.codes(stack, "RCE");
        assertThat(codes).hasSize(4500);
        assertThat(new HashSet<>(codes.values())).as("every identity has its own code").hasSize(4500);
        assertThat(created).as("each identity was created by exactly one chunk; the others adopted its code").isEqualTo(4500);
        ExactlyOnceIT.assertCodesUniqueAndCountersAhead(stack);
        long free = ExactlyOnceIT.freeNumbers(stack) - freeBefore;
        long wasted = (ExactlyOnceIT.counters(stack).values().stream().mapToLong(Long::longValue).sum() - reservedBefore)
                - (ExactlyOnceIT.customers(stack).size() - customersBefore) - free;
        System.out.printf("8 racing chunked imports, 50%% overlap: %d numbers wasted for 4500 customers, %d given back%n", wasted, free);
        assertThat(wasted).as("under 1%% of the numbers wasted").isLessThan(45);
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }

    /**
     * An undo asked while a chunked import runs undoes nothing and says so; the chunks held back meanwhile,
     * the import stays running for as long as the test likes. Once the last chunk's invocation finishes the
     * import, it asks for the undo again (through the bucket, as a user would), and UndoFunction carries it out.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void anUndoAskedWhileAChunkedImportRunsIsCarriedOutWhenItFinishes() throws Exception {
        TestStack stack = STACK.get();
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额\r\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("U").append(i).append(",撤销客户").append(i).append(",江苏,").append(1000 + i).append("\r\n");
        }
        IncomingObject object = ExactlyOnceIT.stage(stack, "incoming/undo-while-running.csv.staged", csv.toString().getBytes(StandardCharsets.UTF_8));
        java.util.Map<String, List<Integer>> held = new java.util.concurrent.ConcurrentHashMap<>();
        dev.custcode.store.ChunkQueue holding = new dev.custcode.store.ChunkQueue() {
            @Override
            public void send(String importId, java.util.Collection<Integer> chunks) {
                held.computeIfAbsent(importId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).addAll(chunks);
            }

            @Override
            public void redrive(IncomingObject source) {
                throw new AssertionError("no re-drive expected");
            }
        };
        ImportReport planned = ExactlyOnceIT.services(stack, null).withChunks(holding, 500)
                .ingest(IngestSettings.DEFAULT.withChunks(500, 0)).ingest(object);
        String id = planned.importId();
        assertThat(planned.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(held.get(id)).hasSize(3);

        stack.put("undo/" + id + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        String undoReport = "imports/" + id + "/undo-report.json";
        TestStack.await(() -> stack.get(undoReport).isPresent(), Duration.ofMinutes(1), "the undo's answer");
        JsonNode answer = stack.json(undoReport);
        assertThat(answer.get("status").asText()).isEqualTo("NOT_FINISHED");
        assertThat(answer.get("message").asText()).contains("undone when the import finishes");

        SqsClient sqs = SqsClient.builder().endpointOverride(stack.runtime.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        new SqsChunkQueue(sqs, sqs.getQueueUrl(b -> b.queueName("ChunksQueue")).queueUrl()).send(id, held.get(id));
        JsonNode report = stack.awaitReport(id, Duration.ofMinutes(4));
        assertThat(report.at("/counts/new").asLong()).isEqualTo(1200);
        TestStack.await(() -> stack.get(undoReport).map(b -> new String(b, StandardCharsets.UTF_8).contains("\"UNDONE\"")).orElse(false),
                Duration.ofMinutes(2), "the undo carried out");
        JsonNode undo = stack.json(undoReport);
        assertThat(undo.get("retired")).as("every customer the import created").hasSize(1200);
        assertThat(stack.customerItem("sid:U7")).as("a retired customer is found by no key").isNull();
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                stack.runtime.apiEndpoint().resolve("/imports/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(TestStack.JSON.readTree(status.body()).get("undoneAt").asText()).isNotEmpty();
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }
}
