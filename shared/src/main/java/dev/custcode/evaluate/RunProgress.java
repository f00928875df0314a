package dev.custcode.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far a running re-evaluation or preview is, for {@code GET /evaluations/{runId}}: written to
 * {@code evaluations/<runId>/progress.json} when a phase begins, when a segment ends, and at most
 * every {@value #EVERY_SECONDS} seconds in between (by whichever reader passes then). The run's
 * report replaces it as the answer once the run ends.
 */
final class RunProgress {
    static final int EVERY_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What {@code progress.json} holds.
     *
     * @param phase         {@code ranking} (reading the population for its thresholds) or {@code evaluating}
     * @param customersRead customers read in this phase, by this attempt and the earlier ones
     * @param customers     customers filed when the run began (as the folders' exports last counted them), null when unknown
     * @param percent       of the phase, below 100 while it runs; null when the total is unknown
     * @param at            when written
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Snapshot(String phase, long customersRead, Long customers, Double percent, String at) {
    }

    private final ObjectStore objects;
    private final String key;
    private final Clock clock;
    private final Long customers;
    private final LongSupplier nanos;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong lastWrite = new AtomicLong();
    private volatile String phase;

    RunProgress(ObjectStore objects, String runId, Clock clock, Long customers, LongSupplier nanos) {
        this.objects = objects;
        this.key = key(runId);
        this.clock = clock;
        this.customers = customers;
        this.nanos = nanos;
    }

    static String key(String runId) {
        return EvaluationReport.prefix(runId) + "progress.json";
    }

    /** A phase begins, with {@code alreadyRead} customers read by earlier attempts; written at once. */
    void begin(String phase, long alreadyRead) {
        this.phase = phase;
        read.set(alreadyRead);
        write();
    }

    /** One more customer read; written if the last write is old enough. */
    void readOne() {
        read.incrementAndGet();
        long now = nanos.getAsLong();
        long last = lastWrite.get();
        if (now - last >= EVERY_SECONDS * 1_000_000_000L && lastWrite.compareAndSet(last, now)) {
            write();
        }
    }

    /** A segment ended: written. */
    void segmentEnded() {
        write();
    }

    Snapshot snapshot() {
        long n = read.get();
        Double percent = customers == null || customers == 0 ? null : Math.min(99.9, Math.floor(n * 1000.0 / customers) / 10.0);
        return new Snapshot(phase, n, customers, percent, clock.instant().toString());
    }

    /** One write at a time: each reader writes after counting, so the last write counts every customer read. */
    private synchronized void write() {
        lastWrite.set(nanos.getAsLong());
        try {
            objects.put(key, JSON.writeValueAsBytes(snapshot()), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
