package dev.custcode.local;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.custcode.local.host.FunctionHost;
import dev.custcode.local.host.PolicyGuard;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's execution environments, as in Lambda: each a child JVM running {@link FunctionHost}
 * with the function's code as classpath, the template's environment variables, and the SDK's
 * standard endpoint variables pointing at the local services; each runs one invocation at a time.
 * An invocation takes an idle environment (the one used last: the warmest), or starts a new one
 * (a cold start) while fewer than {@code environments} run, or waits for one to be free (Lambda
 * would throttle it). An environment idle for a while is ended ({@link #endIdle}), all but the warmest.
 *
 * <p>Each invocation is bounded by the function's {@code Timeout}: when it elapses the invocation
 * ends as failed ({@link Invocation#timedOut()}), a {@code REPORT … Status: timeout} line is logged
 * and its JVM is killed; the invocations running beside it, in environments of their own, go on.
 */
final class FunctionProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionProcess.class);

    /**
     * The outcome of one invocation: the result JSON, or Lambda's error JSON; and the heap it peaked at.
     * {@code timedOut} invocations are also not {@code ok}.
     */
    record Invocation(String requestId, boolean ok, String body, long maxHeapMb, boolean timedOut) {
    }

    /** One started JVM. */
    private record Environment(Process process, int port) {
    }

    private final FunctionDefinition function;
    private final Map<String, String> environment;
    private final int most;
    private final FunctionLog functionLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger starts = new AtomicInteger();
    /** Environments free for an invocation, the one freed last first. */
    private final Deque<Environment> idle = new ArrayDeque<>();
    /** When each idle environment was freed ({@link System#nanoTime}). */
    private final Map<Environment, Long> freedAt = new java.util.HashMap<>();
    /** Environments running an invocation. */
    private final Set<Environment> busy = new LinkedHashSet<>();
    /** JVMs started and not yet ready (ended by {@link #close} too). */
    private final Set<Process> starting = new LinkedHashSet<>();
    /** Environments idle, busy or starting. */
    private int live;
    private boolean closed;

    private FunctionProcess(FunctionDefinition function, Map<String, String> environment, int environments, FunctionLog log) {
        if (environments < 1) {
            throw new IllegalArgumentException(function.logicalId() + ": at least one environment, not " + environments);
        }
        this.function = function;
        this.environment = Map.copyOf(environment);
        this.most = environments;
        this.functionLog = log;
    }

    /**
     * Starts the function's first environment (init runs now, not at the first invocation), logging
     * to the console; at most {@code environments} run at once.
     */
    static FunctionProcess start(FunctionDefinition function, Map<String, String> environment, int environments) throws IOException {
        return start(function, environment, environments, FunctionLog.consoleOnly(function.logicalId()));
    }

    /**
     * The function with no environment yet: its first starts at its first invocation, a cold start as
     * in Lambda (a stack is up without a JVM for each of its functions, and holds none for a function
     * nobody invokes); its output goes to {@code log}, which it closes when it closes.
     */
    static FunctionProcess create(FunctionDefinition function, Map<String, String> environment, int environments, FunctionLog log) {
        return new FunctionProcess(function, environment, environments, log);
    }

    /** Starts the function's first environment; its output goes to {@code log}, which it closes when it closes. */
    static FunctionProcess start(FunctionDefinition function, Map<String, String> environment, int environments, FunctionLog log)
            throws IOException {
        FunctionProcess p = create(function, environment, environments, log);
        try {
            p.release(p.acquire(), true);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.close();
            throw new IOException(function.logicalId() + ": interrupted while starting", e);
        }
        return p;
    }

    /**
     * An environment for one invocation: an idle one, else a new one while fewer than the most run,
     * else the first to be freed. A JVM found dead while idle (killed) is replaced.
     */
    private Environment acquire() throws IOException, InterruptedException {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IOException(function.logicalId() + ": the local stack is stopping");
                }
                Environment e;
                while ((e = idle.pollFirst()) != null) {
                    freedAt.remove(e);
                    if (e.process().isAlive()) {
                        busy.add(e);
                        return e;
                    }
                    live--;
                }
                if (live < most) {
                    live++;
                    break;
                }
                wait();
            }
        }
        Environment started;
        try {
            started = launch();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                live--;
                notifyAll();
            }
            throw e;
        }
        synchronized (this) {
            if (closed) {
                live--;
                started.process().destroyForcibly();
                throw new IOException(function.logicalId() + ": the local stack is stopping");
            }
            busy.add(started);
            return started;
        }
    }

    /** Gives an environment back after an invocation: idle for the next, or ended ({@code keep} false, or its JVM gone). */
    private synchronized void release(Environment e, boolean keep) {
        busy.remove(e);
        if (keep && !closed && e.process().isAlive()) {
            idle.addFirst(e);
            freedAt.put(e, System.nanoTime());
        } else {
            live--;
            e.process().destroyForcibly();
        }
        notifyAll();
    }

    /**
     * Ends the environments idle for longer than {@code idleFor}, all but the warmest (the one freed
     * last), as Lambda reclaims environments nobody invoked for a while; the next burst starts new ones.
     *
     * @return how many ended
     */
    synchronized int endIdle(Duration idleFor) {
        long now = System.nanoTime();
        int ended = 0;
        // Freed last first: from the tail, the longest idle, while they are idle long enough.
        for (var coldest = idle.descendingIterator(); idle.size() > 1 && coldest.hasNext(); ) {
            Environment e = coldest.next();
            if (now - freedAt.get(e) < idleFor.toNanos()) {
                break;
            }
            coldest.remove();
            freedAt.remove(e);
            live--;
            e.process().destroyForcibly();
            ended++;
        }
        if (ended > 0) {
            LOG.info("{}: {} environment(s) idle for more than {} s ended; {} left", function.logicalId(), ended, idleFor.toSeconds(), live);
            notifyAll();
        }
        return ended;
    }

    /** Environments running, idle or starting. */
    synchronized int environmentsLive() {
        return live;
    }

    private Environment launch() throws IOException {
        // A built jar runs from the stack's copy of it (a rebuild meanwhile does not pull it from under the JVM).
        List<Path> code = function.classpath().stream().map(p -> p.toString().endsWith("function.jar") ? CodeSnapshot.of(p) : p).toList();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + function.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        // Lambda's environment is UTF-8 (LANG=en_US.UTF-8); a bare child environment is ASCII, which turns 你好 into ?? in logs.
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dsun.stdout.encoding=UTF-8");
        command.add("-Dsun.stderr.encoding=UTF-8");
        // The function's execution role, enforced on its SDK calls (PolicyGuard); CUSTCODE_POLICY=report only logs refusals.
        command.add("-D" + PolicyGuard.PROPERTY + "=" + PolicyGuard.Statement.encode(function.policy()));
        if ("report".equals(System.getenv("CUSTCODE_POLICY"))) {
            command.add("-D" + PolicyGuard.MODE_PROPERTY + "=report");
        }
        command.add("-cp");
        List<String> classpath = new ArrayList<>(code.stream().map(Path::toString).toList());
        classpath.add(location(FunctionHost.class));
        classpath.add(location(LambdaEventSerializers.class));
        command.add(String.join(File.pathSeparator, classpath));
        command.add(FunctionHost.class.getName());
        command.add(function.handler());
        command.add("1"); // one invocation at a time, as a Lambda environment
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // A clean environment, as in Lambda: only what the template and the runtime define.
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        env.putAll(environment);
        Process process;
        synchronized (this) {
            if (closed) {
                throw new IOException(function.logicalId() + ": the local stack is stopping");
            }
            process = pb.start();
            starting.add(process);
        }
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(function.logicalId(), process, ready, functionLog), function.logicalId() + "-log");
        pump.setDaemon(true);
        pump.start();
        try {
            int port = ready.get(120, TimeUnit.SECONDS);
            int n = starts.incrementAndGet();
            LOG.info("{} ready ({} MB, handler {}{})", function.logicalId(), function.memoryMb(), function.handler(),
                    n == 1 ? "" : ", environment #" + n);
            return new Environment(process, port);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(function.logicalId() + " did not start: " + e, e);
        } finally {
            synchronized (this) {
                starting.remove(process);
            }
        }
    }

    private static void pump(String name, Process process, CompletableFuture<Integer> ready, FunctionLog log) {
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
            log.warn("log stream ended: " + e);
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

    /** How many environments (JVMs) this function has started: more than 1 after concurrent invocations, a timeout or a crash. */
    int environmentsStarted() {
        return starts.get();
    }

    /**
     * Invokes synchronously; a function error or a timeout is an {@link Invocation} with
     * {@code ok = false}, not an exception. An exception means the event did not reach a handler,
     * or the environment died under it.
     */
    Invocation invoke(String payload) throws IOException, InterruptedException {
        try (Reserved env = reserve()) {
            return env.invoke(payload);
        }
    }

    /**
     * An environment held for invocations until closed: an SQS poller takes one before it receives,
     * so that starting a JVM (a cold start, after a timeout ended the last) does not eat into the
     * visibility timeout of messages it holds.
     */
    Reserved reserve() throws IOException, InterruptedException {
        return new Reserved(acquire());
    }

    /** An environment held by one caller; closing it gives it back (or ends it, if an invocation timed out in it). */
    final class Reserved implements AutoCloseable {
        private final Environment env;
        private boolean keep = true;
        private boolean closed;

        private Reserved(Environment env) {
            this.env = env;
        }

        /** As {@link FunctionProcess#invoke(String)}, in this environment. */
        Invocation invoke(String payload) throws IOException, InterruptedException {
            if (!keep || closed) {
                throw new IllegalStateException(function.logicalId() + ": this environment has ended");
            }
            keep = false; // unless the invocation returns
            Invocation result = FunctionProcess.this.invoke(env, payload);
            keep = !result.timedOut();
            return result;
        }

        /** Whether another invocation can run here: no invocation timed out in it, and its JVM is alive. */
        boolean usable() {
            return keep && !closed && env.process().isAlive();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(env, keep);
            }
        }
    }

    private Invocation invoke(Environment env, String payload) throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        long deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.port() + "/invoke"))
                .timeout(Duration.ofSeconds(function.timeoutSeconds()))
                .header("Lambda-Runtime-Aws-Request-Id", requestId)
                .header("Lambda-Runtime-Deadline-Ms", Long.toString(deadline))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return timedOut(env, requestId, started);
        } catch (IOException e) {
            if (env.process().isAlive()) {
                throw e;
            }
            return exited(env, requestId, started);
        }
        long heap = response.headers().firstValueAsLong("X-Max-Heap-Used-MB").orElse(-1);
        return new Invocation(requestId, response.statusCode() == 200, response.body(), heap, false);
    }

    /** Ends a timed-out invocation as Lambda does: the environment is destroyed, the invocation has failed. */
    private Invocation timedOut(Environment env, String requestId, long started) {
        env.process().destroyForcibly();
        double millis = (System.nanoTime() - started) / 1e6;
        functionLog.warn(String.format(Locale.ROOT, "%s Task timed out after %.2f seconds", requestId, (double) function.timeoutSeconds()));
        functionLog.warn(String.format(Locale.ROOT, "REPORT RequestId: %s Duration: %.2f ms Billed Duration: %d ms Memory Size: %d MB Status: timeout",
                requestId, millis, (long) Math.ceil(millis), function.memoryMb()));
        String error = "{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":" + Json.quote(requestId + " Task timed out after "
                + function.timeoutSeconds() + " seconds") + "}";
        return new Invocation(requestId, false, error, -1, true);
    }

    /** Ends an invocation whose environment died under it (killed, out of memory) as Lambda does: it has failed. */
    private Invocation exited(Environment env, String requestId, long started) {
        double millis = (System.nanoTime() - started) / 1e6;
        int exit = waitFor(env.process());
        functionLog.warn(String.format(Locale.ROOT, "%s Error: Runtime exited with error: exit status %d", requestId, exit));
        functionLog.warn(String.format(Locale.ROOT, "REPORT RequestId: %s Duration: %.2f ms Billed Duration: %d ms Memory Size: %d MB Status: error Error Type: Runtime.ExitError",
                requestId, millis, (long) Math.ceil(millis), function.memoryMb()));
        String error = "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":" + Json.quote("RequestId: " + requestId
                + " Error: Runtime exited with error: exit status " + exit) + "}";
        return new Invocation(requestId, false, error, -1, false);
    }

    /**
     * The process id of an environment running an invocation, else of an idle one, if there is one
     * (tests kill it to see a crash handled).
     */
    synchronized java.util.OptionalLong pid() {
        return java.util.stream.Stream.concat(busy.stream(), idle.stream()).map(Environment::process).filter(Process::isAlive)
                .mapToLong(Process::pid).findFirst();
    }

    @Override
    public void close() {
        List<Environment> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(busy);
            all.addAll(idle);
            idle.clear();
            starting.forEach(Process::destroyForcibly);
            notifyAll();
        }
        all.forEach(e -> e.process().destroy());
        for (Environment e : all) {
            try {
                if (!e.process().waitFor(10, TimeUnit.SECONDS)) {
                    e.process().destroyForcibly();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.process().destroyForcibly();
            }
        }
        functionLog.close();
    }
}
