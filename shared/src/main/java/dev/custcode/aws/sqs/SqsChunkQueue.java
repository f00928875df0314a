package dev.custcode.aws.sqs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.store.ChunkQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The chunks queue in SQS: messages sent ten at a time; a message SQS refused is an error (Lambda retries the planner). */
public final class SqsChunkQueue implements ChunkQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsChunkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String importId, Collection<Integer> chunks) {
        List<Integer> all = new ArrayList<>(chunks);
        for (int i = 0; i < all.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int c : all.subList(i, Math.min(all.size(), i + 10))) {
                entries.add(SendMessageBatchRequestEntry.builder().id("c" + c)
                        .messageBody("{\"importId\":\"" + importId + "\",\"chunk\":" + c + "}").build());
            }
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                throw new IllegalStateException(r.failed().size() + " chunk messages of import " + importId + " were refused: "
                        + r.failed().get(0).message());
            }
        }
    }

    @Override
    public void redrive(dev.custcode.ingest.IncomingObject source) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("redrive", source.toJson());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body.toString()));
    }
}
