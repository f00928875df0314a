package dev.custcode.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::SQS::Queue} of the template as the local SQS server (ElasticMQ) holds it.
 * A queue keeps its {@code QueueName} if the template gives one, else its logical id as name
 * ({@code .fifo} appended for a FIFO queue, as SQS requires): deterministic, so URLs and ARNs are
 * the same on every start.
 *
 * @param logicalId  the template's logical id
 * @param name       the local queue name
 * @param url        its URL on the local server (what {@code !Ref} gives)
 * @param arn        its ARN ({@code !GetAtt X.Arn})
 * @param attributes the CreateQueue attributes taken from the template (VisibilityTimeout,
 *                   FifoQueue, RedrivePolicy as JSON with the dead-letter queue's local ARN, …)
 * @param deadLetterArn the RedrivePolicy's target, or null
 */
record QueueDefinition(String logicalId, String name, String url, String arn, Map<String, String> attributes, String deadLetterArn) {
    /** Template properties passed to CreateQueue as attributes of the same name. */
    private static final List<String> PASSED = List.of("VisibilityTimeout", "DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "FifoQueue", "ContentBasedDeduplication");

    static final String ACCOUNT = "000000000000";

    /** The queues of the template, for a local server at {@code endpoint} ({@code http://127.0.0.1:9324}). */
    @SuppressWarnings("unchecked")
    static List<QueueDefinition> from(SamTemplate template, Intrinsics intrinsics, String endpoint, String region) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : template.resourcesOfType("AWS::SQS::Queue")) {
            Map<String, Object> p = template.properties(id);
            String name = intrinsics.resolve(p.get("QueueName"));
            if (name == null) {
                name = Boolean.TRUE.equals(p.get("FifoQueue")) ? id + ".fifo" : id;
            }
            names.put(id, name);
        }
        Intrinsics withQueues = intrinsics.withValues(values(names, endpoint, region));
        List<QueueDefinition> out = new ArrayList<>();
        names.forEach((id, name) -> {
            Map<String, Object> p = template.properties(id);
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String key : PASSED) {
                String value = withQueues.resolve(p.get(key));
                if (value != null) {
                    attributes.put(key, value);
                }
            }
            String deadLetterArn = null;
            Object redrive = p.get("RedrivePolicy");
            if (redrive instanceof Map<?, ?> r) {
                deadLetterArn = withQueues.resolve(r.get("deadLetterTargetArn"));
                attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":" + Json.quote(deadLetterArn)
                        + ",\"maxReceiveCount\":" + withQueues.resolve(r.get("maxReceiveCount")) + "}");
            } else if (redrive instanceof String json) {
                attributes.put("RedrivePolicy", json);
            }
            out.add(new QueueDefinition(id, name, url(endpoint, name), arn(region, name), Map.copyOf(attributes), deadLetterArn));
        });
        return out;
    }

    /** What {@code Ref} and {@code Fn::GetAtt} give for each queue: its URL, ARN and name. */
    static Map<String, Map<String, String>> values(List<QueueDefinition> queues) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (QueueDefinition q : queues) {
            out.put(q.logicalId(), Map.of("Ref", q.url(), "QueueUrl", q.url(), "Arn", q.arn(), "QueueName", q.name()));
        }
        return out;
    }

    private static Map<String, Map<String, String>> values(Map<String, String> names, String endpoint, String region) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        names.forEach((id, name) -> out.put(id, Map.of("Ref", url(endpoint, name), "QueueUrl", url(endpoint, name),
                "Arn", arn(region, name), "QueueName", name)));
        return out;
    }

    private static String url(String endpoint, String name) {
        return endpoint + "/" + ACCOUNT + "/" + name;
    }

    private static String arn(String region, String name) {
        return "arn:aws:sqs:" + region + ":" + ACCOUNT + ":" + name;
    }
}
