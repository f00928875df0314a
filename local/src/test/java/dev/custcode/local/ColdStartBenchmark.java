package dev.custcode.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold and warm starts per function, locally: a fresh JVM of the function's deployment package
 * with its template memory (process start → handler constructed → {@code READY}), its first
 * invocation, then warm invocations of the same kind. What Lambda adds (sandbox, download of
 * the package) is not here. Each function is measured twice: as it starts without SnapStart, and
 * with {@code CUSTCODE_PRIME_AT_INIT=true}, which runs at init what SnapStart's beforeCheckpoint
 * hook runs before the snapshot: with SnapStart, the init column is paid once per published
 * version and the first invocation after a restore is the primed one.
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.ColdStartBenchmark [-Dexec.args="WARM_INVOCATIONS"]
 * </pre>
 */
public final class ColdStartBenchmark {
    private ColdStartBenchmark() {
    }

    /** A function and the i-th event to give it (0 is the cold one). */
    private record Case(String function, String what, IntFunction<String> event) {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path sample = root.resolve("events/customers-sample.csv");
        try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"),
                Files.createTempDirectory(base, "custcode-coldstart-bench-")))) {
            S3Client s3 = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"))).build();
            // Objects the ingest cases import: under incoming/ (its policy) with a suffix the stack's own trigger ignores.
            List<String> eTags = new ArrayList<>();
            // Each function runs twice (without and with priming at init): events 0..warm, then warm+1..2*warm+1.
            for (int i = 0; i <= 2 * warm + 1; i++) {
                int n = i;
                eTags.add(s3.putObject(b -> b.bucket(stack.bucket()).key("incoming/bench/cold-" + n + ".txt"),
                        RequestBody.fromString(Files.readString(sample).replace("C00", "B" + n + "-"))).eTag());
            }
            String bucket = stack.bucket();
            List<Case> cases = List.of(
                    new Case("ApiFunction", "GET /groups", i -> "{\"version\":\"2.0\",\"routeKey\":\"GET /groups\",\"rawPath\":\"/groups\","
                            + "\"rawQueryString\":\"\",\"headers\":{},\"requestContext\":{\"accountId\":\"000000000000\",\"apiId\":\"local\","
                            + "\"http\":{\"method\":\"GET\",\"path\":\"/groups\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\"},"
                            + "\"requestId\":\"cold-" + i + "\",\"routeKey\":\"GET /groups\",\"stage\":\"$default\",\"timeEpoch\":0},\"isBase64Encoded\":false}"),
                    new Case("IngestFunction", "a 12-row file", i -> "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
                            + "\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-11-30T00:00:0" + (i % 10) + ".000Z\",\"eventName\":\"ObjectCreated:Put\","
                            + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\",\"arn\":\"arn:aws:s3:::" + bucket + "\"},"
                            + "\"object\":{\"key\":\"incoming/bench/cold-" + i + ".txt\",\"size\":1000,\"eTag\":\"" + eTags.get(i).replace("\"", "") + "\""
                            + ",\"sequencer\":\"00" + (1000 + i) + "\"}}}]}"),
                    new Case("SweepFunction", "a sweep", i -> scheduled("2026-11-30", i)),
                    new Case("ScheduledReevaluationFunction", "a day's run", i -> scheduled(LocalDate.parse("2026-12-01").plusDays(i).toString(), i)));

            List<String> lines = new ArrayList<>();
            for (Case c : cases) {
                for (boolean primed : new boolean[]{false, true}) {
                    int offset = primed ? warm + 1 : 0;
                    FunctionDefinition definition = stack.definition(c.function());
                    Map<String, String> env = new java.util.HashMap<>(LocalRuntime.environment(definition, stack.config()));
                    if (primed) {
                        // What SnapStart's beforeCheckpoint hook runs, run at init instead (dev.custcode.aws.Priming).
                        env.put("CUSTCODE_PRIME_AT_INIT", "true");
                    }
                    long t0 = System.nanoTime();
                    try (FunctionProcess process = FunctionProcess.start(definition, env, 1)) {
                        long t1 = System.nanoTime();
                        FunctionProcess.Invocation first = process.invoke(c.event().apply(offset));
                        long t2 = System.nanoTime();
                        if (!first.ok()) {
                            throw new IllegalStateException(c.function() + " failed: " + first.body());
                        }
                        long[] times = new long[warm];
                        for (int i = 1; i <= warm; i++) {
                            long t = System.nanoTime();
                            FunctionProcess.Invocation next = process.invoke(c.event().apply(offset + i));
                            times[i - 1] = System.nanoTime() - t;
                            if (!next.ok()) {
                                throw new IllegalStateException(c.function() + " failed: " + next.body());
                            }
                        }
                        Arrays.sort(times);
                        lines.add(String.format("| %s (%d MB) | %s | %s | %.0f | %.0f | %.0f | %.1f | %.1f |", c.function(), definition.memoryMb(),
                                c.what(), primed ? "yes" : "no", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6, times[times.length / 2] / 1e6,
                                (t2 - t1) / (double) times[times.length / 2]));
                    }
                }
            }
            System.out.println("| function | invocation | primed at init | JVM start + init, ms | first invocation, ms | cold total, ms | warm median, ms | first / warm |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            lines.forEach(System.out::println);
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(0);
        }
    }

    private static String scheduled(String day, int i) {
        return "{\"version\":\"0\",\"id\":\"cold-" + i + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"000000000000\",\"time\":\"" + day + "T00:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/bench\"],\"detail\":{}}";
    }
}
