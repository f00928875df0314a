package dev.custcode.local;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.custcode.local.host.FunctionHost;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's execution environment: a child JVM running {@link FunctionHost} with the
 * function's shaded jar as classpath, the template's environment variables, and the SDK's
 * standard endpoint variables pointing at the local services.
 */
final class FunctionProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionProcess.class);

    /** The outcome of one invocation: the result JSON, or Lambda's error JSON; and the heap it peaked at. */
    record Invocation(String requestId, boolean ok, String body, long maxHeapMb) {
    }

    private final FunctionDefinition function;
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FunctionProcess(FunctionDefinition function, Process process, int port) {
        this.function = function;
        this.process = process;
        this.port = port;
    }

    static FunctionProcess start(FunctionDefinition function, Map<String, String> environment, int concurrency) throws IOException {
        Path jar = function.jar();
        if (!Files.isRegularFile(jar)) {
            throw new IOException(function.logicalId() + ": " + jar + " does not exist; build the functions first (mvn package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + function.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, jar.toString(), location(FunctionHost.class), location(LambdaEventSerializers.class)));
        command.add(FunctionHost.class.getName());
        command.add(function.handler());
        command.add(Integer.toString(concurrency));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // A clean environment, as in Lambda: only what the template and the runtime define.
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        env.putAll(environment);
        Process process = pb.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(function.logicalId(), process, ready), function.logicalId() + "-log");
        pump.setDaemon(true);
        pump.start();
        try {
            int port = ready.get(120, TimeUnit.SECONDS);
            LOG.info("{} ready ({} MB, handler {})", function.logicalId(), function.memoryMb(), function.handler());
            return new FunctionProcess(function, process, port);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(function.logicalId() + " did not start: " + e, e);
        }
    }

    private static void pump(String name, Process process, CompletableFuture<Integer> ready) {
        Logger log = LoggerFactory.getLogger("function." + name);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(Integer.parseInt(line.substring(6).trim()));
                } else {
                    log.info(line);
                }
            }
        } catch (IOException e) {
            log.warn("log stream ended: {}", e.toString());
        } finally {
            ready.completeExceptionally(new IOException(name + " exited with code " + waitFor(process)));
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    FunctionDefinition function() {
        return function;
    }

    /** Invokes synchronously; a function error is an {@link Invocation} with {@code ok = false}, not an exception. */
    Invocation invoke(String payload) throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        long deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invoke"))
                .timeout(Duration.ofSeconds(function.timeoutSeconds() + 5L))
                .header("Lambda-Runtime-Aws-Request-Id", requestId)
                .header("Lambda-Runtime-Deadline-Ms", Long.toString(deadline))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long heap = response.headers().firstValueAsLong("X-Max-Heap-Used-MB").orElse(-1);
        return new Invocation(requestId, response.statusCode() == 200, response.body(), heap);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
