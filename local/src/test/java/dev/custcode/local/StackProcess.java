package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code custcode-local} as a user runs it: its own process (the runtime, whose children are the
 * function hosts) on a data directory that outlives it, so that tests can kill it with SIGKILL or
 * stop it with SIGTERM and start it again on the same data. Ports are chosen once and kept.
 */
final class StackProcess implements AutoCloseable {
    final Path data;
    private final List<String> options;
    private int s3Port;
    private int dynamoPort;
    private int apiPort;
    private int sqsPort;
    private Process process;
    private Path output;
    private int starts;
    private S3Client s3;
    private DynamoDbClient dynamo;

    StackProcess(Path data, String... options) throws IOException {
        this.data = data;
        this.options = List.of(options);
        choosePorts();
    }

    private void choosePorts() throws IOException {
        s3Port = LocalRuntime.freePort();
        dynamoPort = LocalRuntime.freePort();
        apiPort = LocalRuntime.freePort();
        sqsPort = LocalRuntime.freePort();
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }

    /**
     * Starts {@code dev.custcode.local.Main} and waits until it says it is running. A free port
     * can be taken by someone else's connection before the stack binds it: then it starts again
     * on other ports (the data directory is what carries over, not the ports).
     */
    StackProcess start() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (PortTakenException e) {
                if (attempt == 4) {
                    throw new AssertionError("custcode-local could not bind its ports 4 times:\n" + output());
                }
                choosePorts();
            }
        }
    }

    private static final class PortTakenException extends RuntimeException {
    }

    private StackProcess startOnce() throws IOException {
        starts++;
        output = data.resolveSibling(data.getFileName() + "-run" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "dev.custcode.local.Main",
                "--template", TestStack.ROOT.resolve("template.yaml").toString(), "--data", data.toString(),
                "--s3-port", Integer.toString(s3Port), "--dynamodb-port", Integer.toString(dynamoPort),
                "--api-port", Integer.toString(apiPort), "--sqs-port", Integer.toString(sqsPort)));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        TestStack.await(() -> {
            if (!process.isAlive()) {
                // The JDK's words, or Jetty's (the API and S3 servers: "Failed to bind to /127.0.0.1:N").
                if (output().contains("BindException: Address already in use") || output().contains("Failed to bind to /127.0.0.1:")) {
                    throw new PortTakenException();
                }
                throw new AssertionError("custcode-local exited with " + process.exitValue() + ":\n" + output());
            }
            return output().contains("custcode local stack is running");
        }, Duration.ofMinutes(3), "custcode-local to start");
        return this;
    }

    /** What the runtime printed in its current (or last) run. */
    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to the runtime and every function host at once, as a crash or {@code kill -9} of the process group. */
    void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        process.waitFor();
    }

    /** SIGTERM to the runtime (Ctrl-C's cousin); returns its exit code. */
    int terminate() throws InterruptedException {
        List<ProcessHandle> hosts = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            throw new AssertionError("custcode-local did not stop within 3 minutes of SIGTERM:\n" + output());
        }
        for (ProcessHandle h : hosts) {
            h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        return process.exitValue();
    }

    String bucket() {
        return "custcode-local";
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        }
        return s3;
    }

    DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = LocalRuntime.localDynamoClient(URI.create("http://127.0.0.1:" + dynamoPort));
        }
        return dynamo;
    }

    /** Uploads a file and returns its import id. */
    String upload(String key, byte[] content) {
        String eTag = s3().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(content)).eTag();
        return dev.custcode.ingest.ImportId.of(bucket(), key, null, eTag);
    }

    Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3().getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not up (between runs)
        }
    }

    JsonNode json(String key) {
        try {
            return TestStack.JSON.readTree(get(key).orElseThrow(() -> new AssertionError("no object " + key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The import's item in the imports table (status, rowsRead, …), empty before it exists. */
    Map<String, AttributeValue> importItem(String importId) {
        Map<String, AttributeValue> item = dynamo().getItem(b -> b.tableName("ImportsTable").consistentRead(true)
                .key(Map.of("importId", AttributeValue.fromS(importId), "item", AttributeValue.fromS("import")))).item();
        return item == null ? Map.of() : item;
    }

    long rowsRead(String importId) {
        AttributeValue v = importItem(importId).get("rowsRead");
        return v == null ? 0 : Long.parseLong(v.n());
    }

    /** Every customer's code, from the customers table. */
    List<String> codes() {
        List<String> out = new ArrayList<>();
        dynamo().scanPaginator(b -> b.tableName("CustomersTable").consistentRead(true)
                .filterExpression("begins_with(pk, :c)").expressionAttributeValues(Map.of(":c", AttributeValue.fromS("code:")))
                .projectionExpression("pk")).items().forEach(i -> out.add(i.get("pk").s().substring("code:".length())));
        return out;
    }

    /** Lines a function has logged ({@code <data>/logs/<Function>.log}) over every run. */
    List<String> functionLog(String function) {
        Path file = data.resolve("logs").resolve(function + ".log");
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files in a folder of the data directory ({@code deliveries}, {@code failed-events}). */
    List<Path> files(String folder) {
        Path dir = data.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            kill();
        }
        if (s3 != null) {
            s3.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        // As TestStack: no function may have made a call its template policy refuses.
        List<String> denied = new ArrayList<>();
        for (String function : List.of("IngestFunction", "ChunkFunction", "SweepFunction", "UndoFunction", "SchemeFunction",
                "ExportFunction", "ExportContinuationFunction", "ApiFunction", "EraseFunction", "StewardshipFunction")) {
            functionLog(function).stream().filter(l -> l.contains(dev.custcode.local.host.PolicyGuard.MARK)).forEach(denied::add);
        }
        if (!denied.isEmpty()) {
            throw new AssertionError("calls refused by template.yaml's policies:\n" + String.join("\n", denied));
        }
    }
}
