package dev.custcode.aws.dynamodb;

import dev.custcode.codes.GaplessNumbering;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Gapless numbering in one transaction per chunk: the counter moves from the value read to that
 * value + n (conditional on it being unchanged) and the n customers are put with the claims of
 * their keys (each conditional on its key being free), all or nothing.
 *
 * <p>When the transaction is cancelled: the counter moved (another import allocated) → read it
 * again and retry; a customer's key was taken → that customer is left out (the caller decides
 * again for it) and the rest retried under renumbered codes. A response lost after the
 * transaction applied looks like a taken key on the SDK's retry; the caller then finds its own
 * customers by their keys and recognizes them by import and line.
 */
public final class DynamoGaplessNumbering implements GaplessNumbering {
    private final DynamoDbClient dynamo;
    private final String customersTable;
    private final String countersTable;

    public DynamoGaplessNumbering(DynamoDbClient dynamo, String customersTable, String countersTable) {
        this.dynamo = dynamo;
        this.customersTable = customersTable;
        this.countersTable = countersTable;
    }

    @Override
    public Outcome create(String prefix, List<Customer> pending, CodeTemplate template) {
        Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Customer> chunk = new ArrayList<>();
        int items = 1;
        long bytes = TransactWrites.COUNTER_BYTES;
        for (Customer c : pending) {
            int n = 1 + c.keys().size();
            long size = ItemSizes.withClaims(c);
            // Both of a transaction's limits: 100 items, and 4 MB of items.
            if (items + n > TransactWrites.LIMIT || bytes + size > TransactWrites.MAX_BYTES) {
                createChunk(prefix, chunk, template, outcome);
                chunk = new ArrayList<>();
                items = 1;
                bytes = TransactWrites.COUNTER_BYTES;
            }
            chunk.add(c);
            items += n;
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            createChunk(prefix, chunk, template, outcome);
        }
        return outcome;
    }

    private void createChunk(String prefix, List<Customer> chunk, CodeTemplate template, Outcome outcome) {
        List<Customer> created = outcome.created();
        List<Customer> leftOut = outcome.leftOut();
        Map<String, AttributeValue> counterKey = Map.of("prefix", AttributeValue.fromS(prefix));
        for (int attempt = 1; !chunk.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS * 4) {
                throw new UnprocessedItemsException("gapless allocation for " + prefix + " kept conflicting after " + attempt + " attempts");
            }
            Retry.backoff(Math.min(attempt, 6));
            Map<String, AttributeValue> counter = dynamo.getItem(b -> b.tableName(countersTable).key(counterKey).consistentRead(true)).item();
            long last = counter == null || !counter.containsKey("last") ? 0 : Long.parseLong(counter.get("last").n());
            long room = Math.max(0, template.maxSequence() - last);
            if (room < chunk.size()) {
                // {seq:N} is full: the customers past its last number are not created (the caller
                // rejects their rows); the counter never moves past it.
                outcome.unnumbered().addAll(chunk.subList((int) room, chunk.size()));
                chunk = new ArrayList<>(chunk.subList(0, (int) room));
                if (chunk.isEmpty()) {
                    return;
                }
            }
            List<Customer> coded = new ArrayList<>(chunk.size());
            for (int k = 0; k < chunk.size(); k++) {
                long seq = last + 1 + k;
                coded.add(chunk.get(k).toBuilder().code(template.format(prefix, seq)).prefix(prefix).sequence(seq).build());
            }
            List<TransactWriteItem> items = new ArrayList<>();
            Update.Builder update = Update.builder().tableName(countersTable).key(counterKey)
                    .updateExpression("SET #last = :next")
                    .expressionAttributeNames(Map.of("#last", "last"));
            if (last == 0) {
                update.conditionExpression("attribute_not_exists(#last)")
                        .expressionAttributeValues(Map.of(":next", AttributeValue.fromN(Long.toString(chunk.size()))));
            } else {
                update.conditionExpression("#last = :seen")
                        .expressionAttributeValues(Map.of(":next", AttributeValue.fromN(Long.toString(last + chunk.size())),
                                ":seen", AttributeValue.fromN(Long.toString(last))));
            }
            items.add(TransactWriteItem.builder().update(update.build()).build());
            List<Integer> firstItem = new ArrayList<>();
            for (Customer c : coded) {
                firstItem.add(items.size());
                items.add(conditionalPut(CustomerItems.toItem(c)));
                c.keys().forEach(key -> items.add(conditionalPut(CustomerItems.claim(key, c.code()))));
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                created.addAll(coded);
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                // The counter moved (another import numbered the prefix): the codes this attempt chose
                // may exist by now, so a customer item that failed says nothing of its keys. A customer
                // is left out only when one of its claims failed: a key another customer holds.
                boolean counterMoved = failed(reasons, 0);
                List<Customer> retry = new ArrayList<>();
                for (int k = 0; k < chunk.size(); k++) {
                    int from = firstItem.get(k);
                    int to = k + 1 < chunk.size() ? firstItem.get(k + 1) : items.size();
                    boolean taken = !counterMoved && failed(reasons, from);
                    for (int i = from + 1; i < to; i++) {
                        taken |= failed(reasons, i);
                    }
                    (taken ? leftOut : retry).add(chunk.get(k));
                }
                chunk = retry;
            }
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int item) {
        return item < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(item).code());
    }

    private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(customersTable).item(item)
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", CustomerItems.KEY)).build()).build();
    }
}
