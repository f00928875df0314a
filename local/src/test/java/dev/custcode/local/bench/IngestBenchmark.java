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
        dynamo.createTable(dev.custcode.local.TemplateTables.customersTableNamed("BenchRaw"));
        return dev.custcode.local.BenchItems.batchWrite(dynamo, "BenchRaw", n, "europe/enterprise/tier-c");
    }
}
