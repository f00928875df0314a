package dev.custcode.aws.dynamodb;

import dev.custcode.store.FolderStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The folders table: one item per leaf folder, with its last change and recent import ids. */
public final class DynamoFolderStore implements FolderStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFolderStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void touch(Collection<String> folders, String importId, Instant at) {
        Parallel.map(List.copyOf(folders), folder -> {
            var r = dynamo.updateItem(b -> b.tableName(table).key(Map.of("folder", AttributeValue.fromS(folder)))
                    .updateExpression("SET lastChange = :at, importIds = list_append(if_not_exists(importIds, :empty), :id)")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()),
                            ":empty", AttributeValue.fromL(List.of()),
                            ":id", AttributeValue.fromL(List.of(AttributeValue.fromS(importId)))))
                    .returnValues(ReturnValue.UPDATED_NEW));
            int size = r.attributes().get("importIds").l().size();
            if (size > RECENT_IMPORTS) {
                StringBuilder remove = new StringBuilder("REMOVE ");
                for (int i = 0; i < size - RECENT_IMPORTS; i++) {
                    remove.append(i == 0 ? "" : ", ").append("importIds[").append(i).append(']');
                }
                dynamo.updateItem(b -> b.tableName(table).key(Map.of("folder", AttributeValue.fromS(folder)))
                        .updateExpression(remove.toString()));
            }
            return null;
        });
    }

    @Override
    public List<FolderRecord> all() {
        List<FolderRecord> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
            List<String> ids = item.containsKey("importIds") ? item.get("importIds").l().stream().map(AttributeValue::s).toList() : List.of();
            out.add(new FolderRecord(item.get("folder").s(), item.containsKey("lastChange") ? item.get("lastChange").s() : null, ids,
                    item.containsKey("memberCount") ? Long.valueOf(item.get("memberCount").n()) : null,
                    item.containsKey("countedAt") ? Instant.ofEpochMilli(Long.parseLong(item.get("countedAt").n())).toString() : null));
        });
        return out;
    }

    /** {@code countedAt} is stored as epoch milliseconds: ISO strings with and without fractions do not sort as instants. */
    @Override
    public void recordCount(String folder, long count, Instant countedAt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("folder", AttributeValue.fromS(folder)))
                    .updateExpression("SET memberCount = :n, countedAt = :at")
                    .conditionExpression("attribute_exists(folder) AND (attribute_not_exists(countedAt) OR countedAt < :at)")
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(count)),
                            ":at", AttributeValue.fromN(Long.toString(countedAt.toEpochMilli())))));
        } catch (ConditionalCheckFailedException e) {
            // A later export recorded its count first, or the folder is not registered: keep what is there.
        }
    }
}
