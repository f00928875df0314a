package dev.custcode.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler for the local runtime's own tests (run from {@code src/test/resources/sqs/template.yaml}):
 * it logs what it receives in a line tests can parse, and its message bodies tell it what to do:
 * {@code fail …} is reported as a batch item failure, {@code sleep N …} sleeps N ms, {@code hold PATH …}
 * returns once the file PATH exists (or its invocation's time is up).
 *
 * <p>Lines: {@code INIT pid=… KEY=value…} (its queue variables) once per environment, and per record
 * {@code RECEIVED pid=… concurrent=… started=… key=value… body=…}, where {@code concurrent} counts this JVM's
 * invocations running at once and {@code started} is the epoch millisecond, then when it is handled
 * {@code FINISHED pid=… ended=… body=…}.
 */
public class QueueTestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();

    public QueueTestHandler() {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("QUEUE_") || k.equals("AWS_ENDPOINT_URL_SQS")) {
                env.put(k, v);
            }
        });
        StringBuilder line = new StringBuilder("INIT pid=" + PID);
        env.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        int concurrent = RUNNING.incrementAndGet();
        try {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                SQSEvent.MessageAttribute kind = m.getMessageAttributes() == null ? null : m.getMessageAttributes().get("kind");
                context.getLogger().log("RECEIVED pid=" + PID + " concurrent=" + concurrent + " started=" + System.currentTimeMillis()
                        + " batch=" + event.getRecords().size()
                        + " id=" + m.getMessageId() + " source=" + m.getEventSource() + " arn=" + m.getEventSourceArn()
                        + " region=" + m.getAwsRegion() + " md5=" + m.getMd5OfBody() + " receipt=" + (m.getReceiptHandle() != null)
                        + " receiveCount=" + m.getAttributes().get("ApproximateReceiveCount")
                        + " sent=" + m.getAttributes().get("SentTimestamp")
                        + " kind=" + (kind == null ? null : kind.getDataType() + ":" + kind.getStringValue())
                        + " body=" + m.getBody());
                String body = m.getBody();
                if (body.startsWith("sleep ")) {
                    sleep(Long.parseLong(body.substring(6).trim().split(" ")[0]));
                }
                if (body.startsWith("hold ")) {
                    hold(java.nio.file.Path.of(body.substring(5).trim().split(" ")[0]), context);
                }
                if (body.startsWith("fail")) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(m.getMessageId()).build());
                }
                context.getLogger().log("FINISHED pid=" + PID + " ended=" + System.currentTimeMillis() + " body=" + body);
            }
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    /** Returns once the file exists, or when less than half a second of the invocation is left. */
    private static void hold(java.nio.file.Path file, Context context) {
        while (!java.nio.file.Files.exists(file) && context.getRemainingTimeInMillis() > 500) {
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
