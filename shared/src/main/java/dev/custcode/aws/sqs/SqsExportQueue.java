package dev.custcode.aws.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.custcode.store.ExportQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The exports queue in SQS; a message SQS refuses is an error (the invocation fails and is retried). */
public final class SqsExportQueue implements ExportQueue {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsExportQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String stateKey) {
        String body = JsonNodeFactory.instance.objectNode().put("state", stateKey).toString();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** The state key a message names, or an exception if it is not an export step. */
    public static String stateKey(String body) {
        try {
            String key = JSON.readTree(body).path("state").asText("");
            if (!key.startsWith("exports/work/")) {
                throw new IllegalArgumentException("not an export step: " + body);
            }
            return key;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an export step: " + body, e);
        }
    }
}
