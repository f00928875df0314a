package dev.custcode.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the local HTTP API adds to a function's own time: a code lookup ({@code GET
 * /customers/{code}}) invoked straight on the function host (the API's own hop to the function,
 * no HTTP API in front), then through {@code http://127.0.0.1:<port>} on one kept-alive
 * connection, sequentially, then from 50 clients at once. Prints p50 / p99 of each and the
 * ratio of the API's p50 to the direct one's, all from one run.
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.ApiLatencyBenchmark [-Dexec.args="REQUESTS"]
 * </pre>
 */
public final class ApiLatencyBenchmark {
    private ApiLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path data = Files.createTempDirectory(base, "custcode-api-bench-");
        Path functionLog = data.resolve("logs").resolve("ApiFunction.log");
        try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"), data));
             DynamoDbClient dynamo = LocalRuntime.localDynamoClient(stack.dynamoEndpoint())) {
            S3Client s3 = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"))).build();
            s3.putObject(b -> b.bucket(stack.bucket()).key("incoming/sample.csv"), RequestBody.fromFile(root.resolve("events/customers-sample.csv")));
            String code = null;
            for (int i = 0; i < 600 && code == null; i++) {
                code = dynamo.scan(b -> b.tableName("CustomersTable").limit(50)).items().stream()
                        .filter(item -> item.get("pk").s().startsWith("code:")).map(item -> item.get("pk").s().substring(5))
                        .findFirst().orElse(null);
                if (code == null) {
                    Thread.sleep(100); // a benchmark waiting for its data, not a test's synchronisation
                }
            }
            if (code == null) {
                throw new IllegalStateException("the sample import filed nobody");
            }
            String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /customers/{code}\",\"rawPath\":\"/customers/" + code
                    + "\",\"rawQueryString\":\"\",\"headers\":{},\"pathParameters\":{\"code\":\"" + code + "\"},"
                    + "\"requestContext\":{\"accountId\":\"000000000000\",\"apiId\":\"local\",\"http\":{\"method\":\"GET\",\"path\":\"/customers/"
                    + code + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"bench\",\"routeKey\":\"GET /customers/{code}\","
                    + "\"stage\":\"$default\",\"timeEpoch\":0},\"isBase64Encoded\":false}";
            for (int i = 0; i < 1_000; i++) { // warm-up: JIT of both JVMs, connections
                stack.invoke("ApiFunction", event);
            }
            int logged = reports(functionLog).size();
            long[] direct = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                FunctionProcess.Invocation r = stack.invoke("ApiFunction", event);
                direct[i] = System.nanoTime() - t;
                if (!r.ok()) {
                    throw new IllegalStateException("direct invocation failed: " + r.body());
                }
            }

            long[] directOwn = since(functionLog, logged);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = stack.apiEndpoint().resolve("/customers/" + code);
            HttpRequest get = HttpRequest.newBuilder(uri).GET().build();
            for (int i = 0; i < 200; i++) {
                http.send(get, HttpResponse.BodyHandlers.ofString());
            }
            logged = reports(functionLog).size();
            long[] api = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                api[i] = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("API answered " + r.statusCode() + ": " + r.body());
                }
            }

            long[] apiOwn = since(functionLog, logged);
            int clients = 50;
            int each = Math.max(1, requests / 10);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<long[]>> futures = new ArrayList<>();
            long c0 = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    long[] times = new long[each];
                    for (int i = 0; i < each; i++) {
                        long t = System.nanoTime();
                        HttpResponse<String> r = own.send(get, HttpResponse.BodyHandlers.ofString());
                        times[i] = System.nanoTime() - t;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("API answered " + r.statusCode());
                        }
                    }
                    return times;
                }));
            }
            long[] concurrent = new long[clients * each];
            for (int c = 0; c < clients; c++) {
                System.arraycopy(futures.get(c).get(), 0, concurrent, c * each, each);
            }
            double wall = (System.nanoTime() - c0) / 1e9;
            pool.shutdown();

            System.out.printf("GET /customers/%s, %d requests each, one run:%n", code, requests);
            System.out.printf("  function host directly (the API's own hop): p50 %.2f ms, p99 %.2f ms; the function's own Duration p50 %.0f ms%n",
                    pct(direct, 50), pct(direct, 99), pct(directOwn, 50));
            System.out.printf("  through the local HTTP API, one kept-alive connection: p50 %.2f ms, p99 %.2f ms; the function's own Duration p50 %.0f ms%n",
                    pct(api, 50), pct(api, 99), pct(apiOwn, 50));
            System.out.printf("  through the local HTTP API, %d clients x %d: p50 %.2f ms, p99 %.2f ms, %.0f requests/s%n",
                    clients, each, pct(concurrent, 50), pct(concurrent, 99), concurrent.length / wall);
            System.out.printf("  the API adds %.2f ms at p50 (ratio API / direct %.2f)%n", pct(api, 50) - pct(direct, 50), pct(api, 50) / pct(direct, 50));
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(0);
        }
    }

    /** The REPORT lines' durations (whole ms) the function has logged. */
    private static List<Long> reports(Path log) throws java.io.IOException {
        java.util.regex.Pattern duration = java.util.regex.Pattern.compile("REPORT RequestId: \\S+ Duration: (\\d+) ms");
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher m = duration.matcher(line);
            if (m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    /** The durations logged after the first {@code from}, in nanoseconds. */
    private static long[] since(Path log, int from) throws java.io.IOException {
        List<Long> all = reports(log);
        return all.subList(from, all.size()).stream().mapToLong(ms -> ms * 1_000_000).toArray();
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
    }
}
