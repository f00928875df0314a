package dev.custcode.local;

import dev.custcode.aws.Services;
import dev.custcode.customer.Customer;
import dev.custcode.aws.dynamodb.DynamoCustomerStore;
import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.RunRequest;
import dev.custcode.identity.DuplicateRules;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the duplicate search costs an import, on one stack, in one run: N stored customers
 * (Chinese company names in ten cities, landlines with their area codes, a tenth with a company
 * email domain) written straight into the customers table with their duplicate-search blocks,
 * then four files of R new rows each (a tenth of them another system's spelling of a stored
 * customer), imported in process with the search on, off, off, on (so that drift over the run
 * weighs on both alike); rows/s of each, the ratio on/off, and the DynamoDB requests per row by
 * operation. Then the time of a preview run (a draft scheme, dry run) over the population.
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.DuplicateSearchBenchmark -Dexec.args="50000 2500"   # stored, rows per file
 * </pre>
 *
 * <p>Options after the two numbers: {@code nopreview} skips the preview; {@code spread} spreads the names' starts evenly over the cities: in order, the
 * 7,225 starts meet 2 cities each, so at 1,000,000 stored every start-and-area-code block holds 69
 * customers, more than {@link dev.custcode.store.CustomerStore#BLOCK_CAP}: too common to search
 * or write; spread, such a block holds 14 on average (29 at most) and is searched. The files are imported into a
 * bucket of the benchmark's own, which no trigger of the stack watches.
 */
public final class DuplicateSearchBenchmark {
    private static final String[] CITIES = {"杭州:浙江:0571", "宁波:浙江:0574", "南京:江苏:025", "苏州:江苏:0512", "成都:四川:028",
            "武汉:湖北:027", "西安:陕西:029", "广州:广东:020", "深圳:广东:0755", "沈阳:辽宁:024"};
    private static final String[] TRADES = {"贸易", "科技", "食品", "物流", "建材", "电子", "服饰", "医药"};
    private static final String POOL = "青木林森华远恒达信诚金鑫瑞祥泰和安康宏伟鸿运盛世天地中兴海洋星辰明月光辉春秋东西南北江河湖山川云雨风雷龙凤"
            + "松柏梅兰竹菊玉石宝珠锦绣文武德仁义礼智勇博雅新旺昌荣富贵吉利佳美";

    /** Whether names start evenly over the cities (the third argument {@code spread}). */
    private static boolean spread;

    private DuplicateSearchBenchmark() {
    }

    /** Company i: a distinct three-character core (i in base POOL), its city, trade and number. */
    record Company(String name, String city, String province, String area, String phone, String email) {
        static Company of(int i, int phoneBase) {
            int n = POOL.length();
            // Spread: the three characters by a bijection of i modulo n³ (7,919 shares no factor with 85³).
            int k = spread ? (int) ((long) i * 7_919 % ((long) n * n * n)) : i;
            String core = "" + POOL.charAt(k % n) + POOL.charAt((k / n) % n) + POOL.charAt((k / n / n) % n);
            // Spread, the city by a hash of i too: by i * 7 it is a function of i modulo 10, so a name start (a function of
            // i modulo 85²) would meet only 2 of the 10 cities, and at 1,000,000 every start-and-area block would hold 69.
            int city = spread ? Math.floorMod(Long.hashCode(i * 0x9E3779B97F4A7C15L), CITIES.length) : Math.floorMod(i * 7, CITIES.length);
            String[] c = CITIES[city].split(":");
            String trade = TRADES[Math.floorMod(i * 3, TRADES.length)];
            String email = i % 10 == 0 ? "info@co" + i + ".example" : "";
            return new Company(c[0] + core + trade + "有限公司", c[0], c[1], c[2], c[2] + "-" + (phoneBase + i), email);
        }
    }

    public static void main(String[] args) throws Exception {
        int stored = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2_500;
        List<String> options = List.of(args).subList(Math.min(2, args.length), args.length);
        spread = options.contains("spread");
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"),
                Files.createTempDirectory("custcode-duplicates-bench-")))) {
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
            DynamoDbClient raw = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds).build();
            dev.custcode.local.RequestCounter counting = new dev.custcode.local.RequestCounter();
            DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds)
                    .overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build();
            S3Client s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds).build();

            // The population, and the blocks an import would have stored for it.
            long t0 = System.nanoTime();
            Map<String, Set<String>> blocks = new HashMap<>();
            BenchItems.batchWrite(raw, "CustomersTable", stored, i -> "east/enterprise/tier-c", (item, i) -> {
                Company c = Company.of(i, 80_000_000);
                Map<String, AttributeValue> attrs = new HashMap<>();
                attrs.put("name", AttributeValue.fromS(c.name()));
                attrs.put("city", AttributeValue.fromS(c.city()));
                attrs.put("province", AttributeValue.fromS(c.province()));
                attrs.put("phone", AttributeValue.fromS(c.phone()));
                if (!c.email().isEmpty()) {
                    attrs.put("email", AttributeValue.fromS(c.email()));
                }
                Map<String, AttributeValue> out = new HashMap<>(item);
                out.put("attrs", AttributeValue.fromM(attrs));
                out.put("keys", AttributeValue.fromL(List.of()));
                Map<String, String> values = new HashMap<>();
                attrs.forEach((k, v) -> values.put(k, v.s()));
                // The blocks an import would have stored for it (at most BLOCK_CAP members each, signed as an import signs them).
                Customer customer = Customer.builder().code(item.get("code").s()).attributes(values).build();
                synchronized (blocks) {
                    for (String b : DuplicateRules.blocks(customer)) {
                        Set<String> members = blocks.computeIfAbsent(b, x -> new java.util.TreeSet<>());
                        if (members.size() < dev.custcode.store.CustomerStore.BLOCK_CAP) {
                            members.add(DuplicateRules.member(customer));
                        }
                    }
                }
                return out;
            });
            new DynamoCustomerStore(raw, "CustomersTable").storeBlocks(blocks);
            System.out.printf("stored %d customers and their %d blocks in %.0f s%n", stored, blocks.size(), (System.nanoTime() - t0) / 1e9);

            // A bucket of its own, which no trigger of the stack watches: the stack's functions would otherwise export the
            // folders each import changes (at 1,000,000 stored, for minutes) and preview the draft beside the files timed here.
            String bucket = "custcode-bench";
            s3.createBucket(b -> b.bucket(bucket));
            Services services = new Services(new dev.custcode.aws.FunctionEnvironment(bucket, "CustomersTable", "CountersTable",
                    "ImportsTable", "HistoryTable", "FoldersTable", true), s3, dynamo, Clock.systemUTC());
            Random random = new Random(20261201);
            boolean[] order = {true, false, false, true};
            double[] seconds = new double[2];
            long[] rowCount = new long[2];
            long[] pairs = new long[2];
            List<Map<String, Long>> requests = new ArrayList<>(List.of(new TreeMap<>(), new TreeMap<>()));
            for (int f = 0; f < order.length; f++) {
                StringBuilder csv = new StringBuilder("客户名称,省份,城市,电话,邮箱\r\n");
                for (int r = 0; r < rows; r++) {
                    Company c;
                    String name;
                    if (r % 10 == 0) {
                        // Another system's spelling of a stored customer, on another line of its city.
                        Company known = Company.of(random.nextInt(stored), 80_000_000);
                        name = known.name().replace("有限公司", "（有限公司）");
                        c = new Company(name, known.city(), known.province(), known.area(), known.area() + "-" + (60_000_000 + f * rows + r), "");
                    } else {
                        c = Company.of(stored + f * rows + r, 70_000_000);
                    }
                    csv.append(c.name()).append(',').append(c.province()).append(',').append(c.city()).append(',').append(c.phone())
                            .append(',').append(c.email()).append("\r\n");
                }
                byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
                String key = "bench/file-" + f + ".csv";
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
                String eTag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
                Map<String, Long> before = counting.snapshot();
                long t1 = System.nanoTime();
                ImportReport report = services.duplicateSearch(order[f]).ingest(IngestSettings.DEFAULT)
                        .ingest(new IncomingObject(bucket, key, null, eTag, bytes.length));
                double s = (System.nanoTime() - t1) / 1e9;
                int k = order[f] ? 0 : 1;
                seconds[k] += s;
                rowCount[k] += report.counts().rows();
                pairs[k] += report.counts().duplicateCandidates();
                counting.snapshot().forEach((op, n) -> requests.get(k).merge(op, n - before.getOrDefault(op, 0L), Long::sum));
                System.out.printf("file %d, search %s: %d rows, %d new, %d probable duplicates, %.1f s, %.0f rows/s%n", f,
                        order[f] ? "on " : "off", report.counts().rows(), report.counts().created(), report.counts().duplicateCandidates(), s,
                        report.counts().rows() / s);
            }
            double on = rowCount[0] / seconds[0];
            double off = rowCount[1] / seconds[1];
            System.out.printf("search on: %.0f rows/s, off: %.0f rows/s, ratio on/off %.2f; pairs found: on %d, off %d%n", on, off, on / off,
                    pairs[0], pairs[1]);
            for (int k = 0; k < 2; k++) {
                Map<String, String> perRow = new TreeMap<>();
                long n = rowCount[k];
                requests.get(k).forEach((op, c) -> perRow.put(op, String.format("%.3f", c / (double) n)));
                long all = requests.get(k).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("DynamoDB requests per row, search %s: %.3f in all %s%n", k == 0 ? "on " : "off", all / (double) n, perRow);
            }

            if (options.contains("nopreview")) {
                return;
            }
            // A preview: the default scheme with a higher A threshold, as a draft, dry run over the population.
            byte[] draft = new String(dev.custcode.scheme.SchemeLoader.defaultSchemeJson(), StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8);
            s3.putObject(b -> b.bucket(bucket).key("config/drafts/bench.json"), RequestBody.fromBytes(draft));
            long t2 = System.nanoTime();
            EvaluationReport preview = services.reevaluation().run(RunRequest.draft(Instant.now(), "config/drafts/bench.json", "1", "1").orElseThrow());
            double p = (System.nanoTime() - t2) / 1e9;
            System.out.printf("preview run over %d customers: %.1f s (%.0f customers/s), %d would move%n", preview.customers(), p,
                    preview.customers() / p, preview.changed());
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(0);
        }
    }
}
