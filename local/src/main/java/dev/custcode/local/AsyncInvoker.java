package dev.custcode.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * minutes; locally the delays are configurable and short) while the event is younger than
 * {@code MaximumEventAgeInSeconds}; an event that still fails is written to
 * {@code <data>/failed-events/} and kept in {@link #failures()}, never dropped.
 *
 * <p>Every event is in the {@link DeliveryJournal} from {@link #submit} until it ends, so one
 * accepted by a stack that then crashed or stopped is delivered by the next ({@link #resume}).
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
    private final DeliveryJournal journal;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.Map<String, DeliveryJournal.Entry> running = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile java.util.function.Consumer<Failure> destination = f -> { };

    /** What an earlier run left in the journal, read before anything new can be journaled. */
    private final List<DeliveryJournal.Entry> leftover;

    AsyncInvoker(List<Duration> retryDelays, Path failedDir, DeliveryJournal journal) {
        this.retryDelays = List.copyOf(retryDelays);
        this.failedDir = failedDir;
        this.journal = journal;
        this.leftover = journal.entries();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Accepts an event: journaled before this returns, invoked soon after. While the stack stops,
     * events are still accepted and journaled, and delivered by the next start.
     */
    void submit(FunctionProcess function, String payload, String description) {
        DeliveryJournal.Entry entry = journal.accept(function.function().logicalId(), description, payload);
        if (stopping) {
            LOG.info("{} ← {}: accepted while stopping; delivered at the next start", entry.function(), description);
            return;
        }
        inFlight.incrementAndGet();
        execute(function, entry);
    }

    /**
     * Delivers the events an earlier run of the stack journaled and did not finish (read when
     * this invoker was made, before the stack accepts anything). One whose attempt was running
     * when that stack died has that attempt counted as failed.
     *
     * @return how many were redelivered
     */
    int resume(java.util.Map<String, FunctionProcess> functions) {
        int redelivered = 0;
        for (DeliveryJournal.Entry e : leftover) {
            FunctionProcess function = functions.get(e.function());
            if (e.running()) {
                e = e.failed("interrupted: the local stack stopped during this attempt");
                journal.write(e);
            }
            if (function == null) {
                deadLetter(e.failed("the template has no function " + e.function()), "its function no longer exists");
                continue;
            }
            if (e.attempts() > retries(function)) {
                deadLetter(e, "failed " + e.attempts() + " attempts");
                continue;
            }
            LOG.info("{} ← {}: journaled by an earlier run ({} failed attempts); delivering it", e.function(), e.description(), e.attempts());
            inFlight.incrementAndGet();
            execute(function, e);
            redelivered++;
        }
        return redelivered;
    }

    private int retries(FunctionProcess function) {
        return Math.min(function.function().maxRetries(), retryDelays.size());
    }

    private void execute(FunctionProcess function, DeliveryJournal.Entry entry) {
        try {
            workers.execute(() -> attempt(function, entry));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            inFlight.decrementAndGet(); // stays in the journal for the next start
        }
    }

    private void attempt(FunctionProcess function, DeliveryJournal.Entry queued) {
        String name = queued.function();
        Duration age = Duration.between(queued.acceptedAt(), Instant.now());
        if (age.getSeconds() > function.function().maxEventAgeSeconds()) {
            deadLetter(queued, "older than MaximumEventAgeInSeconds (" + function.function().maxEventAgeSeconds() + " s)");
            inFlight.decrementAndGet();
            return;
        }
        if (stopping) {
            inFlight.decrementAndGet(); // not started: delivered at the next start
            return;
        }
        DeliveryJournal.Entry entry = queued.attempting();
        journal.write(entry);
        running.put(entry.id(), entry);
        int attempt = entry.attempts() + 1;
        String error;
        try {
            FunctionProcess.Invocation result = function.invoke(entry.event());
            if (result.ok()) {
                // Atomically with stop(): an entry removed here is never written back as stopped.
                running.compute(entry.id(), (id, e) -> {
                    journal.remove(entry);
                    return null;
                });
                LOG.info("{} ← {}: done (attempt {})", name, entry.description(), attempt);
                inFlight.decrementAndGet();
                return;
            }
            error = result.body();
            LOG.warn("{} ← {}: attempt {} failed: {}", name, entry.description(), attempt, abbreviate(error));
        } catch (IOException | RuntimeException e) {
            error = e.toString();
            LOG.warn("{} ← {}: attempt {} could not be delivered: {}", name, entry.description(), attempt, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        running.remove(entry.id());
        if (stopping) {
            // Ended by the stop, not by the event: this attempt does not count.
            journal.write(entry.stopped());
            inFlight.decrementAndGet();
            return;
        }
        DeliveryJournal.Entry failed = entry.failed(error);
        journal.write(failed);
        if (failed.attempts() <= retries(function)) {
            Duration delay = retryDelays.get(failed.attempts() - 1);
            try {
                timer.schedule(() -> execute(function, failed), delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                inFlight.decrementAndGet(); // the stack is stopping: the journal keeps it for the next start
                return;
            }
        }
        deadLetter(failed, "failed " + failed.attempts() + " attempts");
        inFlight.decrementAndGet();
    }

    /** Where an event that failed for good is sent besides {@code failed-events/}: the function's on-failure destination. */
    void sendFailuresTo(java.util.function.Consumer<Failure> destination) {
        this.destination = destination;
    }

    /** Moves an event that will not be delivered again to {@code failed-events/} and the function's on-failure destination. */
    private void deadLetter(DeliveryJournal.Entry e, String why) {
        Failure failure = new Failure(e.function(), e.description(), Instant.now(), e.errors(), e.event());
        failures.add(failure);
        keep(failure);
        try {
            destination.accept(failure);
        } catch (RuntimeException sendFailed) {
            // The event stays in failed-events/ (kept above): nothing is lost, the queue just lacks it.
            LOG.error("{} ← {}: could not send the failed event to its on-failure destination: {}", e.function(), e.description(), sendFailed.toString());
        }
        journal.remove(e);
        LOG.error("{} ← {}: FAILED ({}); the event is kept in {}", e.function(), e.description(), why, failedDir);
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

    /**
     * Stops starting attempts (new events are journaled only; retries wait in the journal) and
     * waits until {@code deadline} for running attempts to end.
     *
     * @return attempts still running at the deadline (the journal keeps them, not counted as failed)
     */
    int stop(Instant deadline) {
        stopping = true;
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger();
        for (String id : List.copyOf(running.keySet())) {
            running.computeIfPresent(id, (k, e) -> {
                journal.write(e.stopped());
                left.incrementAndGet();
                return e;
            });
        }
        return left.get();
    }

    @Override
    public void close() {
        stop(Instant.now());
        workers.shutdownNow();
    }
}
