package dev.custcode.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes functions asynchronously, as S3 invokes Lambda: the caller does not wait; a failed
 * invocation is retried {@code MaximumRetryAttempts} times (Lambda waits about 1 and then 2
 * minutes; locally the delays are configurable and short); an event that still fails is written
 * to {@code <data>/failed-events/} and kept in {@link #failures()}, never dropped.
 */
final class AsyncInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);

    /** An event that failed every attempt. */
    record Failure(String function, String description, Instant at, List<String> errors, String payload) {
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(8, daemon("invoke"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("retry"));
    private final List<Duration> retryDelays;
    private final Path failedDir;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    AsyncInvoker(List<Duration> retryDelays, Path failedDir) {
        this.retryDelays = List.copyOf(retryDelays);
        this.failedDir = failedDir;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void submit(FunctionProcess function, String payload, String description) {
        inFlight.incrementAndGet();
        workers.execute(() -> attempt(function, payload, description, 1, new ArrayList<>()));
    }

    private void attempt(FunctionProcess function, String payload, String description, int attempt, List<String> errors) {
        String name = function.function().logicalId();
        try {
            FunctionProcess.Invocation result = function.invoke(payload);
            if (result.ok()) {
                LOG.info("{} ← {}: done (attempt {})", name, description, attempt);
                inFlight.decrementAndGet();
                return;
            }
            errors.add(result.body());
            LOG.warn("{} ← {}: attempt {} failed: {}", name, description, attempt, abbreviate(result.body()));
        } catch (IOException | RuntimeException e) {
            errors.add(e.toString());
            LOG.warn("{} ← {}: attempt {} could not be delivered: {}", name, description, attempt, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("interrupted");
        }
        int retries = Math.min(function.function().maxRetries(), retryDelays.size());
        if (attempt <= retries) {
            Duration delay = retryDelays.get(attempt - 1);
            try {
                timer.schedule(() -> workers.execute(() -> attempt(function, payload, description, attempt + 1, errors)),
                        delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The stack is shutting down: the event cannot be retried, so it is kept like a final failure.
                errors.add("not retried: the local stack stopped");
            }
        }
        Failure failure = new Failure(name, description, Instant.now(), List.copyOf(errors), payload);
        failures.add(failure);
        keep(failure);
        inFlight.decrementAndGet();
        LOG.error("{} ← {}: FAILED after {} attempts; the event is kept in {}", name, description, attempt, failedDir);
    }

    private void keep(Failure f) {
        try {
            Files.createDirectories(failedDir);
            String json = "{\"function\":" + Json.quote(f.function()) + ",\"description\":" + Json.quote(f.description())
                    + ",\"at\":" + Json.quote(f.at().toString()) + ",\"errors\":" + Json.array(f.errors())
                    + ",\"event\":" + f.payload() + "}\n";
            Files.writeString(failedDir.resolve(f.at().toEpochMilli() + "-" + f.function() + ".json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("could not keep the failed event on disk: {}", e.toString());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Events submitted whose last attempt has not ended. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
