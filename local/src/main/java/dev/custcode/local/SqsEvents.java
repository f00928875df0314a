package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The SQS event Lambda's event source mapping sends, and the batch response it reads back.
 *
 * <pre>{@code
 * {"Records":[{"messageId":"…","receiptHandle":"…","body":"…",
 *   "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"…","SenderId":"…","ApproximateFirstReceiveTimestamp":"…"},
 *   "messageAttributes":{"kind":{"stringValue":"x","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
 *   "md5OfBody":"…","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:q","awsRegion":"us-east-1"}]}
 * }</pre>
 */
final class SqsEvents {
    /** The system attributes Lambda passes on in a record's {@code attributes}. */
    private static final List<String> SYSTEM_ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
            "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader",
            "DeadLetterQueueSourceArn");

    private SqsEvents() {
    }

    static String event(List<Message> messages, String queueArn, String region) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            Map<String, String> system = m.attributesAsStrings();
            for (String name : SYSTEM_ATTRIBUTES) {
                if (system.get(name) != null) {
                    attributes.put(name, system.get(name));
                }
            }
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> messageAttribute(messageAttributes.putObject(name), value));
            if (m.md5OfMessageAttributes() != null) {
                r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
        }
        return root.toString();
    }

    private static void messageAttribute(ObjectNode out, MessageAttributeValue v) {
        if (v.stringValue() != null) {
            out.put("stringValue", v.stringValue());
        }
        if (v.binaryValue() != null) {
            out.put("binaryValue", base64(v.binaryValue()));
        }
        ArrayNode strings = out.putArray("stringListValues");
        v.stringListValues().forEach(strings::add);
        ArrayNode binaries = out.putArray("binaryListValues");
        v.binaryListValues().forEach(b -> binaries.add(base64(b)));
        out.put("dataType", v.dataType());
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    /**
     * The message ids an {@code SQSBatchResponse} reports as failed; empty when the response
     * reports none (or is not a batch response). Empty optional when the response is invalid — an
     * item identifier that is null, empty or not in the batch — which Lambda treats as the whole
     * batch failing.
     */
    static Optional<Set<String>> batchItemFailures(String response, Set<String> batchIds) {
        JsonNode root;
        try {
            root = response == null || response.isBlank() ? null : Json.MAPPER.readTree(response);
        } catch (IOException e) {
            return Optional.empty();
        }
        Set<String> failed = new HashSet<>();
        if (root == null || !root.isObject() || !root.has("batchItemFailures") || root.get("batchItemFailures").isNull()) {
            return Optional.of(failed);
        }
        for (JsonNode item : root.get("batchItemFailures")) {
            JsonNode id = item.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batchIds.contains(id.asText())) {
                return Optional.empty();
            }
            failed.add(id.asText());
        }
        return Optional.of(failed);
    }
}
