package dev.custcode.aws.dynamodb;

import dev.custcode.store.HistoryStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The history table: one item per folder move, keyed by code and time. */
public final class DynamoHistoryStore implements HistoryStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoHistoryStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<FolderMove> of(String code) {
        List<FolderMove> out = new java.util.ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("code = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(code)))).items()
                .forEach(i -> out.add(new FolderMove(code, i.get("at").s().split("#", 2)[0], i.get("from").s(), i.get("to").s(), i.get("cause").s())));
        return out;
    }

    @Override
    public void record(Collection<FolderMove> moves) {
        List<WriteRequest> writes = moves.stream().map(m -> WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                "code", AttributeValue.fromS(m.code()),
                // at + cause: two moves of one customer at the same instant stay two items.
                "at", AttributeValue.fromS(m.at() + "#" + m.cause()),
                "from", AttributeValue.fromS(m.from()),
                "to", AttributeValue.fromS(m.to()),
                "cause", AttributeValue.fromS(m.cause()))).build()).build()).toList();
        Parallel.map(Parallel.chunks(writes, 25), chunk -> {
            BatchWrites.write(dynamo, table, chunk);
            return null;
        });
    }
}
