package dev.custcode.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The web page at growing populations, in headless Chromium on the local stack: for each size,
 * customers 0..N-1 are written straight into 15 leaves under {@code europe/}, the real
 * ExportFunction rebuilds those folders and {@code groups/_index.json}, and then the page is
 * loaded R times in a fresh tab: time to the load event, and to the tree shown with its counts
 * (the page's {@code custcode:tree} mark), then a folder with 200,000+ members opened to its first
 * page of members ({@code custcode:members}, from the click). Prints medians per size and the
 * ratio of the largest size to the smallest, all from one run.
 *
 * <pre>
 * mvn -q -DskipTests install && CUSTCODE_POLICY=report mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.PageLoadBenchmark -Dexec.args="10000 1000000"
 * </pre>
 * ({@code CUSTCODE_POLICY=report}: the benchmark's manifest lies outside {@code manifests/}, as in ExportBenchmark.)
 */
public final class PageLoadBenchmark {
    private static final int RUNS = 7;

    private PageLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length > 0 ? args : new String[] {"10000", "1000000"}) {
            sizes.add(Integer.parseInt(a));
        }
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        List<String> leaves = new ArrayList<>();
        for (String type : List.of("enterprise", "personal", "government", "partner", "unknown")) {
            for (String tier : List.of("tier-c", "tier-b", "tier-a")) {
                leaves.add("europe/" + type + "/" + tier);
            }
        }
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        List<double[]> results = new ArrayList<>();
        WebDriver browser = null;
        try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"),
                Files.createTempDirectory(base, "custcode-page-bench-")));
             DynamoDbClient dynamo = LocalRuntime.localDynamoClient(stack.dynamoEndpoint());
             S3Client s3 = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"))).build()) {
            browser = Chromium.start();
            FunctionDefinition export = stack.definition("ExportFunction");
            for (int n : sizes) {
                long t0 = System.nanoTime();
                double rate = BenchItems.batchWrite(dynamo, "CustomersTable", n, i -> leaves.get(i % leaves.size()));
                for (String leaf : leaves) {
                    dynamo.putItem(b -> b.tableName("FoldersTable").item(Map.of("folder", AttributeValue.fromS(leaf),
                            "lastChange", AttributeValue.fromS(Instant.now().toString()),
                            "importIds", AttributeValue.fromL(List.of(AttributeValue.fromS("bench"))))));
                }
                String manifest = "{\"cause\":\"bench\",\"at\":\"" + Instant.now() + "\",\"folders\":[\"" + String.join("\",\"", leaves) + "\"]}";
                s3.putObject(b -> b.bucket(stack.bucket()).key("bench/manifest-" + n + ".json"), RequestBody.fromString(manifest));
                long t1 = System.nanoTime();
                try (FunctionProcess process = FunctionProcess.start(export, LocalRuntime.environment(export, stack.config()), 1)) {
                    FunctionProcess.Invocation result = process.invoke(S3Notifications.event(new S3Notifications.CreatedObject(stack.bucket(),
                            "bench/manifest-" + n + ".json", manifest.length(), "x", null, "ObjectCreated:Put"), "bench", LocalRuntime.REGION));
                    if (!result.ok()) {
                        throw new IllegalStateException("export failed: " + result.body());
                    }
                }
                String total = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("groups/_index.json")).asByteArray())
                        .get("total").asText();
                System.out.printf("%,d customers: written in %.0f s (%.0f items/s), exported in %.0f s; _index.json total %s%n",
                        n, (t1 - t0) / 1e9, rate, (System.nanoTime() - t1) / 1e9, total);
                results.add(measure(browser, stack.apiEndpoint().resolve("/").toString(), total));
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                for (String path : List.of("/groups", "/groups/europe", "/groups/europe/customers?limit=20", "/groups/europe/enterprise/tier-a/customers?limit=20")) {
                    List<Double> times = new ArrayList<>();
                    for (int r = 0; r < RUNS; r++) {
                        long s0 = System.nanoTime();
                        http.send(java.net.http.HttpRequest.newBuilder(stack.apiEndpoint().resolve(path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                        times.add((System.nanoTime() - s0) / 1e6);
                    }
                    System.out.printf("  GET %s: median %.0f ms%n", path, median(times));
                }
            }
            System.out.println();
            System.out.println("| customers | load event (ms) | tree shown (ms) | folder's first members page (ms) |");
            System.out.println("|---|---|---|---|");
            for (int i = 0; i < sizes.size(); i++) {
                double[] r = results.get(i);
                System.out.printf("| %,d | %.0f | %.0f | %.0f |%n", sizes.get(i), r[0], r[1], r[2]);
            }
            double[] first = results.get(0);
            double[] last = results.get(results.size() - 1);
            System.out.printf("ratio %,d / %,d customers: load %.2f, tree %.2f, members %.2f (medians of %d runs each)%n",
                    sizes.get(sizes.size() - 1), sizes.get(0), last[0] / first[0], last[1] / first[1], last[2] / first[2], RUNS);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            System.exit(0);
        }
    }

    /** Medians of: load event, tree shown, first members page of europe after its click (ms). */
    private static double[] measure(WebDriver browser, String page, String total) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<Double> load = new ArrayList<>();
        List<Double> tree = new ArrayList<>();
        List<Double> members = new ArrayList<>();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        for (int run = 0; run < RUNS; run++) {
            browser.get("about:blank");
            browser.get(page);
            wait.until(d -> js.executeScript("return performance.getEntriesByName('custcode:tree').length") instanceof Number c && c.intValue() > 0);
            String shown = browser.findElement(By.id("tree-total")).getAttribute("data-total");
            if (!total.equals(shown)) {
                throw new IllegalStateException("the tree shows " + shown + " customers, _index.json " + total);
            }
            tree.add(((Number) js.executeScript("return performance.getEntriesByName('custcode:tree')[0].startTime")).doubleValue());
            wait.until(d -> ((Number) js.executeScript("return performance.getEntriesByType('navigation')[0].loadEventEnd")).doubleValue() > 0);
            load.add(((Number) js.executeScript("return performance.getEntriesByType('navigation')[0].loadEventEnd")).doubleValue());
            double clicked = ((Number) js.executeScript(
                    "const t = performance.now(); document.querySelector(\".node[data-path='europe'] > .row\").click(); return t")).doubleValue();
            wait.until(d -> js.executeScript("return performance.getEntriesByName('custcode:members').length") instanceof Number c && c.intValue() > 0);
            if (browser.findElements(By.cssSelector("#members tbody tr")).size() != 20) {
                throw new IllegalStateException("the first page of europe does not hold 20 members");
            }
            members.add(((Number) js.executeScript("return performance.getEntriesByName('custcode:members')[0].startTime")).doubleValue() - clicked);
        }
        return new double[] {median(load), median(tree), median(members)};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
