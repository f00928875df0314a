package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.aws.FunctionEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A local stack on free ports with clients for it: what every integration test drives. */
final class TestStack implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The repository's template.yaml, as the local runtime reads it. */
    static SamTemplate template() {
        try {
            return SamTemplate.read(ROOT.resolve("template.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The shared sample file ({@code customers-10000.csv}), which lives beside the repository, not
     * in it: {@code $CUSTCODE_SAMPLE_DATA}, else {@code ../shared/data} or {@code /work/shared/data}.
     */
    static Optional<Path> sampleData() {
        String env = System.getenv("CUSTCODE_SAMPLE_DATA");
        for (Path candidate : new Path[]{env == null ? null : Path.of(env), ROOT.resolve("../shared/data/customers-10000.csv").normalize(),
                Path.of("/work/shared/data/customers-10000.csv")}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    final LocalRuntime runtime;
    final S3Client s3;
    final DynamoDbClient dynamo;
    final SqsClient sqs;
    final Path dataDir;

    private TestStack(LocalRuntime runtime, Path dataDir) {
        this.runtime = runtime;
        this.dataDir = dataDir;
        this.s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        this.dynamo = LocalRuntime.localDynamoClient(runtime.dynamoEndpoint());
        this.sqs = LocalSqs.client(runtime.sqsEndpoint());
    }

    /** Starts the product's stack ({@code template.yaml}) in a fresh data folder (in memory-backed /dev/shm where there is one). */
    static TestStack start() throws Exception {
        return start(ROOT.resolve("template.yaml"), UnaryOperator.identity());
    }

    /**
     * Starts a stack from another template, its configuration adjusted, e.g.
     * {@code start(template, config -> config.withTimeout("SlowFunction", 2))}.
     */
    static TestStack start(Path template, UnaryOperator<LocalRuntime.Config> configure) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path data = ScratchDirs.create("custcode-it-");
            try {
                LocalRuntime runtime = LocalRuntime.start(configure.apply(LocalRuntime.Config.onFreePorts(template, data)));
                return new TestStack(runtime, data);
            } catch (Exception | Error e) {
                ScratchDirs.delete(data);
                // A port found free can be taken before the stack binds it (another stack's outgoing
                // connections draw from the same range): the stack starts again on other ports.
                if (attempt < 3 && boundElsewhere(e)) {
                    continue;
                }
                throw e;
            }
        }
    }

    private static boolean boundElsewhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** The lines a function has logged so far ({@code <data>/logs/<Function>.log}), timestamps stripped. */
    List<String> functionLog(String function) {
        Path file = dataDir.resolve("logs").resolve(function + ".log");
        try {
            return Files.exists(file)
                    ? Files.readAllLines(file).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bucket() {
        return runtime.bucket();
    }

    void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(content));
    }

    void put(String key, Path file) {
        s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromFile(file));
    }

    Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    JsonNode json(String key) {
        try {
            return JSON.readTree(get(key).orElseThrow(() -> new AssertionError("no object " + key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The import id the runtime's ingest gives this object (from its ETag, as S3 reports it). */
    String importIdOf(String key) {
        String eTag = s3.headObject(b -> b.bucket(bucket()).key(key)).eTag();
        return dev.custcode.ingest.ImportId.of(bucket(), key, null, eTag);
    }

    /** Polls until the import's report exists and returns it. */
    JsonNode awaitReport(String importId, Duration timeout) {
        String key = "imports/" + importId + "/report.json";
        await(() -> get(key).isPresent(), timeout, "report " + key);
        return json(key);
    }

    /** Polls until the export that an import's report names has finished; returns its result. */
    JsonNode awaitExport(JsonNode report, Duration timeout) {
        String key = report.get("exportReport").asText();
        await(() -> get(key).isPresent(), timeout, "export " + key);
        return json(key);
    }

    /** Polls until no async invocation is running or waiting for a retry. */
    void awaitIdle(Duration timeout) {
        await(() -> runtime.pendingInvocations() == 0, timeout, "no pending invocations");
    }

    static void await(Supplier<Boolean> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** The environment the template gives the functions, resolved for this stack (for driving services in-process). */
    FunctionEnvironment functionEnvironment() {
        try {
            SamTemplate template = SamTemplate.read(ROOT.resolve("template.yaml"));
            Intrinsics intrinsics = new Intrinsics(template, Map.of("DataBucket", bucket()),
                    Map.of(template.properties("DataBucket").get("BucketName"), bucket()), LocalRuntime.REGION);
            FunctionDefinition ingest = FunctionDefinition.from(template, intrinsics).stream()
                    .filter(f -> f.logicalId().equals("IngestFunction")).findFirst().orElseThrow();
            Map<String, String> env = new java.util.HashMap<>(ingest.environment());
            env.put("S3_FORCE_PATH_STYLE", "true");
            return FunctionEnvironment.from(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI s3Endpoint() {
        return runtime.s3Endpoint();
    }

    /**
     * The stored customer item that an identity key ({@code sid:C0001}) or a code key
     * ({@code code:NED000001}) leads to, read consistently; null when none.
     */
    Map<String, AttributeValue> customerItem(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("CustomersTable")
                .key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true)).item();
        if (item != null && item.containsKey("owner")) {
            String code = item.get("owner").s();
            item = dynamo.getItem(b -> b.tableName("CustomersTable")
                    .key(Map.of("pk", AttributeValue.fromS("code:" + code))).consistentRead(true)).item();
        }
        return item == null || item.isEmpty() ? null : item;
    }

    /**
     * Closes the stack, and fails if a function made a call its template policy does not allow:
     * every integration test is also a check that the policies are enough (however the function
     * handled the refusal).
     */
    @Override
    public void close() throws IOException {
        runtime.close();
        s3.close();
        dynamo.close();
        sqs.close();
        List<String> denied = new java.util.ArrayList<>();
        try (var logs = Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(dev.custcode.local.host.PolicyGuard.MARK)).forEach(denied::add);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no function logged anything
        }
        ScratchDirs.delete(dataDir);
        if (!denied.isEmpty()) {
            throw new AssertionError("calls refused by template.yaml's policies:\n" + String.join("\n", denied));
        }
    }

}
