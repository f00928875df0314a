package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The template's queues and SQS event sources on real ElasticMQ, with Lambda's rules: deletes on
 * success, partial batch failures, timeouts that end the invocation and its environment,
 * redelivery and dead-lettering, MaximumConcurrency, an environment per invocation. The handler is {@code QueueTestHandler}, run
 * from this module's test classes by {@code src/test/resources/sqs/template.yaml}.
 */
class SqsEventSourceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass(SqsEventSourceIT::template, config -> config.withTimeout("SlowFunction", 2));
    private static TestStack stack;

    @BeforeAll
    static void stack() {
        stack = STACK.get();
    }

    private static Path template() {
        try {
            return Path.of(SqsEventSourceIT.class.getResource("/sqs/template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String url(String queue) {
        return stack.sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    private static String attribute(String queueUrl, QueueAttributeName name) {
        return stack.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    /** Messages in the queue, visible or not. */
    private static int count(String queueUrl) {
        Map<QueueAttributeName, String> a = stack.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The handler's RECEIVED lines for this body, as key → value maps (body last, taken whole). */
    private static List<Map<String, String>> received(String function, String body) {
        return stack.functionLog(function).stream().filter(l -> l.startsWith("RECEIVED ") && l.endsWith(" body=" + body))
                .map(l -> fields(l.substring("RECEIVED ".length(), l.length() - (" body=" + body).length()))).toList();
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> out = new HashMap<>();
        for (String token : text.split(" ")) {
            int eq = token.indexOf('=');
            out.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return out;
    }

    @Test
    void aMessageReachesTheHandlerInLambdasShapeAndIsDeleted() {
        String queue = url("EchoQueue");
        SendMessageResponse sent = stack.sqs.sendMessage(b -> b.queueUrl(queue).messageBody("hello 你好")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("greeting").build())));

        TestStack.await(() -> received("EchoFunction", "hello 你好").size() == 1, WAIT, "the message at the handler");
        Map<String, String> record = received("EchoFunction", "hello 你好").get(0);
        assertThat(record).containsEntry("id", sent.messageId())
                .containsEntry("source", "aws:sqs")
                .containsEntry("arn", attribute(queue, QueueAttributeName.QUEUE_ARN))
                .containsEntry("region", "us-east-1")
                .containsEntry("md5", sent.md5OfMessageBody())
                .containsEntry("receipt", "true")
                .containsEntry("receiveCount", "1")
                .containsEntry("kind", "String:greeting");
        assertThat(record.get("sent")).matches("\\d{13}");

        TestStack.await(() -> count(queue) == 0, WAIT, "the handled message deleted");
        assertThat(stack.functionLog("EchoFunction")).as("a REPORT line per invocation")
                .anyMatch(l -> l.matches("REPORT RequestId: \\S+ Duration: \\d+ ms .*") && !l.contains("Status: timeout"));
    }

    @Test
    void queuesAndTheValuesFunctionsGetComeFromTheTemplate() {
        assertThat(attribute(url("EchoQueue"), QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("5");
        String audit = url("AuditQueue.fifo");
        assertThat(attribute(audit, QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
        assertThat(attribute(url("OrdersQueue"), QueueAttributeName.REDRIVE_POLICY))
                .contains(attribute(url("OrdersDeadLetterQueue"), QueueAttributeName.QUEUE_ARN)).contains("2");

        String init = stack.functionLog("EchoFunction").stream().filter(l -> l.startsWith("INIT ")).findFirst().orElseThrow();
        assertThat(fields(init.substring("INIT ".length())))
                .containsEntry("QUEUE_URL", url("EchoQueue"))
                .containsEntry("QUEUE_ARN", attribute(url("EchoQueue"), QueueAttributeName.QUEUE_ARN))
                .containsEntry("QUEUE_NAME", "EchoQueue")
                .containsEntry("QUEUE_AUDIT_URL", audit)
                .containsEntry("AWS_ENDPOINT_URL_SQS", stack.runtime.sqsEndpoint().toString());
    }

    @Test
    void aPartialBatchFailureLeavesExactlyTheFailedMessage() {
        String queue = url("OrdersQueue");
        String deadLetters = url("OrdersDeadLetterQueue");
        stack.sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("order 1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("fail order 2").build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("order 3").build()));

        // The failed message is received twice (maxReceiveCount 2), then dead-lettered; the others are deleted at once.
        TestStack.await(() -> count(queue) == 0 && count(deadLetters) == 1, WAIT, "only the failed message dead-lettered");
        assertThat(stack.sqs.receiveMessage(b -> b.queueUrl(deadLetters)).messages()).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("fail order 2"));
        assertThat(received("OrdersFunction", "order 1")).hasSize(1);
        assertThat(received("OrdersFunction", "order 3")).hasSize(1);
        assertThat(received("OrdersFunction", "fail order 2")).extracting(r -> r.get("receiveCount")).containsExactly("1", "2");
    }

    @Test
    void aHandlerPastItsTimeoutIsEndedInAFreshEnvironmentEachTimeThenDeadLettered() {
        String queue = url("SlowQueue");
        String deadLetters = url("SlowDeadLetterQueue");
        stack.sqs.sendMessage(b -> b.queueUrl(queue).messageBody("sleep 60000"));
        // The environment of the first delivery (started for it, the queue holding a message) is running it.
        TestStack.await(() -> received("SlowFunction", "sleep 60000").size() == 1, WAIT, "the first delivery");
        int environments = stack.runtime.environmentsStarted("SlowFunction");

        TestStack.await(() -> count(queue) == 0 && count(deadLetters) == 1, WAIT, "the timed-out message dead-lettered");
        List<Map<String, String>> deliveries = received("SlowFunction", "sleep 60000");
        assertThat(deliveries).extracting(r -> r.get("receiveCount")).containsExactly("1", "2");
        assertThat(deliveries.get(0).get("pid")).as("the retry runs in a new JVM").isNotEqualTo(deliveries.get(1).get("pid"));
        // Each timed-out environment is replaced, before its poller receives again.
        TestStack.await(() -> stack.runtime.environmentsStarted("SlowFunction") >= environments + 2, WAIT, "both environments replaced");
        assertThat(stack.runtime.environmentsStarted("SlowFunction")).isEqualTo(environments + 2);

        // The runtime writes a timed-out invocation's REPORT line as it ends it: the second may follow the dead-lettering.
        TestStack.await(() -> stack.functionLog("SlowFunction").stream().filter(l -> l.startsWith("REPORT ")).count() >= 2, WAIT,
                "both invocations' REPORT lines");
        List<String> reports = stack.functionLog("SlowFunction").stream().filter(l -> l.startsWith("REPORT ")).toList();
        assertThat(reports).hasSize(2).allSatisfy(l -> {
            assertThat(l).endsWith("Status: timeout");
            double millis = Double.parseDouble(l.replaceAll(".* Duration: ([0-9.]+) ms .*", "$1"));
            assertThat(millis).as("the 2 s override, not the template's 3 s").isBetween(1990.0, 2900.0);
        });
        assertThat(stack.functionLog("SlowFunction")).filteredOn(l -> l.endsWith("Task timed out after 2.00 seconds")).hasSize(2);
    }

    @Test
    void maximumConcurrencyBoundsTheInvocationsRunningAtOnce() {
        String queue = url("BusyQueue");
        IntStream.range(0, 8).forEach(i -> stack.sqs.sendMessage(b -> b.queueUrl(queue).messageBody("sleep 400 busy " + i)));

        TestStack.await(() -> count(queue) == 0, WAIT, "every message handled");
        List<long[]> spans = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = "sleep 400 busy " + i;
            List<Map<String, String>> r = received("BusyFunction", body);
            assertThat(r).hasSize(1);
            assertThat(r.get(0)).as("one invocation at a time in an environment").containsEntry("concurrent", "1");
            spans.add(new long[] {Long.parseLong(r.get(0).get("started")), Long.parseLong(finished("BusyFunction", body).get("ended"))});
        }
        // Each invocation in an environment of its own; the two pollers of MaximumConcurrency 2 are the bound.
        List<Integer> overlapping = spans.stream().map(s -> (int) spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count()).toList();
        assertThat(overlapping).allSatisfy(n -> assertThat(n).isBetween(1, 2)).contains(2);
    }

    @Test
    void anInvocationThatTimesOutEndsItsOwnEnvironmentOnlyAndOneBesideItGoesOn(@TempDir Path dir) {
        String queue = url("LingerQueue");
        Path gate = dir.resolve("timed-out");
        stack.sqs.sendMessage(b -> b.queueUrl(queue).messageBody("sleep 60000 lingers"));
        TestStack.await(() -> received("LingerFunction", "sleep 60000 lingers").size() == 1, WAIT, "the long invocation running");
        // The second starts a second into the first, so that it is well inside its own 6 s when the first's end.
        long firstStarted = Long.parseLong(received("LingerFunction", "sleep 60000 lingers").get(0).get("started"));
        TestStack.await(() -> System.currentTimeMillis() >= firstStarted + 1_000, WAIT, "the first invocation a second old");
        String beside = "hold " + gate + " beside";
        stack.sqs.sendMessage(b -> b.queueUrl(queue).messageBody(beside));
        TestStack.await(() -> received("LingerFunction", beside).size() == 1, WAIT, "the second invocation running beside it");

        // The second goes on until the first has timed out (its JVM killed), then returns.
        TestStack.await(() -> stack.functionLog("LingerFunction").stream().anyMatch(l -> l.startsWith("REPORT ") && l.endsWith("Status: timeout")),
                WAIT, "the first invocation timed out");
        long gateOpened = System.currentTimeMillis();
        try {
            Files.createFile(gate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestStack.await(() -> count(queue) == 0 && count(url("LingerDeadLetterQueue")) == 1, WAIT, "the second done, the first dead-lettered");

        Map<String, String> first = received("LingerFunction", "sleep 60000 lingers").get(0);
        Map<String, String> second = received("LingerFunction", beside).get(0);
        assertThat(second.get("pid")).as("an environment of its own").isNotEqualTo(first.get("pid"));
        assertThat(received("LingerFunction", beside)).as("done at its first delivery").hasSize(1);
        assertThat(Long.parseLong(finished("LingerFunction", beside).get("ended")))
                .as("it ran on after the first timed out (and its JVM was killed)").isGreaterThanOrEqualTo(gateOpened);
        assertThat(stack.functionLog("LingerFunction")).filteredOn(l -> l.startsWith("REPORT ")).hasSize(2)
                .filteredOn(l -> l.endsWith("Status: timeout")).hasSize(1);
    }

    @Test
    void environmentsIdleLongerThanTheBoundEndAllButTheWarmest(@TempDir Path dir) throws Exception {
        Path gate = dir.resolve("open");
        Path logs = dir.resolve("logs");
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (FunctionProcess plain = FunctionProcess.start(stack.runtime.definition("PlainFunction"), Map.of(), 3,
                FunctionLog.toFile("PlainFunction", logs))) {
            // Three invocations at once: three environments, each holding until the gate opens.
            List<java.util.concurrent.Future<FunctionProcess.Invocation>> calls = IntStream.range(0, 3)
                    .mapToObj(i -> callers.submit(() -> plain.invoke(sqsEvent("hold " + gate + " call-" + i)))).toList();
            TestStack.await(() -> pids(logs, "RECEIVED").size() == 3, WAIT, "three invocations running at once");
            Files.createFile(gate);
            for (var call : calls) {
                assertThat(call.get().ok()).isTrue();
            }
            List<Long> started = pids(logs, "RECEIVED");
            assertThat(plain.environmentsLive()).isEqualTo(3);

            assertThat(plain.endIdle(Duration.ofMinutes(1))).as("none idle for a minute yet").isZero();
            assertThat(plain.endIdle(Duration.ZERO)).as("all idle ones but the warmest").isEqualTo(2);
            assertThat(plain.environmentsLive()).isEqualTo(1);
            TestStack.await(() -> started.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count() == 1,
                    WAIT, "two of the three JVMs ended");
            long kept = started.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).findFirst().orElseThrow();

            assertThat(plain.invoke(sqsEvent("after")).ok()).isTrue();
            assertThat(pids(logs, "FINISHED").get(3)).as("the next invocation runs warm, in the environment kept").isEqualTo(kept);
            assertThat(plain.environmentsStarted()).isEqualTo(3);
            assertThat(plain.endIdle(Duration.ZERO)).as("the last one stays").isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    /** A direct invocation's event: one SQS record with this body. */
    private static String sqsEvent(String body) {
        return "{\"Records\":[{\"messageId\":\"m-" + body.hashCode() + "\",\"body\":" + TestStack.JSON.valueToTree(body) + ",\"attributes\":{},"
                + "\"messageAttributes\":{}}]}";
    }

    /** The pid of each of the handler's lines of this kind in a function's log, in order. */
    private static List<Long> pids(Path logs, String kind) {
        try {
            Path log = logs.resolve("PlainFunction.log");
            String start = " " + kind + " pid="; // after the time the log file writes first
            return !Files.exists(log) ? List.of() : Files.readAllLines(log).stream().filter(l -> l.contains(start))
                    .map(l -> Long.parseLong(l.substring(l.indexOf(start) + start.length()).split(" ")[0])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handler's FINISHED line for this body, as key → value. */
    private static Map<String, String> finished(String function, String body) {
        List<Map<String, String>> lines = stack.functionLog(function).stream().filter(l -> l.startsWith("FINISHED ") && l.endsWith(" body=" + body))
                .map(l -> fields(l.substring("FINISHED ".length(), l.length() - (" body=" + body).length()))).toList();
        assertThat(lines).as("FINISHED " + body).hasSize(1);
        return lines.get(0);
    }
}
