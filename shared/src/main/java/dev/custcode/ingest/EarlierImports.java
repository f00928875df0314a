package dev.custcode.ingest;

import dev.custcode.store.ImportStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The imports of files uploaded before this one that are still running. A row that matches no
 * customer and cannot make one (a file of amounts by customer id) may mean a customer such an
 * import is about to create: the file dropped right after the one that creates its customers.
 * Before such rows are rejected, the import waits for those imports to finish, within a bound,
 * and applies the rows once more ({@link BatchApplier}). Only earlier uploads are waited for, so
 * two imports never wait for each other.
 */
class EarlierImports {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EarlierImports.class);
    /** How often the running imports are read while waiting. */
    static final Duration POLL = Duration.ofSeconds(1);

    /** What a wait found. */
    enum Outcome {
        /** No earlier upload is being imported: the rows stand as they are. */
        NONE,
        /** Earlier uploads were being imported and are done now: the rows are worth applying again. */
        FINISHED,
        /** One still runs, and the time to wait for it is over. */
        STILL_RUNNING
    }

    private final ImportStore imports;
    private final Clock clock;
    private final String importId;
    private final String uploadOrder;
    private final Runnable keepAlive;
    /** Waiting ends then, whatever is still running (a real-time bound, so that a fixed test clock cannot wait for ever). */
    private final long waitEndNanos;
    private String stillRunning;
    /** When the running imports were last read (System.nanoTime), 0 before. */
    private long lastChecked;
    /** How long an answer stands without reading the running imports again. */
    static final Duration RECHECK = Duration.ofSeconds(15);
    /**
     * Whether earlier uploads' imports ran when this one began and have not been waited for yet: one
     * that finishes between a batch's lookup and {@link #await} leaves rows that matched nobody then
     * and match its customers now (a file of amounts that began while the creating file's import was
     * two thirds done: its last third was rejected).
     */
    private boolean earlierRanAtStart;

    /**
     * @param uploadOrder this import's {@link Stamps#prefix} (its upload time and key)
     * @param waitUntil   when waiting ends (before the invocation's end, with time left to finish)
     * @param keepAlive   renews the import's lease while it waits
     */
    EarlierImports(ImportStore imports, Clock clock, String importId, String uploadOrder, Instant waitUntil, Runnable keepAlive) {
        this.imports = imports;
        this.clock = clock;
        this.importId = importId;
        this.uploadOrder = uploadOrder;
        this.keepAlive = keepAlive;
        Duration left = Duration.between(clock.instant(), waitUntil);
        this.waitEndNanos = System.nanoTime() + Math.max(0, Math.min(left.toNanos(), Duration.ofHours(1).toNanos()));
        this.earlierRanAtStart = !running().isEmpty();
    }

    /** Waits, within the bound, for the earlier uploads' imports running now; says what it found. */
    Outcome await() {
        // The running imports are one query (of the running ones only): asked at most once in RECHECK when nothing
        // is waited for (a partial file's batches each have rows that match nobody).
        if (lastChecked != 0 && System.nanoTime() - lastChecked < RECHECK.toNanos()) {
            return stillRunning != null ? Outcome.STILL_RUNNING : Outcome.NONE;
        }
        List<ImportStore.Unfinished> running = running();
        lastChecked = System.nanoTime();
        if (running.isEmpty()) {
            stillRunning = null;
            if (earlierRanAtStart) {
                earlierRanAtStart = false;
                LOG.info("import {}: the imports of earlier uploads running when it began are done; its rows that match no customer are tried again",
                        importId);
                return Outcome.FINISHED;
            }
            return Outcome.NONE;
        }
        long began = System.nanoTime();
        if (began < waitEndNanos) {
            LOG.info("import {} has rows that match no customer yet: it waits for {} of files uploaded before it", importId,
                    running.stream().map(u -> u.record().importId() + " (" + u.record().key() + ")").toList());
        }
        while (!running.isEmpty() && System.nanoTime() < waitEndNanos) {
            keepAlive.run();
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an earlier upload's import", e);
            }
            running = running();
        }
        lastChecked = System.nanoTime();
        long waited = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        if (running.isEmpty()) {
            stillRunning = null;
            earlierRanAtStart = false;
            LOG.info("import {} waited {} s: the imports of earlier uploads are done; its rows are tried again", importId, waited);
            return Outcome.FINISHED;
        }
        ImportStore.Unfinished first = running.get(0);
        stillRunning = "import " + first.record().importId() + " of " + first.record().key() + ", uploaded before this file, was still running";
        if (waited > 0) {
            LOG.warn("import {} waited {} s: {}; its rows that match no customer are rejected", importId, waited, stillRunning);
        }
        return Outcome.STILL_RUNNING;
    }

    /** After {@link Outcome#STILL_RUNNING}: which import, for the rows' reason. */
    String stillRunning() {
        return stillRunning;
    }

    /** Imports of files uploaded before this one, RUNNING and alive (a lease not run out), oldest upload first. */
    private List<ImportStore.Unfinished> running() {
        Instant now = clock.instant();
        return imports.unfinished().stream()
                .filter(u -> !u.record().importId().equals(importId) && u.quietSince().isAfter(now))
                .filter(u -> uploadOrder(u).compareTo(uploadOrder) < 0)
                .sorted(Comparator.comparing(EarlierImports::uploadOrder))
                .toList();
    }

    private static String uploadOrder(ImportStore.Unfinished u) {
        IncomingObject source = u.source();
        Instant uploaded = source != null && source.eventTime() != null ? source.eventTime() : Instant.parse(u.record().startedAt());
        return Stamps.prefix(uploaded, source != null ? source.key() : u.record().key());
    }
}
