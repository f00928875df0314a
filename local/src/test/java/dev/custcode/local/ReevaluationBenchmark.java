package dev.custcode.local;

import dev.custcode.aws.FunctionEnvironment;
import dev.custcode.aws.Services;
import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.RunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Re-evaluation of N stored customers: written straight into the customers table, filed as the
 * default scheme files them as of 2026-12-01 (amounts, orders and last order dates spread over two
 * years, so that time moves a share of them), then three runs:
 * <ol>
 *   <li>the scheduled run as of 2026-12-01 in the real ScheduledReevaluationFunction (its shaded
 *       jar, own JVM, the template's memory): nothing to change, a scan only;</li>
 *   <li>a run as of 2027-01-05 in this JVM, every AWS request counted by operation: the customers
 *       whose last order is now a year old churn (about 5 %);</li>
 *   <li>the scheduled run as of 2027-03-01 in the function: about 8 % more churn;</li>
 *   <li>a preview of a draft that raises tier A from 100,000 to 500,000, by the stack's
 *       ReevaluateFunction (put at {@code config/drafts/raise-a.json}, timed to its report).</li>
 * </ol>
 * A second argument {@code preview} runs the preview only.
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.ReevaluationBenchmark -Dexec.args="100000"
 * </pre>
 */
public final class ReevaluationBenchmark {
    private ReevaluationBenchmark() {
    }

    private static String scheduledEvent(String day) {
        return "{\"version\":\"0\",\"id\":\"bench-" + day + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"000000000000\",\"time\":\"" + day + "T00:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/bench\"],\"detail\":{}}";
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean previewOnly = args.length > 1 && args[1].equals("preview");
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"),
                Files.createTempDirectory("custcode-reevaluation-bench-")));
             DynamoDbClient dynamo = LocalRuntime.localDynamoClient(stack.dynamoEndpoint())) {
            long t0 = System.nanoTime();
            String[] leaves = {"europe/enterprise/tier-c", "europe/enterprise/tier-b", "europe/enterprise/tier-a"};
            BenchItems.batchWrite(dynamo, "CustomersTable", n, i -> leaves[0], ReevaluationBenchmark::withOrders);
            for (String leaf : leaves) {
                dynamo.putItem(b -> b.tableName("FoldersTable").item(Map.of("folder", AttributeValue.fromS(leaf),
                        "lastChange", AttributeValue.fromS(Instant.now().toString()),
                        "importIds", AttributeValue.fromL(List.of(AttributeValue.fromS("bench"))))));
            }
            System.out.printf("loaded %d customers in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);

            FunctionDefinition scheduled = stack.definition("ScheduledReevaluationFunction");
            Map<String, String> env = LocalRuntime.environment(scheduled, stack.config());
            S3Client polling = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"))).build();
            try (FunctionProcess process = previewOnly ? null : FunctionProcess.start(scheduled, env, 1)) {
                if (!previewOnly) {
                    long t1 = System.nanoTime();
                    FunctionProcess.Invocation settle = process.invoke(scheduledEvent("2026-12-01"));
                    String settled = untilDone(polling, stack.bucket(), settle);
                    double s1 = (System.nanoTime() - t1) / 1e9;
                    System.out.printf("run 1 (function, as of 2026-12-01, nothing to change): %s in %.1f s (%.0f customers/s), max heap used %d MB of %d MB%n",
                            settled, s1, n / s1, settle.maxHeapMb(), scheduled.memoryMb());

                    dev.custcode.local.RequestCounter counting = new dev.custcode.local.RequestCounter();
                    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
                    S3Client s3 = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                            .credentialsProvider(creds).overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build();
                    DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(stack.dynamoEndpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(creds).overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build();
                    Services services = new Services(FunctionEnvironment.from(env), s3, counted, Clock.systemUTC());
                    long t2 = System.nanoTime();
                    EvaluationReport later = services.reevaluation().run(RunRequest.fromObject("request", Instant.now(), RunRequest.REQUEST_KEY,
                            "bench", "1").withAsOf(LocalDate.parse("2027-01-05")));
                    double s2 = (System.nanoTime() - t2) / 1e9;
                    Map<String, Long> byOperation = new TreeMap<>();
                    byOperation.putAll(counting.snapshot());
                    long requests = byOperation.values().stream().mapToLong(Long::longValue).sum();
                    long writes = byOperation.getOrDefault("PutItem", 0L) + byOperation.getOrDefault("BatchWriteItem", 0L);
                    System.out.printf("run 2 (in process, as of 2027-01-05): %d of %d customers changed in %.1f s (%.0f customers/s)%n",
                            later.changed(), later.customers(), s2, n / s2);
                    System.out.printf("  requests %s: %d in all, %.3f per changed customer, %.3f write requests per changed customer%n",
                            byOperation, requests, requests / (double) Math.max(1, later.changed()), writes / (double) Math.max(1, later.changed()));

                    long t3 = System.nanoTime();
                    FunctionProcess.Invocation still = process.invoke(scheduledEvent("2027-03-01"));
                    String finished = untilDone(polling, stack.bucket(), still);
                    double s3s = (System.nanoTime() - t3) / 1e9;
                    System.out.printf("run 3 (function, as of 2027-03-01): %s in %.1f s (%.0f customers/s), max heap used %d MB%n",
                            finished, s3s, n / s3s, still.maxHeapMb());
                    System.out.printf("ratios: run 2 / run 1 time %.2f; run 3 / run 1 time %.2f%n", s2 / s1, s3s / s1);
                }
            }
            String draft;
            try (var in = ReevaluationBenchmark.class.getResourceAsStream("/dev/custcode/scheme/default-scheme.json")) {
                draft = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replaceFirst("\"min\": 100000,", "\"min\": 500000,");
            }
            long t4 = System.nanoTime();
            polling.putObject(b -> b.bucket(stack.bucket()).key("config/drafts/raise-a.json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(draft));
            String previewed = previewReport(polling, stack.bucket(), "raise-a");
            System.out.printf("preview (draft raise-a: tier A from 100,000 to 500,000; the stack's ReevaluateFunction): %s in %.1f s%n",
                    previewed, (System.nanoTime() - t4) / 1e9);
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(0);
        }
    }

    /**
     * The invocation's result, or, when the run went on past the function's timeout (a
     * continuation: the stack's ReevaluateFunction takes it up), the run's report once written.
     */
    private static String untilDone(S3Client s3, String bucket, FunctionProcess.Invocation first) throws InterruptedException {
        if (!first.ok()) {
            return "FAILED " + first.body();
        }
        if (!first.body().contains("CONTINUING")) {
            return first.body();
        }
        String runId = first.body().trim().split(" ")[0];
        while (true) {
            try {
                byte[] report = s3.getObjectAsBytes(b -> b.bucket(bucket).key(EvaluationReport.reportKey(runId))).asByteArray();
                return first.body() + " → continued to the end: " + new String(report, java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll("(?s).*?\"changed\"\\s*:\\s*(\\d+).*", "changed $1");
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException notYet) {
                Thread.sleep(5_000); // a benchmark waiting for the stack, not a test's synchronisation
            }
        }
    }

    /** The status and counts of the preview of {@code draft}, once its report is written. */
    private static String previewReport(S3Client s3, String bucket, String draft) throws InterruptedException {
        java.util.regex.Pattern ofDraft = java.util.regex.Pattern.compile("\"draft\"\\s*:\\s*\"" + draft + "\"");
        while (true) {
            for (var o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("evaluations/")).contents()) {
                if (!o.key().endsWith("/report.json")) {
                    continue;
                }
                String report = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String();
                if (ofDraft.matcher(report).find()) {
                    return report.replaceAll("(?s).*?\"status\"\\s*:\\s*\"(\\w+)\".*?\"customers\"\\s*:\\s*(\\d+).*?\"changed\"\\s*:\\s*(\\d+).*?\"moved\"\\s*:\\s*(\\d+).*",
                            "$1, $2 customers, $3 changed, $4 moved");
                }
            }
            Thread.sleep(5_000); // a benchmark waiting for the stack, not a test's synchronisation
        }
    }

    private static final dev.custcode.classify.Classifier DEFAULT = new dev.custcode.classify.Classifier(dev.custcode.scheme.SchemeLoader.defaultScheme());

    /** Customer i with an amount, orders and a last order date spread over 2025-2026, filed as the default scheme files it on 2026-12-01. */
    static Map<String, AttributeValue> withOrders(Map<String, AttributeValue> item, int i) {
        Map<String, AttributeValue> attrs = new HashMap<>(item.get("attrs").m());
        attrs.put("amount", AttributeValue.fromS(Integer.toString((i * 7919) % 300_000)));
        attrs.put("orders", AttributeValue.fromS(Integer.toString(1 + i % 40)));
        attrs.put("lastOrderDate", AttributeValue.fromS(LocalDate.parse("2025-01-01").plusDays(i % 700).toString()));
        Map<String, String> values = new HashMap<>();
        attrs.forEach((k, v) -> values.put(k, v.s()));
        var c = DEFAULT.classify(values, LocalDate.parse("2026-12-01"));
        Map<String, AttributeValue> dims = new HashMap<>();
        c.valueKeys().forEach((k, v) -> dims.put(k, AttributeValue.fromS(v)));
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put("attrs", AttributeValue.fromM(attrs));
        out.put("dims", AttributeValue.fromM(dims));
        out.put("folder", AttributeValue.fromS(c.folder()));
        out.put("folderShard", AttributeValue.fromS(c.folder() + "#" + ((i + 1) % 8)));
        return out;
    }
}
