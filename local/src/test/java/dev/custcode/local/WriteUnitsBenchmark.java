package dev.custcode.local;

import dev.custcode.aws.Services;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Write units per customer, new, unchanged and updated, by DynamoDB's published rules, because
 * DynamoDB Local does not report what writes consume: every successful write's item is read
 * before and after it, and charged 1 unit per KB of the larger image (2 in a transaction), plus,
 * for each global secondary index, 1 unit per KB of the projected item for each index entry put
 * or deleted (none when neither the index key nor a projected attribute changed). All tables
 * count (customers, claims, history, imports, counters, folders), divided by the file's rows.
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.WriteUnitsBenchmark [-Dexec.args="ROWS"]
 * </pre>
 */
public final class WriteUnitsBenchmark {
    private WriteUnitsBenchmark() {
    }

    /** One write: its table, key, the new item when the request carries it, whether transactional. */
    private record Write(String table, Map<String, AttributeValue> key, Map<String, AttributeValue> item, boolean transactional,
                         boolean delete, Map<String, AttributeValue> before) {
    }

    static final class Estimator implements ExecutionInterceptor {
        private static final ExecutionAttribute<List<Write>> WRITES = new ExecutionAttribute<>("writes");
        private final DynamoDbClient raw;
        private final Map<String, TableDescription> tables = new ConcurrentHashMap<>();
        final Map<String, Double> units = new ConcurrentHashMap<>();
        final Map<String, Double> byImportItem = new ConcurrentHashMap<>();

        Estimator(DynamoDbClient raw) {
            this.raw = raw;
        }

        private TableDescription table(String name) {
            return tables.computeIfAbsent(name, n -> raw.describeTable(b -> b.tableName(n)).table());
        }

        private Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new HashMap<>();
            for (KeySchemaElement k : table(table).keySchema()) {
                key.put(k.attributeName(), item.get(k.attributeName()));
            }
            return key;
        }

        private Map<String, AttributeValue> read(String table, Map<String, AttributeValue> key) {
            Map<String, AttributeValue> item = raw.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            return item == null || item.isEmpty() ? null : item;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            List<Write> writes = new ArrayList<>();
            SdkRequest r = context.request();
            if (r instanceof TransactWriteItemsRequest t) {
                for (TransactWriteItem i : t.transactItems()) {
                    if (i.put() != null) {
                        writes.add(write(i.put().tableName(), keyOf(i.put().tableName(), i.put().item()), i.put().item(), true, false));
                    } else if (i.update() != null) {
                        writes.add(write(i.update().tableName(), i.update().key(), null, true, false));
                    } else if (i.delete() != null) {
                        writes.add(write(i.delete().tableName(), i.delete().key(), null, true, true));
                    }
                }
            } else if (r instanceof PutItemRequest p) {
                writes.add(write(p.tableName(), keyOf(p.tableName(), p.item()), p.item(), false, false));
            } else if (r instanceof UpdateItemRequest u) {
                writes.add(write(u.tableName(), u.key(), null, false, false));
            } else if (r instanceof BatchWriteItemRequest b) {
                b.requestItems().forEach((table, list) -> list.forEach(w -> {
                    if (w.putRequest() != null) {
                        writes.add(write(table, keyOf(table, w.putRequest().item()), w.putRequest().item(), false, false));
                    } else {
                        writes.add(write(table, w.deleteRequest().key(), null, false, true));
                    }
                }));
            }
            attributes.putAttribute(WRITES, writes);
            return r;
        }

        private Write write(String table, Map<String, AttributeValue> key, Map<String, AttributeValue> item, boolean tx, boolean delete) {
            return new Write(table, key, item, tx, delete, read(table, key));
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            List<Write> writes = attributes.getAttribute(WRITES);
            if (writes == null) {
                return;
            }
            for (Write w : writes) {
                Map<String, AttributeValue> after = w.delete() ? null : w.item() != null ? w.item() : read(w.table(), w.key());
                charge(w.table(), w.before(), after, w.transactional());
                if (w.table().startsWith("ImportsTable") && w.key().containsKey("item")) {
                    // Which of an import's items the units went to: import, batch, touched, created, chunk, …
                    String item = w.key().get("item").s();
                    String kind = item.contains("#") ? item.substring(0, item.indexOf('#')) : item;
                    long larger = Math.max(w.before() == null ? 0 : size(w.before()), after == null ? 0 : size(after));
                    byImportItem.merge(kind, kb(larger) * (w.transactional() ? 2 : 1), Double::sum);
                }
            }
        }

        private void charge(String table, Map<String, AttributeValue> before, Map<String, AttributeValue> after, boolean tx) {
            long larger = Math.max(before == null ? 0 : size(before), after == null ? 0 : size(after));
            double u = kb(larger) * (tx ? 2 : 1);
            TableDescription d = table(table);
            if (d.hasGlobalSecondaryIndexes()) {
                for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
                    Map<String, AttributeValue> old = projected(d, g, before);
                    Map<String, AttributeValue> now = projected(d, g, after);
                    if (old != null && now != null && indexKey(g, old).equals(indexKey(g, now))) {
                        u += old.equals(now) ? 0 : kb(size(now));
                    } else {
                        u += (old == null ? 0 : kb(size(old))) + (now == null ? 0 : kb(size(now)));
                    }
                }
            }
            units.merge(table, u, Double::sum);
        }

        private static Map<String, AttributeValue> indexKey(GlobalSecondaryIndexDescription g, Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new TreeMap<>();
            g.keySchema().forEach(k -> key.put(k.attributeName(), item.get(k.attributeName())));
            return key;
        }

        /** The item as the index stores it, or null when the item is not in the index (sparse). */
        private static Map<String, AttributeValue> projected(TableDescription d, GlobalSecondaryIndexDescription g, Map<String, AttributeValue> item) {
            if (item == null || g.keySchema().stream().anyMatch(k -> !item.containsKey(k.attributeName()))) {
                return null;
            }
            Map<String, AttributeValue> out = new TreeMap<>();
            d.keySchema().forEach(k -> out.put(k.attributeName(), item.get(k.attributeName())));
            g.keySchema().forEach(k -> out.put(k.attributeName(), item.get(k.attributeName())));
            switch (g.projection().projectionType()) {
                case ALL -> out.putAll(item);
                case INCLUDE -> g.projection().nonKeyAttributes().forEach(a -> {
                    if (item.containsKey(a)) {
                        out.put(a, item.get(a));
                    }
                });
                default -> {
                }
            }
            return out;
        }

        private static double kb(long bytes) {
            return Math.max(1, Math.ceil(bytes / 1024.0));
        }

        /** DynamoDB's item size: attribute names plus values (strings and binaries by bytes, numbers about 1 byte per 2 digits, 3 bytes of overhead per list or map). */
        static long size(Map<String, AttributeValue> item) {
            long n = 0;
            for (var e : item.entrySet()) {
                n += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
            }
            return n;
        }

        private static long size(AttributeValue v) {
            if (v.s() != null) {
                return v.s().getBytes(StandardCharsets.UTF_8).length;
            }
            if (v.n() != null) {
                return v.n().length() / 2 + 1;
            }
            if (v.b() != null) {
                return v.b().asByteArray().length;
            }
            if (v.hasM()) {
                return 3 + size(v.m());
            }
            if (v.hasL()) {
                return 3 + v.l().stream().mapToLong(WriteUnitsBenchmark.Estimator::size).sum() + v.l().size();
            }
            if (v.hasSs()) {
                return v.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
            }
            if (v.hasNs()) {
                return v.ns().stream().mapToLong(s -> s.length() / 2 + 1).sum();
            }
            return 1;
        }

        Map<String, Double> snapshot() {
            return new TreeMap<>(units);
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        List<String> lines = Files.readAllLines(root.resolve("../shared/data/customers-10000.csv").normalize(), StandardCharsets.UTF_8);
        String text = String.join("\r\n", lines.subList(0, Math.min(lines.size(), rows + 1))) + "\r\n";
        byte[] original = text.getBytes(StandardCharsets.UTF_8);
        byte[] changed = text.replaceAll("(?m)@([A-Za-z0-9.-]+),", "@changed-$1,").getBytes(StandardCharsets.UTF_8);
        byte[] renamed = companiesRenamed(text);

        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"), Files.createTempDirectory("custcode-wu-")));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
        DynamoDbClient raw = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds).build();
        Estimator estimator = new Estimator(raw);
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds)
                .overrideConfiguration(o -> o.addExecutionInterceptor(estimator)).build();
        S3Client s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds).build();
        try {
            Services services = new Services(new dev.custcode.aws.FunctionEnvironment(runtime.bucket(), "CustomersTable", "CountersTable",
                    "ImportsTable", "HistoryTable", "FoldersTable", true), s3, dynamo, Clock.systemUTC());
            System.out.printf("write units per row (estimated by DynamoDB's rules; %d rows of customers-10000.csv)%n", rows);
            run("new customers", services, s3, runtime, estimator, "bench/new.csv", original);
            run("the same file again (unchanged)", services, s3, runtime, estimator, "bench/again.csv", original);
            run("the company changed in every row (updated)", services, s3, runtime, estimator, "bench/renamed.csv", renamed);
            run("a new email in every row (updated, new key)", services, s3, runtime, estimator, "bench/changed.csv", changed);
        } finally {
            runtime.close();
        }
        System.exit(0);
    }

    /** The file with " Ltd" after every company name: one field changed, no key. */
    private static byte[] companiesRenamed(String text) throws java.io.IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(text);
             var writer = de.siegmar.fastcsv.writer.CsvWriter.builder().build(out)) {
            int company = -1;
            for (var record : reader) {
                List<String> fields = new ArrayList<>(record.getFields());
                if (company < 0) {
                    company = fields.indexOf("Company");
                } else {
                    fields.set(company, fields.get(company) + " Ltd");
                }
                writer.writeRecord(fields);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void run(String what, Services services, S3Client s3, LocalRuntime runtime, Estimator estimator, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(runtime.bucket()).key(key), RequestBody.fromBytes(bytes));
        String eTag = s3.headObject(b -> b.bucket(runtime.bucket()).key(key)).eTag();
        Map<String, Double> before = estimator.snapshot();
        Map<String, Double> importItemsBefore = new TreeMap<>(estimator.byImportItem);
        ImportReport report = services.ingest(IngestSettings.DEFAULT).ingest(new IncomingObject(runtime.bucket(), key, null, eTag, bytes.length));
        Map<String, Double> after = estimator.snapshot();
        long rows = report.counts().rows();
        StringBuilder byTable = new StringBuilder();
        double total = 0;
        for (var e : after.entrySet()) {
            double u = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / rows;
            if (u > 0) {
                total += u;
                byTable.append(String.format("  %s %.2f", e.getKey(), u));
            }
        }
        StringBuilder byItem = new StringBuilder();
        new TreeMap<>(estimator.byImportItem).forEach((kind, u) -> {
            double perRow = (u - importItemsBefore.getOrDefault(kind, 0.0)) / rows;
            if (perRow > 0) {
                byItem.append(String.format("  %s %.4f", kind, perRow));
            }
        });
        System.out.printf("%-44s %.2f WU/row (%.4f):%s   (%s)%n%44s   ImportsTable by item:%s%n", what, total, total, byTable, report.message(), "", byItem);
    }
}
