package dev.custcode.store;

import dev.custcode.codes.CodeBlock;
import dev.custcode.ingest.IncomingObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Import bookkeeping: who is running which import, its progress, its code reservations, its outcome. */
public interface ImportStore {

    /**
     * Claims an import for this invocation with a lease: succeeds when the import is new, or
     * RUNNING with an expired lease (its last runner died). Finished imports and live leases are
     * not taken over.
     */
    Claim claim(ImportRecord start, IncomingObject source, Instant now, Instant leaseUntil);

    /**
     * Extends the lease and records progress: rows read, and of them accepted and rejected so far.
     *
     * @throws LeaseLostException when another run took the import over
     */
    void heartbeat(String importId, String runId, long rowsRead, RowCounts counted, Instant leaseUntil);

    /**
     * Lets the lease go at once (the run failed and will be retried): the import may be claimed
     * from {@code now} on (a claim at that very instant included), and a sweep counts its quiet
     * time from then.
     */
    void release(String importId, String runId, Instant now);

    /**
     * The code blocks recorded for one batch of an import, so a retried invocation reuses them
     * instead of reserving new numbers.
     */
    Map<String, CodeBlock> reservations(String importId, int batch);

    /**
     * Records a batch's blocks unless blocks were recorded for it already, in which case those
     * are returned and the caller must use them instead.
     */
    Map<String, CodeBlock> recordReservations(String importId, int batch, Map<String, CodeBlock> blocks);

    /**
     * Records the codes of customers a batch of the import created (idempotent: a redo records
     * them again). What an undo retires; one write per batch rather than one per customer.
     */
    void recordCreated(String importId, int batch, java.util.Collection<String> codes);

    /** Every code the import's batches recorded as created. */
    java.util.Set<String> created(String importId);

    /**
     * Records, before they are written, the codes of stored customers one part of an import (or a
     * re-evaluation run) is about to change, so that an undo finds the history of each without an
     * index of the history by import (idempotent, and a code listed but in the end not changed
     * costs the undo one read). {@code part} names the batch; parts may repeat.
     */
    void recordTouched(String importId, String part, java.util.Collection<String> codes);

    /** Every code recorded by {@link #recordTouched}. */
    java.util.Set<String> touched(String importId);

    // ---- imports cut into chunks (fan-out) ----

    /** Stores the plan of a fanned-out import, unless one is stored already (then that one is returned). */
    ImportPlan savePlan(String importId, ImportPlan plan);

    Optional<ImportPlan> plan(String importId);

    /** Chunks and bytes done so far; empty for an import that was not cut into chunks. */
    Optional<ImportPlan.Progress> progress(String importId);

    /** Claims one chunk with a lease, as {@link #claim} claims an import. */
    ImportPlan.ChunkClaim claimChunk(String importId, int chunk, Instant now, Instant leaseUntil);

    /**
     * Extends a chunk's lease.
     *
     * @throws LeaseLostException when another run took the chunk over
     */
    void heartbeatChunk(String importId, int chunk, String runId, long rowsRead, RowCounts counted, Instant leaseUntil);

    /**
     * Records how far a chunk was read ({@code rowsDone}, whole batches) and what its rows did so
     * far ({@code soFar}), and lets the chunk go at once (its lease ends now) for the invocation
     * that goes on with it: a chunk that cannot be read in one invocation's time is read in parts.
     * The next claim of the chunk returns both, is not counted as a recovery, and starts its
     * attempts at 1 again.
     *
     * @throws LeaseLostException when another run took the chunk over
     */
    void pauseChunk(String importId, int chunk, String runId, long rowsDone, String soFar, Instant now);

    /**
     * Marks a chunk finished with its result and counts it, its bytes and its rows accepted and
     * rejected, once: a chunk finished twice is counted once.
     *
     * @return chunks finished so far, this one included
     * @throws LeaseLostException when another run took the chunk over
     */
    long finishChunk(String importId, int chunk, String runId, String result, long bytes, RowCounts counted);

    /**
     * Names the chunk whose invocation finishes the import (the first to ask once all are done),
     * so that exactly one does; the same chunk may ask again (its retry after a crash).
     *
     * @return whether this chunk is (still) the one
     */
    boolean claimFinishing(String importId, int chunk);

    /** The results of the finished chunks, in chunk order. */
    java.util.List<String> chunkResults(String importId);

    /**
     * Records the outcome, only if this run still holds the import.
     *
     * @throws LeaseLostException when another run took the import over
     */
    void finish(ImportRecord finished, String runId);

    Optional<ImportRecord> find(String importId);

    /** Notes that an undo took the finished import's changes back ({@link ImportRecord#undoneAt}); nothing for an import unknown. */
    void markUndone(String importId, Instant at);

    // ---- the sweep: imports nobody finished ----

    /**
     * Imports without a final status, each with when it was last seen alive: the latest lease of
     * the import or of any of its chunks (a lease is renewed while its run makes progress).
     */
    java.util.List<Unfinished> unfinished();

    /**
     * Counts a re-drive of an unfinished import, once: false when it is claimed or finished, or
     * another sweep counted one since {@code seen} was read.
     */
    boolean countRedrive(String importId, int seen, Instant now);

    /**
     * An import still RUNNING.
     *
     * @param record     its record
     * @param source     the object it reads, as its first run was told (to deliver it again)
     * @param quietSince when its last lease (import's or chunk's) ran or runs out, or its last re-drive was sent
     * @param redrives   how many times a sweep re-drove it
     */
    record Unfinished(ImportRecord record, IncomingObject source, Instant quietSince, int redrives) {
    }

    // ---- probable duplicates found by imports, until a steward dismisses them ----

    /**
     * A pair of customers that are probably one.
     *
     * @param id          {@code <code>~<other>}, the lower code first: one pair, whichever import found it
     * @param importId    the import that found it first, and {@code line} its row
     * @param status      {@code open} or {@code dismissed}
     * @param folder      the folder of {@code code} when found, and {@code otherFolder} of {@code other}
     */
    record DuplicatePair(String id, String code, String other, double score, java.util.List<String> reasons, String importId, long line,
                         String foundAt, String status, String folder, String otherFolder) {
        public static final String OPEN = "open";
        public static final String DISMISSED = "dismissed";

        public static String id(String a, String b) {
            return a.compareTo(b) < 0 ? a + "~" + b : b + "~" + a;
        }
    }

    /**
     * Records the pairs not recorded before (a redo or a later import finding a known pair changes
     * nothing), and answers those of {@code pairs} that are not dismissed: what an import reports.
     * {@code fresh}: codes of customers the caller's run created, whose pairs nobody can know but a
     * redo of that run or another chunk of its import (a store may skip looking for them before it
     * writes; the answer is the same).
     */
    java.util.List<DuplicatePair> proposePairs(java.util.List<DuplicatePair> pairs, java.util.Set<String> fresh);

    /** Stored pairs one {@link #openPairs} call reads at least: {@code max(limit, PAIRS_READ)}. */
    int PAIRS_READ = 100;

    /**
     * Open pairs in id order after {@code cursor} (a pair id: a previous page's {@code next}), at most
     * {@code limit}; with a folder, the pairs with a customer filed in it or below when found. One call
     * reads at most {@code max(limit, PAIRS_READ)} stored pairs, dismissed ones included, so however many
     * are dismissed its work is bounded: a page may be short, even empty, and still have a next. The next
     * is the last pair returned when more open ones were read, else the last pair read while more are
     * stored (nothing after the cursor is skipped or repeated); null means no stored pair follows (a store
     * may give a next after the last one: the read after it is then empty, with none).
     */
    Page<DuplicatePair> openPairs(String folder, String cursor, int limit);

    Optional<DuplicatePair> pair(String id);

    /** Marks a pair dismissed, so that no import proposes it again; the pair as it is now, empty if unknown. */
    Optional<DuplicatePair> dismissPair(String id, Instant at);

    /** Deletes every pair, open or dismissed, the customer is in (its erasure); answers them as they were. */
    java.util.List<DuplicatePair> forgetPairs(String code);

    /**
     * Deletes the open pairs the import found first (its undo: the names and places they were found
     * by are reverted); a dismissed one stays dismissed. Answers those deleted. A later import that
     * finds such a pair again proposes it again.
     */
    java.util.List<DuplicatePair> withdrawPairs(String importId);

    /** Imports newest first, a page at a time; {@code cursor} is a previous page's {@code next} (null: the newest). */
    default Page<ImportRecord> recent(int limit, String cursor) {
        return recent(limit, cursor, null);
    }

    /**
     * The imports of one status (null: all), newest first, a page at a time. A page of one status
     * may hold fewer than {@code limit}, even none, and still have a {@code next}: follow it until null.
     */
    Page<ImportRecord> recent(int limit, String cursor, dev.custcode.ingest.ImportStatus status);

    /**
     * A page of results.
     *
     * @param next an opaque cursor for the next page, or null when this is the last
     */
    record Page<T>(java.util.List<T> items, String next) {
    }

    /** A cursor this store did not issue. */
    final class BadCursorException extends IllegalArgumentException {
        public BadCursorException(String message) {
            super(message);
        }
    }

    /** Outcome of {@link #claim}. */
    sealed interface Claim {
        /**
         * This invocation now runs the import; {@code resumed} when an earlier run died midway;
         * {@code startedAt} when the import's first run began (ISO-8601); {@code redrives} how many
         * times a sweep re-drove it; {@code attempt} which run this is (1 for the first).
         */
        record Started(String runId, boolean resumed, String startedAt, int redrives, int attempt) implements Claim {
            public Started(String runId, boolean resumed, String startedAt) {
                this(runId, resumed, startedAt, 0, resumed ? 2 : 1);
            }
        }

        /** The import finished before; nothing to do. */
        record AlreadyFinished(ImportRecord record) implements Claim {
        }

        /** Another invocation holds a live lease. */
        record Busy(Instant leaseUntil) implements Claim {
        }
    }
}
