package dev.custcode.aws.dynamodb;

import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The history table: one item per change, keyed by code and {@code at#importId#line} (so a
 * redone import rewrites the same items instead of adding new ones). No index: an undo finds the
 * codes an import changed in the imports table ({@link ImportStore#touched}), which costs a write
 * per batch instead of an index entry (a write unit) per change.
 */
public final class DynamoHistoryStore implements HistoryStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoHistoryStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void record(Collection<Change> changes) {
        List<WriteRequest> writes = changes.stream().map(c -> WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(c)).build()).build()).toList();
        Parallel.map(Parallel.chunks(writes, 25), chunk -> {
            BatchWrites.write(dynamo, table, chunk);
            return null;
        });
    }

    @Override
    public int erase(String code) {
        List<WriteRequest> deletes = new java.util.ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("code = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(code))).projectionExpression("code, #a")
                .expressionAttributeNames(Map.of("#a", "at"))).items().forEach(item -> deletes.add(WriteRequest.builder()
                .deleteRequest(software.amazon.awssdk.services.dynamodb.model.DeleteRequest.builder().key(item).build()).build()));
        for (List<WriteRequest> chunk : Parallel.chunks(deletes, 25)) {
            BatchWrites.write(dynamo, table, chunk);
        }
        return deletes.size();
    }

    static String sortKey(Change c) {
        return c.at() + "#" + c.importId() + "#" + String.format("%012d", c.line());
    }

    private static Map<String, AttributeValue> toItem(Change c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("code", AttributeValue.fromS(c.code()));
        item.put("at", AttributeValue.fromS(sortKey(c)));
        item.put("importId", AttributeValue.fromS(c.importId()));
        item.put("line", AttributeValue.fromN(Long.toString(c.line())));
        item.put("kind", AttributeValue.fromS(c.kind()));
        item.put("fields", AttributeValue.fromL(c.fields().stream().map(f -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("field", AttributeValue.fromS(f.field()));
            if (f.from() != null) {
                m.put("from", AttributeValue.fromS(f.from()));
            }
            if (f.to() != null) {
                m.put("to", AttributeValue.fromS(f.to()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        if (c.fromFolder() != null) {
            item.put("from", AttributeValue.fromS(c.fromFolder()));
        }
        if (c.toFolder() != null) {
            item.put("to", AttributeValue.fromS(c.toFolder()));
        }
        item.put("keysAdded", AttributeValue.fromL(c.keysAdded().stream().map(AttributeValue::fromS).toList()));
        item.put("cause", AttributeValue.fromS(c.cause()));
        return item;
    }

    private static Change fromItem(Map<String, AttributeValue> i) {
        List<FieldChange> fields = new ArrayList<>();
        if (i.containsKey("fields")) {
            i.get("fields").l().forEach(f -> fields.add(new FieldChange(f.m().get("field").s(), s(f.m(), "from"), s(f.m(), "to"))));
        }
        List<String> keys = new ArrayList<>();
        if (i.containsKey("keysAdded")) {
            i.get("keysAdded").l().forEach(k -> keys.add(k.s()));
        }
        return new Change(i.get("code").s(), i.get("at").s().split("#", 2)[0], s(i, "importId"),
                i.containsKey("line") ? Long.parseLong(i.get("line").n()) : 0, i.containsKey("kind") ? i.get("kind").s() : "updated",
                fields, s(i, "from"), s(i, "to"), keys, s(i, "cause"));
    }

    private static String s(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    @Override
    public ImportStore.Page<Change> of(String code, String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).keyConditionExpression("code = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(code)))
                .scanIndexForward(false).limit(limit);
        if (cursor != null) {
            q.exclusiveStartKey(Map.of("code", AttributeValue.fromS(code), "at", AttributeValue.fromS(cursor)));
        }
        QueryResponse r = dynamo.query(q.build());
        List<Change> items = r.items().stream().map(DynamoHistoryStore::fromItem).toList();
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey().get("at").s() : null;
        return new ImportStore.Page<>(items, next);
    }

    @Override
    public Map<String, List<Change>> changedBy(String importId, Collection<String> codes) {
        // One query per customer (its history is its partition), a hundred customers per task.
        List<Map<String, List<Change>>> found = Parallel.map(Parallel.chunks(List.copyOf(codes), 100), some -> {
            Map<String, List<Change>> of = new java.util.LinkedHashMap<>();
            for (String code : some) {
                List<Change> changes = new ArrayList<>();
                dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("code = :c")
                        .filterExpression("importId = :i")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(code), ":i", AttributeValue.fromS(importId)))).items()
                        .forEach(i -> changes.add(fromItem(i)));
                if (!changes.isEmpty()) {
                    of.put(code, changes);
                }
            }
            return of;
        });
        Map<String, List<Change>> out = new java.util.LinkedHashMap<>();
        found.forEach(out::putAll);
        return out;
    }

    @Override
    public Map<String, List<Change>> scanFor(String importId) {
        Map<String, List<Change>> out = new java.util.TreeMap<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression("importId = :i")
                .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(importId)))).items()
                .forEach(i -> out.computeIfAbsent(i.get("code").s(), k -> new ArrayList<>()).add(fromItem(i)));
        return out;
    }
}
