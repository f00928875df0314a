package dev.custcode.aws.dynamodb;

import dev.custcode.customer.Customer;
import dev.custcode.store.CustomerStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Customers in DynamoDB, keyed by identity key, with indexes by code and by folder.
 *
 * <p>Why the identity key is the table key: a new customer is created with a conditional put
 * ({@code attribute_not_exists}) on it, so two imports racing on one new customer cannot both
 * create it; the loser reads the winner's item and adopts its code.
 */
public final class DynamoCustomerStore implements CustomerStore {
    public static final String BY_CODE = "byCode";
    public static final String BY_FOLDER = "byFolder";
    private static final int GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCustomerStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Map<String, Customer> findByIdentity(Collection<String> identityKeys) {
        Map<String, Customer> found = new HashMap<>();
        List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(identityKeys));
        for (List<Customer> part : Parallel.map(Parallel.chunks(keys, GET_LIMIT), this::batchGet)) {
            part.forEach(c -> found.put(c.identityKey(), c));
        }
        return found;
    }

    private List<Customer> batchGet(List<String> keys) {
        List<Map<String, AttributeValue>> pending = keys.stream().map(CustomerItems::key).toList();
        List<Customer> out = new ArrayList<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS) {
                throw new UnprocessedItemsException(pending.size() + " keys of " + table + " still unprocessed after " + Retry.MAX_ATTEMPTS + " attempts");
            }
            Retry.backoff(attempt);
            List<Map<String, AttributeValue>> request = pending;
            BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(request).consistentRead(true).build())));
            r.responses().getOrDefault(table, List.of()).forEach(item -> out.add(CustomerItems.fromItem(item)));
            KeysAndAttributes left = r.unprocessedKeys().get(table);
            pending = left == null ? List.of() : left.keys();
        }
        return out;
    }

    @Override
    public Map<String, Customer> insertNew(Collection<Customer> customers) {
        List<Customer> list = List.copyOf(customers);
        Map<String, Customer> winners = new HashMap<>();
        for (List<Customer> lost : Parallel.map(Parallel.chunks(list, TransactWrites.LIMIT), this::insertChunk)) {
            lost.forEach(c -> winners.put(c.identityKey(), c));
        }
        return winners;
    }

    /** One transaction of conditional puts; returns the stored customers of identities that already existed. */
    private List<Customer> insertChunk(List<Customer> chunk) {
        List<TransactWriteItem> puts = chunk.stream().map(c -> TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(CustomerItems.toItem(c))
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", CustomerItems.KEY))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build()).toList();
        List<Customer> existing = new ArrayList<>();
        for (TransactWrites.Failed f : TransactWrites.write(dynamo, puts)) {
            Map<String, AttributeValue> item = f.stored().isEmpty()
                    ? dynamo.getItem(b -> b.tableName(table).key(CustomerItems.key(chunk.get(f.index()).identityKey())).consistentRead(true)).item()
                    : f.stored();
            existing.add(CustomerItems.fromItem(item));
        }
        return existing;
    }

    @Override
    public void update(Collection<Customer> customers) {
        List<TransactWriteItem> puts = customers.stream().map(c -> TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(CustomerItems.toItem(c)).build()).build()).toList();
        Parallel.map(Parallel.chunks(puts, TransactWrites.LIMIT), chunk -> TransactWrites.write(dynamo, chunk));
    }

    @Override
    public Iterator<Customer> folderMembers(String folder) {
        return new Iterator<>() {
            private Iterator<Map<String, AttributeValue>> page = List.<Map<String, AttributeValue>>of().iterator();
            private Map<String, AttributeValue> next;
            private boolean first = true;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && (first || next != null)) {
                    Map<String, AttributeValue> start = next;
                    QueryResponse r = dynamo.query(folderQuery(folder).exclusiveStartKey(start).build());
                    first = false;
                    next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                    page = r.items().iterator();
                }
                return page.hasNext();
            }

            @Override
            public Customer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return CustomerItems.fromItem(page.next());
            }
        };
    }

    @Override
    public long countFolder(String folder) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(folderQuery(folder).select(Select.COUNT).exclusiveStartKey(start).build());
            count += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    @Override
    public Optional<Customer> findByCode(String code) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(BY_CODE)
                .keyConditionExpression("code = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(code))));
        if (r.items().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(findByIdentity(List.of(r.items().get(0).get(CustomerItems.KEY).s())).values().stream().findFirst().orElse(null));
    }

    @Override
    public List<Customer> findByContact(String kind, String key) {
        String index;
        String attribute;
        switch (kind) {
            case "phone" -> {
                index = "byPhone";
                attribute = CustomerItems.PHONE;
            }
            case "email" -> {
                index = "byEmail";
                attribute = CustomerItems.EMAIL;
            }
            case "taxId" -> {
                index = "byTaxId";
                attribute = CustomerItems.TAX;
            }
            default -> throw new IllegalArgumentException("no contact kind " + kind);
        }
        List<String> keys = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(index)
                .keyConditionExpression("#a = :v")
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(key)))).items()
                .forEach(i -> keys.add(i.get(CustomerItems.KEY).s()));
        List<Customer> found = new ArrayList<>(findByIdentity(keys).values());
        found.sort(java.util.Comparator.comparing(Customer::code));
        return found;
    }

    @Override
    public List<Customer> folderPage(String folder, String afterCode, int limit) {
        List<Customer> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_FOLDER)
                    .expressionAttributeNames(Map.of("#f", "folder"))
                    .limit(limit - out.size())
                    .exclusiveStartKey(start);
            if (afterCode == null) {
                q.keyConditionExpression("#f = :f").expressionAttributeValues(Map.of(":f", AttributeValue.fromS(folder)));
            } else {
                q.keyConditionExpression("#f = :f AND code > :after")
                        .expressionAttributeValues(Map.of(":f", AttributeValue.fromS(folder), ":after", AttributeValue.fromS(afterCode)));
            }
            QueryResponse r = dynamo.query(q.build());
            r.items().forEach(i -> out.add(CustomerItems.fromItem(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    private QueryRequest.Builder folderQuery(String folder) {
        return QueryRequest.builder().tableName(table).indexName(BY_FOLDER)
                .keyConditionExpression("#f = :f")
                .expressionAttributeNames(Map.of("#f", "folder"))
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromS(folder)));
    }
}
