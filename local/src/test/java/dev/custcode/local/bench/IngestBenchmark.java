package dev.custcode.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.ingest.ImportId;
import dev.custcode.local.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Ingest throughput as a ratio to the raw write rate of the same stack, measured in one run
 * (these machines are shared and noisy, so absolute figures move between runs; ratios less so).
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.bench.IngestBenchmark [-Dexec.args="/path/to/file.csv"]
 * </pre>
 *
 * <p>Raw rate: BatchWriteItem of 25 customer-sized items, 8 threads, into a table with the
 * customers table's keys and indexes (created from template.yaml). Ingest rate: rows of the
 * file ÷ (upload to report.json), the whole pipeline included (parse, classify, identity
 * lookups, code blocks, conditional writes, folder exports).
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        Path file = args.length > 0 ? Path.of(args[0]) : root.resolve("../shared/data/customers-10000.csv").normalize();
        long rows;
        try (var l = Files.lines(file)) {
            rows = l.count() - 1;
        }
        double raw;
        double blocks;
        double gapless;
        try (Stack a = new Stack(root)) {
            raw = rawBatchWrites(a.dynamo, 10_000);
            blocks = a.ingest(file);
        }
        try (Stack b = new Stack(root)) {
            b.useGaplessScheme();
            gapless = b.ingest(file);
        }
        System.out.printf("file: %s (%d rows)%n", file.getFileName(), rows);
        System.out.printf("raw BatchWriteItem:                 %8.0f items/s%n", raw);
        System.out.printf("ingest, default (blocks):           %8.0f rows/s   ratio to raw %.2f%n", blocks, blocks / raw);
        System.out.printf("ingest, gapless (transactional):    %8.0f rows/s   ratio to raw %.2f%n", gapless, gapless / raw);
        System.out.printf("gapless / default:                  %8.2f%n", gapless / blocks);
        System.exit(0);
    }

    /** A fresh local stack with clients. */
    private static final class Stack implements AutoCloseable {
        final LocalRuntime runtime;
        final DynamoDbClient dynamo;
        final S3Client s3;

        Stack(Path root) throws Exception {
            runtime = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"), Files.createTempDirectory("custcode-bench-")));
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
            dynamo = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds).build();
            s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds).build();
        }

        void useGaplessScheme() {
            String json = new String(dev.custcode.scheme.SchemeLoader.defaultSchemeJson(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceFirst("\\{", "{\n  \"gapless\": true,");
            s3.putObject(b -> b.bucket(runtime.bucket()).key("config/scheme.json"), RequestBody.fromString(json));
            while (true) {
                try {
                    s3.headObject(b -> b.bucket(runtime.bucket()).key("config/active-scheme.json"));
                    return;
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
            }
        }

        /** Uploads the file and returns rows per second from upload to report. */
        double ingest(Path file) throws Exception {
            long t0 = System.nanoTime();
            s3.putObject(b -> b.bucket(runtime.bucket()).key("incoming/bench.csv"), RequestBody.fromFile(file));
            String eTag = s3.headObject(b -> b.bucket(runtime.bucket()).key("incoming/bench.csv")).eTag();
            String key = "imports/" + ImportId.of(runtime.bucket(), "incoming/bench.csv", null, eTag) + "/report.json";
            JsonNode report = null;
            while (report == null) {
                try {
                    report = new ObjectMapper().readTree(s3.getObjectAsBytes(b -> b.bucket(runtime.bucket()).key(key)).asByteArray());
                } catch (NoSuchKeyException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
            }
            return report.at("/counts/rows").asLong() / ((System.nanoTime() - t0) / 1e9);
        }

        @Override
        public void close() {
            runtime.close();
            dynamo.close();
            s3.close();
        }
    }

    private static double rawBatchWrites(DynamoDbClient dynamo, int n) throws Exception {
        CreateTableRequest customers = dev.custcode.local.TemplateTables.customersTableNamed("BenchRaw");
        dynamo.createTable(customers);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < n; start += 25) {
            int s = start;
            futures.add(pool.submit(() -> {
                List<WriteRequest> writes = new ArrayList<>();
                for (int i = s; i < s + 25; i++) {
                    writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
                }
                var pending = writes;
                while (!pending.isEmpty()) {
                    var request = pending;
                    pending = dynamo.batchWriteItem(b -> b.requestItems(Map.of("BenchRaw", request))).unprocessedItems()
                            .getOrDefault("BenchRaw", List.of());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** An item shaped like a stored customer from the sample file. */
    private static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> attrs = new HashMap<>();
        attrs.put("sourceId", AttributeValue.fromS("EB54EF1154C" + i));
        attrs.put("name", AttributeValue.fromS("Heather Callahan"));
        attrs.put("company", AttributeValue.fromS("Mosley-David"));
        attrs.put("city", AttributeValue.fromS("Lake Jeffborough"));
        attrs.put("country", AttributeValue.fromS("Norway"));
        attrs.put("phone", AttributeValue.fromS("043-797-5229"));
        attrs.put("phone2", AttributeValue.fromS("915.112.1727"));
        attrs.put("email", AttributeValue.fromS("urangel" + i + "@espinoza-francis.net"));
        attrs.put("firstDate", AttributeValue.fromS("26-08-2020"));
        attrs.put("website", AttributeValue.fromS("http://www.escobar.org/"));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("identityKey", AttributeValue.fromS("sid:EB54EF1154C" + i));
        item.put("code", AttributeValue.fromS(String.format("UEZ%06d", i)));
        item.put("prefix", AttributeValue.fromS("UEZ"));
        item.put("seq", AttributeValue.fromN(Integer.toString(i)));
        item.put("folder", AttributeValue.fromS("europe/enterprise/tier-c"));
        item.put("dims", AttributeValue.fromM(Map.of("region", AttributeValue.fromS("europe"), "type", AttributeValue.fromS("enterprise"),
                "channel", AttributeValue.fromS("unspecified"), "tier", AttributeValue.fromS("c"), "lifecycle", AttributeValue.fromS("potential"))));
        item.put("attrs", AttributeValue.fromM(attrs));
        item.put("createdAt", AttributeValue.fromS("2026-11-23T20:00:00Z"));
        item.put("updatedAt", AttributeValue.fromS("2026-11-23T20:00:00Z"));
        item.put("firstImportId", AttributeValue.fromS("b4643d166b8285eeb4f6"));
        item.put("lastImportId", AttributeValue.fromS("b4643d166b8285eeb4f6"));
        item.put("firstLine", AttributeValue.fromN(Integer.toString(i)));
        item.put("lastLine", AttributeValue.fromN(Integer.toString(i)));
        return item;
    }
}
