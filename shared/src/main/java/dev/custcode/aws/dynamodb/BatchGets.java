package dev.custcode.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Consistent BatchGetItem of at most 100 keys, asking again for UnprocessedKeys with backoff until all are read. */
final class BatchGets {
    static final int LIMIT = 100;

    private BatchGets() {
    }

    /** The items found among {@code keys} (≤ {@value #LIMIT}), in no particular order. */
    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> pending = keys;
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS) {
                throw new UnprocessedItemsException(pending.size() + " keys of " + table + " still unprocessed after " + Retry.MAX_ATTEMPTS + " attempts");
            }
            Retry.backoff(attempt);
            List<Map<String, AttributeValue>> request = pending;
            BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(request).consistentRead(true).build())));
            out.addAll(r.responses().getOrDefault(table, List.of()));
            KeysAndAttributes left = r.unprocessedKeys().get(table);
            pending = left == null ? List.of() : left.keys();
        }
        return out;
    }
}
