package dev.custcode.aws.dynamodb;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Code blocks from one counter item per prefix: {@code ADD last :n} returns the new value, and
 * the block is the {@code n} numbers ending there.
 *
 * <p>Why this never duplicates a code even when the SDK retries a request whose response was
 * lost: every ADD that DynamoDB applies returns a value no other ADD returns, and the block is
 * derived from that value alone. A retried ADD therefore yields a new, disjoint block; the block
 * of the lost response is simply never used (a gap).
 */
public final class DynamoCodeAllocator implements CodeAllocator {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCodeAllocator(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public CodeBlock reserve(String prefix, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("prefix", AttributeValue.fromS(prefix)))
                .updateExpression("ADD #last :n")
                .expressionAttributeNames(Map.of("#last", "last"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(count))))
                .returnValues(ReturnValue.UPDATED_NEW));
        long last = Long.parseLong(r.attributes().get("last").n());
        return new CodeBlock(prefix, last - count + 1, last);
    }

    @Override
    public long peek(String prefix) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("prefix", AttributeValue.fromS(prefix))).consistentRead(true)).item();
        return item == null || !item.containsKey("last") ? 0 : Long.parseLong(item.get("last").n());
    }

    @Override
    public void release(String prefix, Collection<Long> numbers) {
        if (numbers.isEmpty()) {
            return;
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("prefix", AttributeValue.fromS(prefix)))
                .updateExpression("ADD #free :n")
                .expressionAttributeNames(Map.of("#free", "free"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromNs(numbers.stream().map(String::valueOf).toList()))));
    }

    @Override
    public List<Long> reclaim(String prefix, int max) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("prefix", AttributeValue.fromS(prefix))).consistentRead(true)).item();
        if (item == null || !item.containsKey("free") || max < 1) {
            return List.of();
        }
        List<Long> taken = item.get("free").ns().stream().map(Long::parseLong).sorted().limit(max).toList();
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("prefix", AttributeValue.fromS(prefix)))
                .updateExpression("DELETE #free :n")
                .expressionAttributeNames(Map.of("#free", "free"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromNs(taken.stream().map(String::valueOf).toList()))));
        return taken;
    }
}
