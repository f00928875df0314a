package dev.custcode.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How fast DynamoDB Local applies the same small items (a duplicate-search block's shape) by
 * request shape: BatchWriteItem of 25, PutItem, TransactWriteItems of 25 and 100, each alone or
 * several requests at a time, in two rounds, on a table shaped as the template's customers table.
 * Run it with {@code java.io.tmpdir} on disk and on {@code /dev/shm}: DynamoDB Local syncs its
 * database file once per item of a BatchWriteItem or PutItem and once per transaction, so on disk
 * the write shapes DynamoDB bills cheapest (1 unit an item, where a transaction costs 2) are the
 * slowest here, and the ratios of benchmarks that use them measure the disk.
 *
 * <pre>
 * mvn -q -pl local exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.custcode.local.WriteShapesBenchmark -Dexec.args="4000"
 * MAVEN_OPTS=-Djava.io.tmpdir=/dev/shm mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.WriteShapesBenchmark -Dexec.args="4000"
 * </pre>
 */
public final class WriteShapesBenchmark {
    private WriteShapesBenchmark() {
    }

    /** A way of writing items: the items per request, how many requests at a time, and one request. */
    private record Shape(String name, int perRequest, int atATime, Consumer<List<Map<String, AttributeValue>>> request) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        try (DynamoDbLocalAlone db = DynamoDbLocalAlone.started()) {
            DynamoDbClient dynamo = db.dynamo;
            String table = db.freshTable("CustomersTable");
            Consumer<List<Map<String, AttributeValue>>> batch = items -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table,
                    items.stream().map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList())));
            Consumer<List<Map<String, AttributeValue>>> put = items -> items.forEach(i -> dynamo.putItem(b -> b.tableName(table).item(i)));
            Consumer<List<Map<String, AttributeValue>>> transaction = items -> dynamo.transactWriteItems(b -> b.transactItems(
                    items.stream().map(i -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(i).build()).build()).toList()));
            List<Shape> shapes = List.of(new Shape("BatchWriteItem of 25, 1 at a time", 25, 1, batch),
                    new Shape("BatchWriteItem of 25, 8 at a time", 25, 8, batch),
                    new Shape("PutItem, 8 at a time", 1, 8, put),
                    new Shape("TransactWriteItems of 100, 1 at a time", 100, 1, transaction),
                    new Shape("TransactWriteItems of 25, 8 at a time", 25, 8, transaction));
            for (int round = 1; round <= 2; round++) {
                for (Shape shape : shapes) {
                    List<Map<String, AttributeValue>> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(Map.of("pk", AttributeValue.fromS("blk:" + shape.name() + round + ":" + i),
                                "members", AttributeValue.fromSs(List.of(String.format("NEO%06d", i), String.format("NEO%06d", i + 1)))));
                    }
                    ExecutorService pool = Executors.newFixedThreadPool(shape.atATime());
                    long t0 = System.nanoTime();
                    List<Future<?>> requests = new ArrayList<>();
                    for (int i = 0; i < n; i += shape.perRequest()) {
                        List<Map<String, AttributeValue>> part = items.subList(i, Math.min(n, i + shape.perRequest()));
                        requests.add(pool.submit(() -> shape.request().accept(part)));
                    }
                    for (Future<?> f : requests) {
                        f.get();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    pool.shutdown();
                    System.out.printf("round %d, %-40s %d items in %5.2f s: %5.0f items/s%n", round, shape.name(), n, s, n / s);
                }
            }
        }
        // With its database under /dev/shm, DynamoDB Local leaves a thread behind that keeps the JVM (and exec:java) waiting.
        System.exit(0);
    }
}
