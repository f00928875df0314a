package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.aws.Services;
import dev.custcode.csv.CsvLimits;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import java.time.Clock;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One code per customer, one customer per code, every row accounted for: under duplicate and
 * concurrent deliveries, racing imports, injected throttling, lost responses and crashes.
 * Against DynamoDB Local and S3Proxy; faults are injected in the SDK's request path.
 */
class ExactlyOnceIT {
    private static final IngestSettings SMALL_BATCHES = new IngestSettings(250, Duration.ofSeconds(2), CsvLimits.DEFAULT);
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static TestStack stack;

    @BeforeAll
    static void stack() {
        stack = STACK.get();
    }

    // ---- state read back from DynamoDB ----

    /** identity → code, for the identities of one namespace. */
    static Map<String, String> codes(TestStack s, String ns) {
        Map<String, String> out = new HashMap<>();
        customers(s).forEach(i -> i.get("keys").l().forEach(k -> {
            if (k.s().startsWith("sid:" + ns + "-")) {
                out.put(k.s(), i.get("code").s());
            }
        }));
        return out;
    }

    static List<Map<String, AttributeValue>> customers(TestStack s) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        // Customer items only (under code:…), not the claims of their keys nor the duplicate-search blocks.
        s.dynamo.scanPaginator(b -> b.tableName("CustomersTable").consistentRead(true)).items().stream()
                .filter(i -> i.get("pk").s().startsWith("code:")).forEach(all::add);
        return all;
    }

    static Map<String, Long> counters(TestStack s) {
        Map<String, Long> out = new HashMap<>();
        s.dynamo.scanPaginator(b -> b.tableName("CountersTable").consistentRead(true)).items()
                .forEach(i -> out.put(i.get("prefix").s(), Long.parseLong(i.get("last").n())));
        return out;
    }

    /** Codes are unique in the whole table, and no counter is behind a number it issued. */
    static void assertCodesUniqueAndCountersAhead(TestStack s) {
        List<Map<String, AttributeValue>> all = customers(s);
        Set<String> codes = new HashSet<>();
        Map<String, Long> highest = new HashMap<>();
        for (var c : all) {
            assertThat(codes.add(c.get("code").s())).as("code %s is given once", c.get("code").s()).isTrue();
            highest.merge(c.get("prefix").s(), Long.parseLong(c.get("seq").n()), Math::max);
        }
        Map<String, Long> counters = counters(s);
        highest.forEach((prefix, max) -> assertThat(counters.get(prefix)).as("counter %s", prefix).isGreaterThanOrEqualTo(max));
    }

    /** Numbers given back by imports and waiting in the counters' free lists for the next ones. */
    static long freeNumbers(TestStack s) {
        long[] n = {0};
        s.dynamo.scanPaginator(b -> b.tableName("CountersTable").consistentRead(true)).items()
                .forEach(i -> n[0] += i.containsKey("free") ? i.get("free").ns().size() : 0);
        return n[0];
    }

    /** Numbers reserved but given to nobody, over the whole stack. */
    static long gaps(TestStack s) {
        return counters(s).values().stream().mapToLong(Long::longValue).sum() - customers(s).size() - freeNumbers(s);
    }

    // ---- in-process ingest with the stack's services, optionally through a fault injector ----

    static Services services(TestStack s, ExecutionInterceptor faults) {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        S3Client s3 = S3Client.builder().endpointOverride(s.runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(creds).overrideConfiguration(o -> {
                    if (faults != null) {
                        o.addExecutionInterceptor(faults);
                    }
                }).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(s.runtime.dynamoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).overrideConfiguration(o -> {
                    if (faults != null) {
                        o.addExecutionInterceptor(faults);
                    }
                }).build();
        return new Services(s.functionEnvironment(), s3, dynamo, Clock.systemUTC());
    }

    /** Puts a file where no trigger sees it, so only the test's own in-process ingest imports it. */
    static IncomingObject stage(TestStack s, String key, byte[] bytes) {
        s.put(key, bytes);
        String eTag = s.s3.headObject(b -> b.bucket(s.bucket()).key(key)).eTag();
        return new IncomingObject(s.bucket(), key, null, eTag, bytes.length);
    }

    /** Ingests as Lambda would: a failed invocation is retried (here up to 10 times). */
    static ImportReport ingestWithRetries(IngestService ingest, IncomingObject object) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                return ingest.ingest(object);
            } catch (FaultInjector.SimulatedCrash e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    // ---- the tests ----

    @Test
    void theSameEventThreeTimesIsOneImport() {
        Random random = new Random(1);
        byte[] sequential = CustomerFiles.range(random, "SEQ", 0, 500).bytes();
        stack.put("incoming/seq.csv", sequential);
        String importId = stack.importIdOf("incoming/seq.csv");
        JsonNode first = stack.awaitReport(importId, Duration.ofMinutes(2));
        Map<String, String> codes = codes(stack, "SEQ");
        Map<String, Long> counters = counters(stack);
        stack.runtime.redeliver("incoming/seq.csv");
        stack.runtime.redeliver("incoming/seq.csv");
        stack.awaitIdle(Duration.ofMinutes(2));
        assertThat(codes(stack, "SEQ")).isEqualTo(codes).hasSize(500);
        assertThat(counters(stack)).isEqualTo(counters);
        assertThat(stack.json("imports/" + importId + "/report.json").get("timings")).isEqualTo(first.get("timings"));

        // Three deliveries at once: the duplicates wait for the one that runs, then find it done.
        byte[] concurrent = CustomerFiles.range(random, "CON", 0, 1500).bytes();
        stack.put("incoming/con.csv", concurrent);
        stack.runtime.redeliver("incoming/con.csv");
        stack.runtime.redeliver("incoming/con.csv");
        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/con.csv"), Duration.ofMinutes(3));
        stack.awaitIdle(Duration.ofMinutes(3));
        assertThat(report.at("/counts/new").asLong()).isEqualTo(1500);
        assertThat(codes(stack, "CON")).hasSize(1500);
        long issued = counters(stack).values().stream().mapToLong(Long::longValue).sum() - counters.values().stream().mapToLong(Long::longValue).sum();
        assertThat(issued).as("no duplicate delivery reserved numbers of its own").isEqualTo(1500);
        assertThat(stack.runtime.failedEvents()).isEmpty();
        assertCodesUniqueAndCountersAhead(stack);
    }

    @Test
    void eightImportsAtOnceWithOverlappingCustomers() throws Exception {
        Random random = new Random(8);
        long reservedBefore = counters(stack).values().stream().mapToLong(Long::longValue).sum();
        long customersBefore = customers(stack).size();
        long freeBefore = freeNumbers(stack);
        List<byte[]> files = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            files.add(CustomerFiles.range(random, "OVL", f * 1000, 2000).bytes());
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        List<Future<String>> keys = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            int n = f;
            keys.add(uploaders.submit(() -> {
                String key = "incoming/overlap/file-" + n + ".csv";
                stack.put(key, files.get(n));
                return key;
            }));
        }
        long created = 0;
        for (Future<String> k : keys) {
            JsonNode report = stack.awaitReport(stack.importIdOf(k.get()), Duration.ofMinutes(5));
            JsonNode counts = report.get("counts");
            assertThat(counts.get("rows").asLong()).isEqualTo(2000).isEqualTo(counts.get("accepted").asLong() + counts.get("rejected").asLong());
            assertThat(counts.get("accepted").asLong()).isEqualTo(counts.get("new").asLong() + counts.get("updated").asLong() + counts.get("unchanged").asLong());
            created += counts.get("new").asLong();
        }
        uploaders.shutdown();
        Map<String, String> codes = codes(stack, "OVL");
        assertThat(codes).hasSize(9000);
        assertThat(new HashSet<>(codes.values())).as("every identity has its own code").hasSize(9000);
        assertThat(created).as("each identity was created by exactly one import; the others adopted its code").isEqualTo(9000);
        assertCodesUniqueAndCountersAhead(stack);
        long free = freeNumbers(stack) - freeBefore;
        long wasted = (counters(stack).values().stream().mapToLong(Long::longValue).sum() - reservedBefore)
                - (customers(stack).size() - customersBefore) - free;
        System.out.printf("8 racing imports, 50%% overlap: %d numbers wasted for 9000 customers, %d given back for the next imports%n", wasted, free);
        assertThat(wasted).as("numbers a losing import reserved go to its next new customers: under 1%% wasted").isLessThan(90);
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }

    /** Three overlapping files, imported in order through {@code services}; returns the reports. */
    static List<ImportReport> importThree(TestStack s, Services services, String ns, IngestSettings settings) {
        Random random = new Random(3);
        List<ImportReport> reports = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            IncomingObject o = stage(s, "staging/" + ns + "-" + f + ".csv", CustomerFiles.range(random, ns, f * 1000, 2000).bytes());
            reports.add(ingestWithRetries(services.ingest(settings), o));
        }
        return reports;
    }

    @Test
    void throttlingAndLostResponsesChangeNothingButGaps() throws Exception {
        try (TestStack clean = TestStack.start(); TestStack faulty = TestStack.start(); TestStack lossy = TestStack.start()) {
            importThree(clean, services(clean, null), "F", SMALL_BATCHES);
            Map<String, String> expected = codes(clean, "F");
            assertThat(expected).hasSize(4000);

            // Requests refused before they reach the service: retried, and the result is identical.
            FaultInjector throttling = FaultInjector.faults(42, 0.05, 0);
            List<ImportReport> reports = importThree(faulty, services(faulty, throttling), "F", SMALL_BATCHES);
            assertThat(throttling.throttled.get()).isPositive();
            assertThat(codes(faulty, "F")).isEqualTo(expected);
            assertThat(gaps(faulty)).isZero();
            reports.forEach(r -> assertThat(r.counts().rows()).isEqualTo(r.counts().accepted() + r.counts().rejected()));

            // Responses lost after the service applied the request: the SDK's retries re-apply
            // counter ADDs (fresh blocks, never a duplicate) and find their own writes done.
            FaultInjector losing = FaultInjector.faults(7, 0, 0.05);
            List<ImportReport> lossyReports = importThree(lossy, services(lossy, losing), "F", SMALL_BATCHES);
            assertThat(losing.lost.get()).isPositive();
            Map<String, String> got = codes(lossy, "F");
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            assertThat(new HashSet<>(got.values())).hasSize(4000);
            assertCodesUniqueAndCountersAhead(lossy);
            assertThat(lossyReports.stream().mapToLong(r -> r.counts().created()).sum()).as("every customer counted new once").isEqualTo(4000);
            lossyReports.forEach(r -> assertThat(r.counts().rows()).isEqualTo(r.counts().accepted() + r.counts().rejected()));
            System.out.printf("default mode, 5%% lost responses (%d injected): %d wasted numbers for 6000 rows = %.1f per 10,000 rows%n",
                    losing.lost.get(), gaps(lossy), gaps(lossy) * 10_000.0 / 6000);
        }
    }

    /** Puts the default scheme with {@code "gapless": true} in force on a stack, through the scheme upload. */
    static void useGaplessScheme(TestStack s) {
        String json = new String(dev.custcode.scheme.SchemeLoader.defaultSchemeJson(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\n  \"gapless\": true,");
        s.put("config/scheme.json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TestStack.await(() -> s.get("config/active-scheme.json").isPresent(), Duration.ofMinutes(1), "the gapless scheme in force");
    }

    @Test
    void gaplessModeLosesNoNumberUnderLostResponsesOrCrashes() throws Exception {
        try (TestStack clean = TestStack.start(); TestStack lossy = TestStack.start(); TestStack crashing = TestStack.start()) {
            for (TestStack s : List.of(clean, lossy, crashing)) {
                useGaplessScheme(s);
            }
            importThree(clean, services(clean, null), "G", SMALL_BATCHES);
            Map<String, String> expected = codes(clean, "G");
            assertThat(expected).hasSize(4000);
            assertThat(gaps(clean)).isZero();

            FaultInjector losing = FaultInjector.faults(7, 0.02, 0.05);
            List<ImportReport> reports = importThree(lossy, services(lossy, losing), "G", SMALL_BATCHES);
            assertThat(losing.lost.get()).isPositive();
            assertThat(codes(lossy, "G")).as("the same codes as without faults").isEqualTo(expected);
            assertThat(gaps(lossy)).as("no number wasted").isZero();
            assertThat(reports.stream().mapToLong(r -> r.counts().created()).sum()).isEqualTo(4000);
            System.out.printf("gapless mode, 5%% lost responses (%d injected): %d wasted numbers for 6000 rows%n", losing.lost.get(), gaps(lossy));

            byte[] file = CustomerFiles.range(new Random(3), "G", 0, 2000).bytes();
            IncomingObject object = stage(crashing, "staging/g.csv", file);
            FaultInjector crash = FaultInjector.crashAfter("TransactWriteItems", 5);
            try {
                services(crashing, crash).ingest(SMALL_BATCHES).ingest(object);
                throw new AssertionError("the simulated crash did not happen");
            } catch (FaultInjector.SimulatedCrash expectedCrash) {
                assertThat(codes(crashing, "G")).hasSizeBetween(1, 1999);
            }
            services(crashing, null).ingest(SMALL_BATCHES).ingest(object, java.time.Instant.now().plusSeconds(60));
            assertThat(codes(crashing, "G")).hasSize(2000);
            assertThat(gaps(crashing)).isZero();
            assertCodesUniqueAndCountersAhead(crashing);
        }
    }

    @Test
    void aCrashAfterSomeBatchesIsRedoneToTheSameResult() throws Exception {
        try (TestStack clean = TestStack.start(); TestStack crashing = TestStack.start()) {
            Random random = new Random(5);
            byte[] file = CustomerFiles.range(random, "K", 0, 3000).bytes();
            IncomingObject cleanObject = stage(clean, "staging/k.csv", file);
            ImportReport expectedReport = services(clean, null).ingest(SMALL_BATCHES).ingest(cleanObject);
            Map<String, String> expected = codes(clean, "K");

            IncomingObject object = stage(crashing, "staging/k.csv", file);
            FaultInjector crash = FaultInjector.crashAfter("TransactWriteItems", 20);
            try {
                services(crashing, crash).ingest(SMALL_BATCHES).ingest(object);
                throw new AssertionError("the simulated crash did not happen");
            } catch (FaultInjector.SimulatedCrash expectedCrash) {
                assertThat(crash.crashed.get()).isTrue();
            }
            long before = codes(crashing, "K").size();
            assertThat(before).as("the crash left the import half done").isBetween(1L, 2999L);

            // Redelivery: the dead run's lease runs out, the import is taken over and redone.
            ImportReport redone = services(crashing, null).ingest(SMALL_BATCHES).ingest(object, java.time.Instant.now().plusSeconds(60));
            assertThat(codes(crashing, "K")).isEqualTo(expected);
            assertThat(redone.counts()).isEqualTo(expectedReport.counts());
            assertThat(gaps(crashing)).as("recorded blocks are reused: no number lost").isZero();
            assertCodesUniqueAndCountersAhead(crashing);
        }
    }

    @Test
    void aSchemeChangeBetweenACrashAndTheRetryChangesNothing() throws Exception {
        try (TestStack s = TestStack.start()) {
            byte[] file = CustomerFiles.range(new Random(11), "Z", 0, 3000).bytes();
            IncomingObject object = stage(s, "staging/z.csv", file);
            FaultInjector crash = FaultInjector.crashAfter("TransactWriteItems", 10);
            try {
                services(s, crash).ingest(SMALL_BATCHES).ingest(object);
                throw new AssertionError("the simulated crash did not happen");
            } catch (FaultInjector.SimulatedCrash expectedCrash) {
                assertThat(codes(s, "Z")).hasSizeBetween(1, 2999);
            }
            // Another scheme (other regions, other letters) comes into force before the retry.
            s.put("config/scheme.json", Files.readAllBytes(TestStack.ROOT.resolve("examples/north-south-scheme.json")));
            TestStack.await(() -> s.get("config/active-scheme.json").isPresent(), Duration.ofMinutes(1), "the new scheme in force");
            ImportReport redone = services(s, null).ingest(SMALL_BATCHES).ingest(object, java.time.Instant.now().plusSeconds(60));
            assertThat(redone.scheme()).as("the retry classifies with the scheme pinned when the import began").isEqualTo("default");
            assertThat(redone.counts().created()).isEqualTo(3000);
            Map<String, String> codes = codes(s, "Z");
            assertThat(codes).hasSize(3000);
            assertThat(new HashSet<>(codes.values())).hasSize(3000);
            assertCodesUniqueAndCountersAhead(s);
        }
    }

    @Test
    void seededRandomFilesInRandomInterleavings() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            String ns = "P" + seed;
            List<CustomerFiles.File> files = new ArrayList<>();
            int count = 3 + random.nextInt(3);
            for (int f = 0; f < count; f++) {
                files.add(CustomerFiles.random(random, ns, 400, 200 + random.nextInt(400), 0.05));
            }
            List<Integer> order = new ArrayList<>();
            for (int f = 0; f < count; f++) {
                order.add(f);
            }
            Collections.shuffle(order, random);
            Services services = services(stack, random.nextBoolean() ? FaultInjector.faults(seed, 0.03, 0.03) : null);
            ExecutorService pool = Executors.newFixedThreadPool(1 + random.nextInt(count));
            List<Callable<ImportReport>> jobs = new ArrayList<>();
            for (int f : order) {
                IncomingObject o = stage(stack, "staging/" + ns + "-" + f + ".csv", files.get(f).bytes());
                jobs.add(() -> ingestWithRetries(services.ingest(SMALL_BATCHES), o));
            }
            long accepted = 0;
            for (Future<ImportReport> r : pool.invokeAll(jobs)) {
                ImportReport report = r.get();
                assertThat(report.counts().rows()).as("seed %d: rows = accepted + rejected + conflicts", seed)
                        .isEqualTo(report.counts().accepted() + report.counts().rejected() + report.counts().conflicts());
                accepted += report.counts().accepted();
            }
            pool.shutdown();
            assertThat(accepted).as("seed %d: no row lost", seed).isEqualTo(files.stream().mapToLong(CustomerFiles.File::validRows).sum());

            Set<String> identities = new HashSet<>();
            files.forEach(f -> identities.addAll(f.lastLines().keySet()));
            Map<String, String> codes = codes(stack, ns);
            assertThat(codes.keySet()).as("seed %d: every identity stored", seed).isEqualTo(identities);
            assertThat(new HashSet<>(codes.values())).as("seed %d: one code per identity", seed).hasSize(identities.size());
            // The stored attributes are the last row of one of the files that mention the customer.
            for (var c : customers(stack)) {
                String id = c.get("keys").l().get(0).s();
                if (!id.startsWith("sid:" + ns + "-")) {
                    continue;
                }
                String stored = c.get("attrs").m().get("name").s() + "," + c.get("attrs").m().get("amount").s();
                Set<String> candidates = new HashSet<>();
                files.forEach(f -> {
                    String line = f.lastLines().get(id);
                    if (line != null) {
                        String[] cells = line.split(",", -1);
                        candidates.add(cells[1] + "," + cells[4]);
                    }
                });
                assertThat(candidates).as("seed %d: %s", seed, id).contains(stored);
            }
        }
        assertCodesUniqueAndCountersAhead(stack);
    }

    /** Filed customers of a stack: code → folder and dimensions, read from the table. */
    private static Map<String, String> placements(TestStack s) {
        Map<String, String> out = new java.util.TreeMap<>();
        s.dynamo.scanPaginator(b -> b.tableName(s.functionEnvironment().customersTable())).items().forEach(item -> {
            if (item.containsKey("folder")) {
                out.put(item.get("code").s(), item.get("folder").s() + " " + new java.util.TreeMap<>(item.get("dims").m()));
            }
        });
        return out;
    }

    @Test
    void aReevaluationRunThatDiesMidwayAndIsDeliveredAgainEndsAsAnUninterruptedOne() throws Exception {
        StringBuilder csv = new StringBuilder("\uFEFF客户编号,客户名称,省份,累计金额,订单数,最近下单日期\r\n");
        Random random = new Random(17);
        for (int i = 0; i < 1500; i++) {
            csv.append("V-").append(i).append(",客户V").append(i).append(",").append(i % 2 == 0 ? "浙江" : "四川").append(',')
                    .append(random.nextInt(200_000)).append(',').append(random.nextInt(30)).append(",2026-")
                    .append(String.format("%02d-%02d", 1 + random.nextInt(11), 1 + random.nextInt(28))).append("\r\n");
        }
        byte[] file = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (TestStack clean = TestStack.start(); TestStack crashing = TestStack.start()) {
            for (TestStack s : List.of(clean, crashing)) {
                services(s, null).ingest(SMALL_BATCHES).ingest(stage(s, "staging/v.csv", file));
            }
            assertThat(placements(crashing)).isEqualTo(placements(clean)).hasSize(1500);
            // As of mid-2027 those whose last order was before mid-2026 are churned: a few hundred moves.
            dev.custcode.evaluate.RunRequest request = dev.custcode.evaluate.RunRequest.fromObject("request",
                    java.time.Instant.parse("2026-11-30T10:00:00Z"), dev.custcode.evaluate.RunRequest.REQUEST_KEY, "v1", "1")
                    .withAsOf(java.time.LocalDate.parse("2027-06-30"));
            dev.custcode.evaluate.EvaluationReport expected = services(clean, null).reevaluation().run(request);
            assertThat(expected.changed()).isGreaterThan(200);

            FaultInjector crash = FaultInjector.crashAfter("PutItem", 60);
            try {
                services(crashing, crash).reevaluation().run(request);
                throw new AssertionError("the simulated crash did not happen");
            } catch (FaultInjector.SimulatedCrash died) {
                assertThat(crashing.get(dev.custcode.evaluate.EvaluationReport.reportKey(request.runId()))).isEmpty();
            }
            assertThat(placements(crashing)).as("died midway").isNotEqualTo(placements(clean));
            dev.custcode.evaluate.EvaluationReport resumed = services(crashing, null).reevaluation().run(request);

            assertThat(resumed.attempt()).isEqualTo(2);
            assertThat(resumed.changed()).isEqualTo(expected.changed());
            assertThat(resumed.moved()).isEqualTo(expected.moved());
            assertThat(resumed.matrix()).isEqualTo(expected.matrix());
            assertThat(resumed.folders()).isEqualTo(expected.folders());
            assertThat(placements(crashing)).isEqualTo(placements(clean));
            assertThat(crashing.get(expected.movements()).orElseThrow()).isEqualTo(clean.get(expected.movements()).orElseThrow());
            // Delivered once more: a finished run is answered as it is, nothing written.
            assertThat(services(crashing, null).reevaluation().run(request)).isEqualTo(resumed);
        }
    }
}
