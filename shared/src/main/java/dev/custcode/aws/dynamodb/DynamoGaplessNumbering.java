package dev.custcode.aws.dynamodb;

import dev.custcode.codes.GaplessNumbering;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Gapless numbering in one transaction per ≤ 99 customers: the counter moves from the value
 * read to that value + n (conditional on it being unchanged) and the n customers are put
 * (conditional on their identity being new), all or nothing.
 *
 * <p>When the transaction is cancelled: the counter moved (another import allocated) → read it
 * again and retry; an identity existed → that customer is left out (the caller adopts the
 * stored one) and the rest retried. A response lost after the transaction applied looks like
 * both at once on the SDK's retry; the caller recognizes its own customers by import and line.
 */
public final class DynamoGaplessNumbering implements GaplessNumbering {
    static final int CHUNK = TransactWrites.LIMIT - 1;

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
        List<Customer> created = new ArrayList<>();
        Map<String, Customer> existing = new HashMap<>();
        for (int i = 0; i < pending.size(); i += CHUNK) {
            createChunk(prefix, new ArrayList<>(pending.subList(i, Math.min(pending.size(), i + CHUNK))), template, created, existing);
        }
        return new Outcome(created, existing);
    }

    private void createChunk(String prefix, List<Customer> chunk, CodeTemplate template, List<Customer> created, Map<String, Customer> existing) {
        Map<String, AttributeValue> counterKey = Map.of("prefix", AttributeValue.fromS(prefix));
        for (int attempt = 1; !chunk.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS * 4) {
                throw new UnprocessedItemsException("gapless allocation for " + prefix + " kept conflicting after " + attempt + " attempts");
            }
            Retry.backoff(Math.min(attempt, 6));
            Map<String, AttributeValue> counter = dynamo.getItem(b -> b.tableName(countersTable).key(counterKey).consistentRead(true)).item();
            long last = counter == null || !counter.containsKey("last") ? 0 : Long.parseLong(counter.get("last").n());
            List<Customer> coded = new ArrayList<>(chunk.size());
            for (int k = 0; k < chunk.size(); k++) {
                Customer c = chunk.get(k);
                long seq = last + 1 + k;
                coded.add(new Customer(c.identityKey(), template.format(prefix, seq), prefix, seq, c.folder(), c.dimensions(),
                        c.attributes(), c.createdAt(), c.updatedAt(), c.firstImportId(), c.firstLine(), c.lastImportId(), c.lastLine()));
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
            for (Customer c : coded) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(customersTable).item(CustomerItems.toItem(c))
                        .conditionExpression("attribute_not_exists(#k)")
                        .expressionAttributeNames(Map.of("#k", CustomerItems.KEY))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                created.addAll(coded);
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                List<Customer> retry = new ArrayList<>();
                for (int k = 0; k < chunk.size(); k++) {
                    CancellationReason r = k + 1 < reasons.size() ? reasons.get(k + 1) : null;
                    if (r != null && "ConditionalCheckFailed".equals(r.code())) {
                        Customer c = chunk.get(k);
                        Map<String, AttributeValue> item = r.hasItem() && !r.item().isEmpty() ? r.item()
                                : dynamo.getItem(b -> b.tableName(customersTable).key(CustomerItems.key(c.identityKey())).consistentRead(true)).item();
                        existing.put(c.identityKey(), CustomerItems.fromItem(item));
                    } else {
                        retry.add(chunk.get(k));
                    }
                }
                chunk = retry;
            }
        }
    }
}
