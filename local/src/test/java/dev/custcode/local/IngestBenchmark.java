package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.ingest.ImportId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Ingest of a large file through the template's functions (upload to report, then to the export's
 * report), with 1 and with 2 chunks imported at a time, as a ratio to the fastest raw write path of
 * the same DynamoDB Local measured in the same run; and the peak heap and longest invocation of
 * every function, from the functions' REPORT lines.
 *
 * <pre>
 * mvn -q -DskipTests install
 * MAVEN_OPTS=-Djava.io.tmpdir=/dev/shm mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.IngestBenchmark -Dexec.args="100000 1 2"   # rows, chunks at a time …
 * </pre>
 *
 * <p>The file: {@link LargeFiles} (about 220 bytes a row, every row a new customer with three
 * identity keys). The stack: the template's defaults (chunks of {@code ChunkRows} rows, the
 * functions' own timeouts, enforced) except {@code ChunkConcurrency}. AWS accepts a
 * {@code MaximumConcurrency} of 2 at least, so the run with 1 reads a copy of the template whose
 * {@code ChunkConcurrency} may be 1 (deleted after the run).
 *
 * <p>Raw paths, 10,000 customer-sized items each into a table with the customers table's keys and
 * indexes, 8 threads: BatchWriteItem of 25, TransactWriteItems of 100, conditional PutItem. The
 * ratio is to the fastest. With {@code java.io.tmpdir} on tmpfs DynamoDB Local keeps its database
 * in memory-backed files (it syncs its file once per request, which on a disk dominates its time).
 */
public final class IngestBenchmark {
    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: \\S+ Duration: (\\d+) ms .*Max Heap Used: (\\d+) MB");

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Integer> concurrencies = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            concurrencies.add(Integer.parseInt(args[i]));
        }
        if (concurrencies.isEmpty()) {
            concurrencies = List.of(1, 2);
        }
        Path dir = Files.createTempDirectory("custcode-ingest-bench-");
        long g0 = System.nanoTime();
        Path file = LargeFiles.write(dir.resolve("large.csv"), rows);
        System.out.printf("file: %,d rows, %,d bytes, written in %.0f s; databases under %s%n", rows, Files.size(file),
                (System.nanoTime() - g0) / 1e9, dir);
        try {
            Map<String, Double> raw = new TreeMap<>();
            try (Stack s = new Stack(root.resolve("template.yaml"), dir.resolve("raw"), 2)) {
                for (String t : List.of("RawBatch", "RawTransact", "RawPut")) {
                    s.dynamo.createTable(TemplateTables.customersTableNamed(t));
                }
                raw.put("BatchWriteItem of 25", BenchItems.batchWrite(s.dynamo, "RawBatch", 10_000, "europe/enterprise/tier-c"));
                raw.put("TransactWriteItems of 100", BenchItems.transactWrite(s.dynamo, "RawTransact", 10_000, "europe/enterprise/tier-c"));
                raw.put("conditional PutItem", BenchItems.conditionalPuts(s.dynamo, "RawPut", 10_000, "europe/enterprise/tier-c"));
            }
            raw.forEach((path, rate) -> System.out.printf("raw %-28s %8.0f items/s%n", path, rate));
            double fastest = raw.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            for (int c : concurrencies) {
                Path template = c >= 2 ? root.resolve("template.yaml") : oneAtATime(root);
                try (Stack s = new Stack(template, dir.resolve("c" + c), c)) {
                    Run run = s.ingest(file);
                    System.out.printf("%d chunk(s) at a time: import %s in %.0f s, %.0f rows/s, ratio to the fastest raw path %.2f; "
                                    + "export done %.0f s later%n", c, run.status, run.importSeconds, rows / run.importSeconds,
                            rows / run.importSeconds / fastest, run.exportSeconds);
                    s.reports().forEach((f, r) -> System.out.printf("    %-28s %4d invocations, longest %6.1f s, peak heap %5d MB%n",
                            f, r.invocations, r.longestMs / 1e3, r.peakHeapMb));
                } finally {
                    if (c < 2) {
                        Files.deleteIfExists(template);
                    }
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.exit(0);
        }
    }

    /** A copy of the template beside it (its CodeUris are relative) whose ChunkConcurrency may be 1. */
    private static Path oneAtATime(Path root) throws IOException {
        String text = Files.readString(root.resolve("template.yaml"));
        int at = text.indexOf("  ChunkConcurrency:");
        int min = text.indexOf("MinValue: 2", at);
        if (at < 0 || min < 0) {
            throw new IllegalStateException("template.yaml: ChunkConcurrency's MinValue: 2 not found");
        }
        Path copy = root.resolve(".template-benchmark-1.yaml");
        Files.writeString(copy, text.substring(0, min) + "MinValue: 1" + text.substring(min + "MinValue: 2".length()));
        return copy;
    }

    record Run(String status, double importSeconds, double exportSeconds) {
    }

    record Reports(long invocations, long longestMs, long peakHeapMb) {
    }

    /** A fresh local stack with clients. */
    private static final class Stack implements AutoCloseable {
        final LocalRuntime runtime;
        final DynamoDbClient dynamo;
        final S3Client s3;
        final Path dataDir;

        Stack(Path template, Path dataDir, int concurrency) throws Exception {
            this.dataDir = dataDir;
            runtime = LocalRuntime.start(LocalRuntime.Config.onFreePorts(template, dataDir)
                    .withParameter("ChunkConcurrency", Integer.toString(concurrency)));
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
            dynamo = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds).build();
            s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds).build();
        }

        /** Uploads the file; seconds from the upload to the import's report, then to its export's report. */
        Run ingest(Path file) throws Exception {
            long t0 = System.nanoTime();
            s3.putObject(b -> b.bucket(runtime.bucket()).key("incoming/bench.csv"), RequestBody.fromFile(file));
            String eTag = s3.headObject(b -> b.bucket(runtime.bucket()).key("incoming/bench.csv")).eTag();
            JsonNode report = awaitJson("imports/" + ImportId.of(runtime.bucket(), "incoming/bench.csv", null, eTag) + "/report.json");
            double imported = (System.nanoTime() - t0) / 1e9;
            awaitJson(report.get("exportReport").asText());
            double exported = (System.nanoTime() - t0) / 1e9 - imported;
            while (runtime.pendingInvocations() > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000); // the last REPORT lines follow the reports
            }
            return new Run(report.get("status").asText(), imported, exported);
        }

        private JsonNode awaitJson(String key) throws IOException {
            while (true) {
                try {
                    return new ObjectMapper().readTree(s3.getObjectAsBytes(b -> b.bucket(runtime.bucket()).key(key)).asByteArray());
                } catch (NoSuchKeyException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000); // a benchmark polling, not a test's synchronisation
                }
            }
        }

        /** Each function's invocations, longest duration and peak heap, from its REPORT lines. */
        Map<String, Reports> reports() throws IOException {
            Map<String, Reports> out = new TreeMap<>();
            try (var logs = Files.list(dataDir.resolve("logs"))) {
                for (Path log : logs.toList()) {
                    long n = 0;
                    long longest = 0;
                    long heap = 0;
                    for (String line : Files.readAllLines(log)) {
                        Matcher m = REPORT.matcher(line);
                        if (m.find()) {
                            n++;
                            longest = Math.max(longest, Long.parseLong(m.group(1)));
                            heap = Math.max(heap, Long.parseLong(m.group(2)));
                        }
                    }
                    if (n > 0) {
                        out.put(log.getFileName().toString().replace(".log", ""), new Reports(n, longest, heap));
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            runtime.close();
            dynamo.close();
            s3.close();
        }
    }
}
