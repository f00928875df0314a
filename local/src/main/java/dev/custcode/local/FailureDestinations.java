package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's on-failure destinations, locally: an async event that failed all its attempts is sent
 * to the SQS queue its function's {@code EventInvokeConfig.DestinationConfig.OnFailure} names, as
 * the invocation record Lambda sends ({@code requestContext.functionArn}, {@code condition},
 * {@code requestPayload}, {@code responsePayload}), so that what reads that queue in AWS — an
 * alarm, {@code custcode replay} — reads it here too.
 */
final class FailureDestinations {
    private FailureDestinations() {
    }

    static Consumer<AsyncInvoker.Failure> of(List<FunctionDefinition> functions, List<QueueDefinition> queues, SqsClient sqs, String region) {
        Map<String, String> urlByArn = new HashMap<>();
        queues.forEach(q -> urlByArn.put(q.arn(), q.url()));
        Map<String, String> destinationUrl = new HashMap<>();
        for (FunctionDefinition f : functions) {
            if (f.onFailureArn() != null && urlByArn.containsKey(f.onFailureArn())) {
                destinationUrl.put(f.logicalId(), urlByArn.get(f.onFailureArn()));
            }
        }
        return failure -> {
            String url = destinationUrl.get(failure.function());
            if (url != null) {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(record(failure, region)));
            }
        };
    }

    /** The record Lambda sends to an on-failure destination. */
    static String record(AsyncInvoker.Failure failure, String region) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("version", "1.0");
        r.put("timestamp", failure.at().toString());
        ObjectNode context = r.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("functionArn", "arn:aws:lambda:" + region + ":" + QueueDefinition.ACCOUNT + ":function:" + failure.function() + ":$LATEST");
        context.put("condition", "RetriesExhausted");
        context.put("approximateInvokeCount", Math.max(1, failure.errors().size()));
        r.set("requestPayload", payload(failure.payload()));
        ObjectNode response = r.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        String last = failure.errors().isEmpty() ? "" : failure.errors().get(failure.errors().size() - 1);
        r.set("responsePayload", Json.MAPPER.createObjectNode().put("errorMessage", last));
        return r.toString();
    }

    private static JsonNode payload(String event) {
        try {
            return Json.MAPPER.readTree(event);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(event);
        }
    }
}
