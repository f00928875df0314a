package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code custcode replay}: brings failed events back once their cause is mended. An async event
 * that failed all its retries waits in the failed-events queue as Lambda's invocation record: its
 * {@code requestPayload} is invoked again, asynchronously, on the function the record names. A
 * chunk or export message that failed five receives waits in its queue's dead-letter queue: it is
 * sent back to that queue. Each message is deleted only once it is handed back.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-drive the events that failed all their retries (the failed-events and dead-letter queues).")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "List what would be replayed; change nothing.")
    boolean dryRun;

    @Option(names = "--max", defaultValue = "1000", description = "Replay at most this many events (default ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Target target = main.target();
        int replayed = 0;
        try (SqsClient sqs = target.sqs()) {
            String failed = target.queueUrls().get("FailedEventsQueue");
            if (failed == null) {
                throw new IllegalArgumentException("the stack has no FailedEventsQueueUrl output");
            }
            replayed += drain(sqs, failed, message -> {
                JsonNode record = ApiClient.JSON.readTree(message.body());
                String arn = record.path("requestContext").path("functionArn").asText("");
                int at = arn.indexOf(":function:");
                if (at < 0 || !record.has("requestPayload")) {
                    out.println("skipped (not a Lambda invocation record): " + abbreviate(message.body()));
                    return false;
                }
                String[] named = arn.substring(at + ":function:".length()).split(":");
                String function = named[0];
                // The alias or version that failed (SnapStart: the alias "live"), invoked again.
                String qualifier = named.length > 1 ? named[1] : null;
                out.printf("%s %s: %s after %d attempts (%s)%n", dryRun ? "would replay" : "replayed", function,
                        record.path("requestContext").path("condition").asText(), record.path("requestContext").path("approximateInvokeCount").asInt(),
                        abbreviate(record.path("responsePayload").path("errorMessage").asText("")));
                if (!dryRun) {
                    invokeAsync(target, function, qualifier, record.get("requestPayload").toString());
                }
                return true;
            });
            for (String queue : List.of("ChunksQueue", "ExportsQueue")) {
                String source = target.queueUrls().get(queue);
                String dead = target.queueUrls().get(queue.replace("Queue", "DeadLetterQueue"));
                if (source == null || dead == null) {
                    continue;
                }
                replayed += drain(sqs, dead, message -> {
                    out.printf("%s %s message %s%n", dryRun ? "would send back to" : "sent back to", queue, abbreviate(message.body()));
                    if (!dryRun) {
                        sqs.sendMessage(b -> b.queueUrl(source).messageBody(message.body()).messageAttributes(message.messageAttributes()));
                    }
                    return true;
                });
            }
        }
        out.println(replayed == 0 ? "nothing to replay" : (dryRun ? "would replay " : "replayed ") + replayed + " event(s)");
        return 0;
    }

    /** What to do with one message; true when it was handed back (and may be deleted). */
    private interface Handler {
        boolean handle(Message message) throws Exception;
    }

    /** Receives until the queue answers empty (or {@link #max}), deleting each message its handler handed back. */
    private int drain(SqsClient sqs, String queueUrl, Handler handler) throws Exception {
        int n = 0;
        // Only what waited before this replay: an event replayed here that fails again comes back
        // to the queue, and must wait for the next replay (after a mend), not loop in this one.
        long started = System.currentTimeMillis();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> keep = new java.util.ArrayList<>();
        while (n < max) {
            // Hidden while handled, so this loop sees each message once; what is kept is made visible again below.
            int room = Math.min(10, max - n);
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(room)
                    .waitTimeSeconds(1).visibilityTimeout(60).messageAttributeNames("All")
                    .messageSystemAttributeNamesWithStrings("SentTimestamp")).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message m : batch) {
                if (!seen.add(m.messageId())) {
                    continue;
                }
                String sent = m.attributesAsStrings().get("SentTimestamp");
                if (sent != null && Long.parseLong(sent) >= started) {
                    keep.add(m.receiptHandle());
                    continue;
                }
                boolean handedBack = handler.handle(m);
                if (handedBack) {
                    n++;
                }
                if (handedBack && !dryRun) {
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                } else {
                    keep.add(m.receiptHandle());
                }
            }
        }
        // What stays (a dry run, a message not understood) is visible again at once, not in a minute.
        for (String handle : keep) {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(0));
        }
        return n;
    }

    /** Lambda's Invoke with {@code X-Amz-Invocation-Type: Event}, signed with SigV4 ({@code lambda}). */
    private static void invokeAsync(Target target, String function, String qualifier, String payload) throws IOException, InterruptedException {
        URI uri = URI.create(target.lambdaEndpoint().toString().replaceAll("/+$", "") + "/2015-03-31/functions/" + function + "/invocations"
                + (qualifier == null ? "" : "?Qualifier=" + java.net.URLEncoder.encode(qualifier, StandardCharsets.UTF_8)));
        HttpRequest request = SigV4.request(target.credentials(), target.region(), "lambda", uri,
                Map.of("X-Amz-Invocation-Type", "Event", "Content-Type", "application/json"), payload, Duration.ofSeconds(30));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new ApiClient.ApiException(response.statusCode(), "Lambda refused to invoke " + function + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
