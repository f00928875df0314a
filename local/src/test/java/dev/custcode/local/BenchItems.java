package dev.custcode.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Customer items shaped like stored customers from the sample file, for benchmarks that write them directly. */
public final class BenchItems {
    private BenchItems() {
    }

    /** Customer {@code i} (code {@code UEZ} + i + 1) filed in {@code folder}. */
    public static Map<String, AttributeValue> customer(int i, String folder) {
        Map<String, AttributeValue> attrs = new HashMap<>();
        attrs.put("sourceId", AttributeValue.fromS("B" + i));
        attrs.put("name", AttributeValue.fromS("客户 " + i + " Heather Callahan"));
        attrs.put("company", AttributeValue.fromS("Mosley-David"));
        attrs.put("city", AttributeValue.fromS("Lake Jeffborough"));
        attrs.put("country", AttributeValue.fromS("Norway"));
        attrs.put("phone", AttributeValue.fromS("043-797-5229"));
        attrs.put("phone2", AttributeValue.fromS("915.112.1727"));
        attrs.put("email", AttributeValue.fromS("urangel" + i + "@espinoza-francis.net"));
        attrs.put("firstDate", AttributeValue.fromS("26-08-2020"));
        attrs.put("website", AttributeValue.fromS("http://www.escobar.org/"));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(String.format("code:UEZ%06d", i + 1)));
        item.put("keys", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("sid:B" + i))));
        item.put("version", AttributeValue.fromN("1"));
        item.put("code", AttributeValue.fromS(String.format("UEZ%06d", i + 1)));
        item.put("prefix", AttributeValue.fromS("UEZ"));
        item.put("seq", AttributeValue.fromN(Integer.toString(i + 1)));
        item.put("folder", AttributeValue.fromS(folder));
        item.put("folderShard", AttributeValue.fromS(folder + "#" + ((i + 1) % 8)));
        item.put("dims", AttributeValue.fromM(Map.of("region", AttributeValue.fromS("europe"), "type", AttributeValue.fromS("enterprise"),
                "channel", AttributeValue.fromS("unspecified"), "tier", AttributeValue.fromS("c"), "lifecycle", AttributeValue.fromS("potential"),
                "importance", AttributeValue.fromS("normal"))));
        item.put("attrs", AttributeValue.fromM(attrs));
        item.put("createdAt", AttributeValue.fromS("2026-11-23T20:00:00Z"));
        item.put("updatedAt", AttributeValue.fromS("2026-11-23T20:00:00Z"));
        item.put("firstImportId", AttributeValue.fromS("bench"));
        item.put("lastImportId", AttributeValue.fromS("bench"));
        item.put("firstLine", AttributeValue.fromN(Integer.toString(i + 2)));
        item.put("lastLine", AttributeValue.fromN(Integer.toString(i + 2)));
        return item;
    }

    /**
     * Writes customers 0..n-1 into a table with BatchWriteItem (25 per request, 8 threads,
     * unprocessed items resubmitted); returns items per second.
     */
    public static double batchWrite(DynamoDbClient dynamo, String table, int n, String folder) throws Exception {
        return batchWrite(dynamo, table, n, i -> folder);
    }

    /** As {@link #batchWrite(DynamoDbClient, String, int, String)}, customer i filed in {@code folderOf.apply(i)}. */
    public static double batchWrite(DynamoDbClient dynamo, String table, int n, java.util.function.IntFunction<String> folderOf) throws Exception {
        return batchWrite(dynamo, table, n, folderOf, (item, i) -> item);
    }

    /** As above, each item changed by {@code change} (given the item and i) before it is written. */
    public static double batchWrite(DynamoDbClient dynamo, String table, int n, java.util.function.IntFunction<String> folderOf,
                                    java.util.function.BiFunction<Map<String, AttributeValue>, Integer, Map<String, AttributeValue>> change)
            throws Exception {
        return slices(n, 25, (from, to) -> {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = from; i < to; i++) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(change.apply(customer(i, folderOf.apply(i)), i)).build()).build());
            }
            var pending = writes;
            while (!pending.isEmpty()) {
                var request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request))).unprocessedItems().getOrDefault(table, List.of());
            }
        });
    }

    /**
     * Writes customers {@code 0..n-1} in TransactWriteItems of 100 conditional puts, 8 threads,
     * into {@code table}; returns items per second. (DynamoDB Local applies a transaction of 100
     * faster than four BatchWriteItems of 25: one commit instead of four.)
     */
    public static double transactWrite(DynamoDbClient dynamo, String table, int n, String folder) throws Exception {
        return slices(n, 100, (from, to) -> {
            List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items = new ArrayList<>();
            for (int i = from; i < to; i++) {
                items.add(software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                        .put(software.amazon.awssdk.services.dynamodb.model.Put.builder().tableName(table).item(customer(i, folder))
                                .conditionExpression("attribute_not_exists(pk)").build()).build());
            }
            dynamo.transactWriteItems(b -> b.transactItems(items));
        });
    }

    /** Writes customers {@code 0..n-1} with one conditional PutItem each, 8 threads; returns items per second. */
    public static double conditionalPuts(DynamoDbClient dynamo, String table, int n, String folder) throws Exception {
        return slices(n, 100, (from, to) -> {
            for (int i = from; i < to; i++) {
                Map<String, AttributeValue> item = customer(i, folder);
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            }
        });
    }

    /** Items {@code [from, to)} of one slice. */
    private interface Slice {
        void write(int from, int to);
    }

    /** Writes items {@code 0..n-1} in slices of {@code size}, 8 threads; returns items per second. */
    private static double slices(int n, int size, Slice slice) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < n; start += size) {
            int from = start;
            futures.add(pool.submit(() -> slice.write(from, Math.min(n, from + size))));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
