package dev.custcode.aws.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem of at most 25 requests, resubmitting UnprocessedItems with backoff until all are written. */
final class BatchWrites {
    private BatchWrites() {
    }

    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> writes) {
        List<WriteRequest> pending = writes;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS) {
                throw new UnprocessedItemsException(pending.size() + " writes to " + table + " still unprocessed after " + Retry.MAX_ATTEMPTS + " attempts");
            }
            Retry.backoff(attempt);
            List<WriteRequest> request = pending;
            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
            pending = r.unprocessedItems().getOrDefault(table, List.of());
        }
    }
}
