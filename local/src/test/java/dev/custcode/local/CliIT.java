package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code custcode} tool against a running local stack, as a person uses it: import with
 * progress, status, find, tree, re-evaluate, undo, and the exit codes. The tests run in order on
 * one stack: each builds on what the previous one imported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();

    private static String importId;
    private static String code;

    /** What one run of the tool printed and how it exited. */
    record Run(int exit, String out, String err) {
    }

    private static Run custcode(String... args) {
        TestStack stack = STACK.get();
        List<String> all = new ArrayList<>(List.of("--api", stack.runtime.apiEndpoint().toString(),
                "--s3-endpoint", stack.runtime.s3Endpoint().toString(), "--bucket", stack.bucket(), "--poll", "100", "--timeout", "120"));
        // Global options go before the command; the command and its arguments follow.
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Order(1)
    void importShowsProgressThenTheSummaryAndWhereTheFilesAre() throws Exception {
        Path file = TestStack.ROOT.resolve("events/customers-sample.csv");
        Run run = custcode("import", file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        Matcher id = Pattern.compile("import ([0-9a-f]{20})").matcher(run.out());
        assertThat(id.find()).as(run.out()).isTrue();
        importId = id.group(1);
        assertThat(importId).isEqualTo(STACK.get().importIdOf("incoming/customers-sample.csv"));
        JsonNode report = STACK.get().json("imports/" + importId + "/report.json");
        assertThat(run.out()).contains("COMPLETED")
                .contains("rows 12: accepted 12 (new 12, updated 0, unchanged 0), rejected 0")
                .contains("s3://" + STACK.get().bucket() + "/imports/" + importId + "/report.json")
                .as("the report's counts said once").doesNotContain(report.get("message").asText());
        assertThat(report.get("message").asText()).startsWith("12 rows: 12 accepted");
        // The progress bar, one line per update when no terminal watches, names the file and ends done.
        assertThat(run.err()).contains("customers-sample.csv").contains("100%").contains("COMPLETED, 12 rows");
        code = report.path("codeRanges").get(0).path("first").asText();
        STACK.get().awaitExport(report, Duration.ofMinutes(2));
        assertThat(run.out()).as("a first upload").doesNotContain("note:");

        // The same bytes again, at once: the same import, said so (however soon after the first).
        Run again = custcode("import", file.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("import " + importId).contains("note: incoming/customers-sample.csv held these same bytes before");
    }

    @Test
    @Order(2)
    void statusListsTheImportAndDescribesIt() {
        Run list = custcode("status");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(importId).contains("COMPLETED").contains("incoming/customers-sample.csv");

        Run one = custcode("status", importId);
        assertThat(one.exit()).isZero();
        assertThat(one.out()).contains("rows 12: accepted 12");

        Run unknown = custcode("status", "0123456789abcdef0123");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no import 0123456789abcdef0123");
    }

    @Test
    @Order(3)
    void findsACustomerByCodeAndByPhoneMasked() {
        Run byCode = custcode("find", code);
        assertThat(byCode.exit()).as(byCode.err()).isZero();
        assertThat(byCode.out()).startsWith(code + "  ").contains("folder");

        Run byPhone = custcode("find", "13800138000");
        assertThat(byPhone.exit()).as(byPhone.err()).isZero();
        assertThat(byPhone.out()).contains("王小明").contains("138****8000").doesNotContain("13800138000");

        Run nobody = custcode("find", "nobody@example.com");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("no customer nobody@example.com");
    }

    @Test
    @Order(4)
    void treeCountsAreTheGroupIndexCounts() {
        Run tree = custcode("tree");
        assertThat(tree.exit()).isZero();
        JsonNode index = STACK.get().json("groups/_index.json");
        assertThat(tree.out()).startsWith("groups  " + index.get("total").asLong() + "\n");
        List<String> expected = new ArrayList<>();
        collect(index, 1, expected);
        assertThat(expected).isNotEmpty();
        assertThat(tree.out().lines().skip(1).toList()).containsExactlyElementsOf(expected);

        String top = index.get("children").get(0).get("folder").asText();
        Run part = custcode("tree", top, "--depth", "1");
        assertThat(part.out().lines().findFirst().orElseThrow()).endsWith("  " + index.get("children").get(0).get("count").asLong());
        assertThat(part.out().lines().skip(1)).allMatch(l -> l.startsWith("  ") && !l.startsWith("    "));

        assertThat(custcode("tree", "no-such-folder").exit()).isEqualTo(1);
    }

    private static void collect(JsonNode node, int level, List<String> lines) {
        for (JsonNode c : node.path("children")) {
            lines.add("  ".repeat(level) + c.get("folder").asText() + "  " + c.path("label").asText("") + "  " + c.get("count").asLong());
            collect(c, level + 1, lines);
        }
    }

    @Test
    @Order(5)
    void mergeAndItsUndoGoThroughTheBucket() {
        String a = custcode("find", "010-6543 2100").out().split("\\s+")[0];
        String b = custcode("find", "021-5888 1234").out().split("\\s+")[0];
        assertThat(a).isNotEqualTo(b).matches("[A-Z0-9]+");

        Run merged = custcode("merge", b, "--into", a);
        assertThat(merged.exit()).as(merged.out() + merged.err()).isZero();
        assertThat(merged.out()).startsWith(b + " merged into " + a + ": filed in ").contains("stewardship/results/cli-");
        assertThat(custcode("find", "021-5888 1234").out()).as("the survivor holds the merged customer's phone").startsWith(a + "  ");

        Run undone = custcode("merge", "--undo", a);
        assertThat(undone.exit()).as(undone.out() + undone.err()).isZero();
        assertThat(undone.out()).startsWith(b + " unmerged from " + a);
        assertThat(custcode("find", "021-5888 1234").out()).startsWith(b + "  ");

        Run refused = custcode("merge", a, "--into", a);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("refused: a customer cannot be merged into itself");
        assertThat(custcode("merge", a).exit()).as("no survivor given").isEqualTo(2);
    }

    @Test
    @Order(6)
    void reevaluateFollowsTheRunToItsReport() {
        Run run = custcode("reevaluate", "--as-of", "2028-06-01");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Matcher id = Pattern.compile("run (\\S+-request-[0-9a-f]{8})").matcher(run.out());
        assertThat(id.find()).as(run.out()).isTrue();
        JsonNode report = STACK.get().json("evaluations/" + id.group(1) + "/report.json");
        assertThat(report.get("asOf").asText()).isEqualTo("2028-06-01");
        assertThat(run.out()).contains("DONE as of 2028-06-01: 12 customers, " + report.get("changed").asLong() + " changed");
        // Twenty months on, the sample's lifecycles have moved (some customers churned): the matrix says so.
        assertThat(report.get("changed").asLong()).isPositive();
        assertThat(run.out()).containsPattern("lifecycle +\\S+ → churned: \\d+");
    }

    @Test
    @Order(7)
    void undoRetiresTheImportsCustomers() {
        Run run = custcode("undo", importId);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains(importId + " UNDONE").contains("12 customers retired");
        Run retired = custcode("find", code);
        assertThat(retired.exit()).isEqualTo(1);
        assertThat(retired.err()).contains("customer " + code + " was retired");

        assertThat(custcode("undo", "not-an-import").exit()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void aFailedImportExitsNonZero(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "", StandardCharsets.UTF_8);
        Run run = custcode("import", empty.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED");
    }

    @Test
    @Order(9)
    void aFailedEventWaitsInTheFailedEventsQueueAndReplayDrivesItAgain() throws Exception {
        TestStack stack = STACK.get();
        // An S3 event record without its s3 part fails every attempt: Lambda's async Invoke, locally.
        String poison = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}";
        var http = java.net.http.HttpClient.newHttpClient();
        var invoke = java.net.http.HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/2015-03-31/functions/IngestFunction/invocations"))
                .header("X-Amz-Invocation-Type", "Event").POST(java.net.http.HttpRequest.BodyPublishers.ofString(poison)).build();
        assertThat(http.send(invoke, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        String queue = stack.sqs.getQueueUrl(b -> b.queueName("FailedEventsQueue")).queueUrl();
        TestStack.await(() -> waiting(stack, queue) == 1, Duration.ofMinutes(2), "the event in FailedEventsQueue after its retries");
        var message = stack.sqs.receiveMessage(b -> b.queueUrl(queue).visibilityTimeout(0)).messages().get(0);
        JsonNode record = TestStack.JSON.readTree(message.body());
        assertThat(record.at("/requestContext/functionArn").asText()).endsWith(":function:IngestFunction:$LATEST");
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.get("requestPayload")).isEqualTo(TestStack.JSON.readTree(poison));

        Run dry = custcode("--sqs-endpoint", stack.runtime.sqsEndpoint().toString(), "replay", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would replay IngestFunction: RetriesExhausted after 3 attempts").contains("would replay 1 event(s)");
        TestStack.await(() -> waiting(stack, queue) == 1, Duration.ofMinutes(2), "a dry run leaves the event in its queue");

        long attemptsBefore = stack.functionLog("IngestFunction").stream().filter(l -> l.startsWith("REPORT")).count();
        Run replay = custcode("--sqs-endpoint", stack.runtime.sqsEndpoint().toString(), "replay");
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed IngestFunction").contains("replayed 1 event(s)");
        // Invoked again with its retries (the cause is not mended here, so it fails three more times
        // and comes back to the queue: the replay went through the real path, not around it).
        TestStack.await(() -> stack.functionLog("IngestFunction").stream().filter(l -> l.startsWith("REPORT")).count() >= attemptsBefore + 3
                && waiting(stack, queue) == 1, Duration.ofMinutes(2), "the replayed event tried three times and back in the queue");
    }

    private static int waiting(TestStack stack, String queue) {
        var attributes = stack.sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    @Test
    @Order(10)
    void anUnreachableStackIsExitCodeThree() {
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cl.execute("--api", "http://127.0.0.1:9", "status");
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach the API at http://127.0.0.1:9");
    }
}
