package dev.custcode.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Export of large folders in bounded memory: N customers written straight into L leaves under
 * {@code europe/} (one by default), then the real ExportFunction (its shaded jar, in its own JVM)
 * run with a small heap.
 *
 * <pre>
 * mvn -q -DskipTests install && CUSTCODE_POLICY=report mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.ExportBenchmark -Dexec.args="100000 64"
 * </pre>
 * ({@code CUSTCODE_POLICY=report}: the manifest lies outside {@code manifests/}, so that only this
 * benchmark's invocation exports it, and the function's policy would refuse to read it there.)
 * (arguments: customers, heap limit in MB, leaves 1–15)
 */
public final class ExportBenchmark {
    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int heapMb = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int leafCount = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        String folder = "europe";
        List<String> leaves = new ArrayList<>();
        for (String type : List.of("enterprise", "personal", "government", "partner", "unknown")) {
            for (String tier : List.of("tier-c", "tier-b", "tier-a")) {
                leaves.add("europe/" + type + "/" + tier);
            }
        }
        leaves = leaves.subList(0, leafCount);
        try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"),
                Files.createTempDirectory("custcode-export-bench-")));
             DynamoDbClient dynamo = LocalRuntime.localDynamoClient(stack.dynamoEndpoint())) {
            long t0 = System.nanoTime();
            List<String> all = leaves;
            BenchItems.batchWrite(dynamo, "CustomersTable", n, i -> all.get(i % all.size()));
            System.out.printf("loaded %d customers into %d leaves in %.0f s%n", n, leaves.size(), (System.nanoTime() - t0) / 1e9);
            for (String leaf : leaves) {
                dynamo.putItem(b -> b.tableName("FoldersTable").item(Map.of("folder", AttributeValue.fromS(leaf),
                        "lastChange", AttributeValue.fromS(Instant.now().toString()),
                        "importIds", AttributeValue.fromL(List.of(AttributeValue.fromS("bench"))))));
            }

            FunctionDefinition export = stack.definition("ExportFunction");
            FunctionDefinition small = export.withMemoryMb(heapMb);
            String manifest = "{\"cause\":\"bench\",\"at\":\"" + Instant.now() + "\",\"folders\":[\"" + String.join("\",\"", leaves) + "\"]}";
            try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(stack.s3Endpoint())
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("b", "b"))).build();
                 FunctionProcess process = FunctionProcess.start(small, LocalRuntime.environment(small, stack.config()), 1)) {
                // Not under manifests/: only this benchmark's own invocation exports it.
                s3.putObject(b -> b.bucket(stack.bucket()).key("bench/manifest.json"), software.amazon.awssdk.core.sync.RequestBody.fromString(manifest));
                String event = S3Notifications.event(new S3Notifications.CreatedObject(stack.bucket(), "bench/manifest.json",
                        manifest.length(), "x", null, "ObjectCreated:Put"), "bench", LocalRuntime.REGION);
                long t1 = System.nanoTime();
                FunctionProcess.Invocation result = process.invoke(event);
                double seconds = (System.nanoTime() - t1) / 1e9;
                long bytes = s3.headObject(b -> b.bucket(stack.bucket()).key("groups/" + folder + "/_export.csv")).contentLength();
                System.out.printf("export of %d customers (3 folder levels, %.1f MB per _export.csv) with -Xmx%dm: %s in %.1f s (%.0f rows/s), max heap used %d MB%n",
                        n, bytes / 1e6, heapMb, result.ok() ? "ok" : "FAILED " + result.body(), seconds, n / seconds, result.maxHeapMb());
            }
        } finally {
            System.exit(0);
        }
    }

}
