package dev.custcode.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.Population;
import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.export.FolderExporter;
import dev.custcode.export.ExportManifest;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.ingest.IngestStores;
import dev.custcode.ingest.RowFileSink;
import dev.custcode.scheme.InvalidSchemeException;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.FolderStore.FolderRecord;
import dev.custcode.store.HistoryStore.Change;
import dev.custcode.store.HistoryStore.FieldChange;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A re-evaluation run: every filed customer classified again from what is stored about it, with
 * the run's scheme, population thresholds and "as of" date; the customers whose dimensions or
 * folder changed are written (codes never change), each with a history entry naming the run; the
 * folders they left and entered are announced for export (emptied folders are removed there); the
 * run reports {@code evaluations/<runId>/report.json} and {@code movements.csv}.
 *
 * <p>Exactly once, and resumable by running it again: the first attempt pins the scheme and the
 * "as of" date under {@code evaluations/<runId>/}; a customer already moved by an earlier attempt
 * classifies to where it is and is not written again, and its history entry (keyed by the run's
 * start, id and code, so written again identically) is what the report counts it from. A finished
 * run's report is answered as it is.
 *
 * <p>Requests: a scan of the filed customers by {@code readers} parallel readers, over as many
 * segments as the store advises (twice when the scheme ranks the population), then per changed
 * customer one conditional write and 1/25 of a history batch; per changed folder one registry
 * update; one manifest.
 */
public final class ReevaluationService {
    private static final Logger LOG = LoggerFactory.getLogger(ReevaluationService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int BATCH = 100;
    private static final int MAX_ATTEMPTS = 8;
    private static final Pattern CONTINUATION = Pattern.compile("evaluations/(" + RunRequest.RUN_ID.pattern() + ")/continue\\.json");
    public static final String KIND = "reevaluated";
    /** History field names of dimension changes: {@code dimension:tier}. */
    public static final String DIMENSION_FIELD = "dimension:";
    /** The attribute movements.csv lists beside the code. */
    private static final String NAME = "name";

    private final IngestStores stores;
    private final SchemeSource schemes;
    private final Clock clock;
    private final int readers;
    private final RunMetrics metrics;

    /** Runs that read the customers with {@code readers} threads at a time. */
    public ReevaluationService(IngestStores stores, SchemeSource schemes, Clock clock, int readers) {
        this(stores, schemes, clock, readers, RunMetrics.NONE);
    }

    private ReevaluationService(IngestStores stores, SchemeSource schemes, Clock clock, int readers, RunMetrics metrics) {
        this.stores = stores;
        this.schemes = schemes;
        this.clock = clock;
        this.readers = Math.max(1, readers);
        this.metrics = metrics;
    }

    /** This service, telling {@code metrics} of every run it finishes. */
    public ReevaluationService withMetrics(RunMetrics metrics) {
        return new ReevaluationService(stores, schemes, clock, readers, metrics);
    }

    /**
     * What the first attempt pinned ({@code evaluations/<runId>/run.json}), and how the latest attempt is doing.
     *
     * @param until     the deadline of the attempt running now (null: none, or the run is over)
     * @param lastError why the last attempt failed, when it failed with an error and Lambda retries it;
     *                  null while an attempt runs (so a preview found {@code RUNNING} without one, after
     *                  its attempt's deadline, died with no outcome: out of time or memory)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunState(String runId, String cause, String asOf, String startedAt, String status, int attempt, String draft,
                    String until, String lastError) {
        static RunState first(RunRequest request, Instant startedAt, Instant until) {
            return new RunState(request.runId(), request.cause(), request.effectiveAsOf().toString(), startedAt.toString(),
                    "RUNNING", 1, request.draft(), untilOf(until), null);
        }

        /** The state of the next attempt, which runs until {@code deadline}. */
        RunState next(Instant deadline) {
            return new RunState(runId, cause, asOf, startedAt, "RUNNING", attempt + 1, draft, untilOf(deadline), null);
        }

        RunState ended(String newStatus) {
            return new RunState(runId, cause, asOf, startedAt, newStatus, attempt, draft, null, null);
        }

        RunState failed(String why) {
            return new RunState(runId, cause, asOf, startedAt, status, attempt, draft, until, why);
        }

        /** Whether the attempt that wrote this state may still be running at {@code now}. */
        boolean attemptMayRun(Instant now) {
            return until != null && now.isBefore(Instant.parse(until));
        }

        private static String untilOf(Instant deadline) {
            return deadline == null || deadline.equals(Instant.MAX) ? null : deadline.toString();
        }

        boolean dryRun() {
            return draft != null;
        }
    }

    /** One changed customer, as {@code movements.csv} lists it. */
    record Movement(String code, String name, String from, String to, String reason, Map<String, String[]> dimensions) {
    }

    /** Runs (or finishes, or answers) the run a request names, with no time limit (tests, tools). */
    public EvaluationReport run(RunRequest request) {
        return run(request, Instant.MAX);
    }

    /**
     * Runs (or finishes, or answers) the run a request names until {@code deadline}: a run that
     * is not done by then answers status {@code CONTINUING} (its state saved) and goes on when it
     * is run again — by {@link #continuationKey} in AWS, which re-invokes the function.
     */
    public EvaluationReport run(RunRequest request, Instant deadline) {
        try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("runId", request.runId())) {
            return runWithId(request, deadline);
        }
    }

    private EvaluationReport runWithId(RunRequest request, Instant deadline) {
        ObjectStore objects = stores.objects();
        Optional<EvaluationReport> done = read(EvaluationReport.reportKey(request.runId()), EvaluationReport.class);
        if (done.isPresent() && done.get().finished()) {
            LOG.info("re-evaluation {} finished before ({}); nothing to do", request.runId(), done.get().status());
            return done.get();
        }
        String stateKey = EvaluationReport.prefix(request.runId()) + "run.json";
        String schemeKey = EvaluationReport.prefix(request.runId()) + "scheme.json";
        RunState state = read(stateKey, RunState.class).orElse(null);
        byte[] schemeJson;
        if (state == null && RunRequest.CONTINUE.equals(request.cause())) {
            return reject(request, "no run " + request.runId() + " to go on with");
        }
        if (state == null) {
            if (request.draft() != null && request.draftKey() == null) {
                schemeJson = schemes.currentJson(); // a preview of the active scheme, as of another date
            } else if (request.draft() != null) {
                // A preview runs with the draft, which must be a valid scheme: else its report says why.
                if (request.draft().isEmpty()) {
                    // Listed with an empty name, a preview would read as a real run to whoever tests the name.
                    return reject(request, request.draftKey() + " names no draft: put the scheme at " + RunRequest.DRAFTS_PREFIX
                            + "<name>.json (any name: letters of any script, spaces, folders)");
                }
                Optional<byte[]> draft = objects.read(request.draftKey());
                if (draft.isEmpty()) {
                    return reject(request, request.draftKey() + " is gone");
                }
                try {
                    SchemeLoader.parse(draft.get());
                } catch (InvalidSchemeException e) {
                    return reject(request, request.draftKey() + " is not a valid scheme: " + e.getMessage());
                }
                schemeJson = draft.get();
            } else {
                schemeJson = schemes.currentJson();
            }
            if (schemeJson == null) {
                throw new IllegalStateException("the scheme source cannot give the scheme as JSON to pin it");
            }
            objects.put(schemeKey, schemeJson, "application/json");
            state = RunState.first(request, clock.instant(), deadline);
        } else if (state.dryRun() && "RUNNING".equals(state.status()) && state.lastError() == null) {
            if (state.attemptMayRun(clock.instant())) {
                // The same request delivered twice: the attempt running has the outcome (and its retries).
                LOG.info("preview {}: attempt {} is running until {}; this delivery leaves it to it", state.runId(), state.attempt(), state.until());
                return EvaluationReport.unfinished(state, "RUNNING", null, null,
                        "attempt " + state.attempt() + " is running until " + state.until() + "; this delivery leaves the run to it");
            }
            // The attempt before ended with no outcome and no error after its deadline: killed at its
            // timeout or out of memory. A preview writes nothing to go on from, so this one would die the same way.
            return previewRejected(state, null, null, "draft " + state.draft() + ": attempt " + state.attempt()
                    + " of this preview ended without finishing (out of time or memory, too many customers to preview in one"
                    + " invocation); a preview writes nothing to go on from");
        } else {
            schemeJson = objects.read(schemeKey).orElseThrow(() -> new IllegalStateException(schemeKey + " is gone"));
            state = state.next(deadline);
        }
        put(stateKey, state);
        Scheme scheme;
        try {
            scheme = SchemeLoader.parse(schemeJson);
        } catch (InvalidSchemeException e) {
            throw new IllegalStateException(schemeKey + " is not a valid scheme: " + e.getMessage(), e);
        }
        try {
            return evaluate(state, scheme, deadline);
        } catch (RuntimeException e) {
            if (state.dryRun()) {
                // Says that this attempt failed with an error, which a retry may not meet again
                // (unlike a timeout: see above).
                try {
                    put(stateKey, state.failed(String.valueOf(e)));
                } catch (RuntimeException notRecorded) {
                    e.addSuppressed(notRecorded);
                }
            }
            throw e;
        }
    }

    /** Ends a preview as {@code REJECTED}: its report says why, and its run state says it is over. */
    private EvaluationReport previewRejected(RunState state, String schemeName, Long customers, String why) {
        EvaluationReport report = EvaluationReport.rejected(state, schemeName, customers, clock.instant().toString(), why);
        put(EvaluationReport.reportKey(state.runId()), report);
        put(EvaluationReport.prefix(state.runId()) + "run.json",
                state.ended("REJECTED"));
        LOG.warn("preview {} rejected: {}", state.runId(), why);
        return report;
    }

    /** The object whose creation goes on with a run that ran out of time ({@code evaluations/<runId>/continue.json}). */
    public static String continuationKey(String runId) {
        return EvaluationReport.prefix(runId) + "continue.json";
    }

    /** The run a continuation key names. */
    public static Optional<String> runIdOfContinuation(String key) {
        var m = CONTINUATION.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Writes the report of a request that cannot be run (an unreadable body), so that whoever asked sees why. */
    public EvaluationReport reject(RunRequest request, String why) {
        EvaluationReport report = EvaluationReport.rejected(request, clock.instant().toString(), why);
        put(EvaluationReport.reportKey(request.runId()), report);
        LOG.warn("re-evaluation {} rejected: {}", request.runId(), why);
        if (request.draft() == null) {
            metrics.reported(report);
        }
        return report;
    }

    /** Changed customers an invocation writes before it may stop for the deadline, so that every invocation moves the run on. */
    static final int MIN_WRITES_PER_STEP = 64;

    private EvaluationReport evaluate(RunState state, Scheme scheme, Instant deadline) {
        long t0 = System.nanoTime();
        LocalDate asOf = LocalDate.parse(state.asOf());
        // A run's later attempts read as many segments as its first and rank with its thresholds,
        // and take the segments it finished from what it saved of them.
        String planKey = EvaluationReport.prefix(state.runId()) + "scan.json";
        ScanPlan plan = state.dryRun() ? null : read(planKey, ScanPlan.class).orElse(null);
        int segments = plan != null ? plan.segments() : Math.max(readers, stores.customers().scanSegments(readers));
        Map<Integer, Segment> finished = plan == null ? Map.of() : finishedSegments(state.runId());
        Population population = Population.none();
        RunProgress progress = new RunProgress(stores.objects(), state.runId(), clock, filedCustomers(), System::nanoTime);
        if (plan != null) {
            population = plan.thresholds() == null ? Population.none() : Population.of(plan.thresholds());
        } else {
            Population.Ranking ranking = new Population.Ranking(scheme);
            if (ranking.needed()) {
                progress.begin("ranking", 0);
                for (Population.Ranking part : scanAll(segments, Set.of(), (segment, c) -> {
                    Population.Ranking r = new Population.Ranking(scheme);
                    c.forEachRemaining(customer -> {
                        r.add(customer.attributes());
                        progress.readOne();
                    });
                    progress.segmentEnded();
                    return r;
                })) {
                    ranking.addAll(part);
                }
                population = ranking.thresholds();
                LOG.info("re-evaluation {}: population thresholds {}", state.runId(), population.thresholds());
            }
            if (!state.dryRun()) {
                put(planKey, new ScanPlan(segments, population.thresholds().isEmpty() ? null : population.thresholds()));
            }
        }
        Classifier classifier = new Classifier(scheme, population);
        String cause = "re-evaluation " + state.runId() + " as of " + asOf;
        java.util.concurrent.atomic.AtomicBoolean outOfTime = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong writtenNow = new java.util.concurrent.atomic.AtomicLong();
        progress.begin("evaluating", finished.values().stream().mapToLong(f -> f.customers).sum());
        List<Segment> parts = scanAll(segments, finished.keySet(), (segment, c) -> {
            Segment s = new Segment();
            if (outOfTime.get()) {
                return s; // a segment begun after the invocation stopped: not even its first page is read
            }
            List<Pending> batch = new ArrayList<>();
            boolean stopped = false;
            while (c.hasNext()) {
                // A preview writes nothing, so it cannot go on in another invocation: it stops at the deadline too.
                // Once one reader stops, the others (and the segments not begun) stop with it.
                if (s.customers % 32 == 0 && (outOfTime.get()
                        || (state.dryRun() || writtenNow.get() >= MIN_WRITES_PER_STEP) && clock.instant().isAfter(deadline))) {
                    outOfTime.set(true);
                    stopped = true;
                    break;
                }
                Customer cur = c.next();
                s.customers++;
                progress.readOne();
                Classification cls = classifier.classify(cur.attributes(), asOf);
                Map<String, String> dims = cls.valueKeys();
                s.tally(cur.dimensions(), dims);
                if (cls.folder().equals(cur.folder()) && dims.equals(cur.dimensions())) {
                    continue;
                }
                if (state.dryRun()) {
                    // A preview: the movement a real run would make, and nothing written.
                    s.movements.add(movement(change(new Pending(cur, cls), state, cause), cur.attributes().get(NAME)));
                    continue;
                }
                batch.add(new Pending(cur, cls));
                if (batch.size() == BATCH) {
                    long before = s.written;
                    apply(batch, classifier, asOf, state, cause, s);
                    writtenNow.addAndGet(s.written - before);
                    batch.clear();
                }
            }
            long before = s.written;
            apply(batch, classifier, asOf, state, cause, s);
            writtenNow.addAndGet(s.written - before);
            if (!stopped && !state.dryRun()) {
                put(segmentKey(state.runId(), segment), s.saved());
            }
            progress.segmentEnded();
            return s;
        });
        parts = new ArrayList<>(parts);
        parts.addAll(finished.values());
        Segment all = new Segment();
        parts.forEach(all::add);
        if (outOfTime.get() && state.dryRun()) {
            return previewRejected(state, scheme.name(), all.customers, "draft " + state.draft()
                    + ": too many customers to preview in one invocation (" + all.customers
                    + " evaluated when its time ran out); a preview writes nothing to go on from");
        }
        if (outOfTime.get()) {
            LOG.info("re-evaluation {}: out of time after {} customers ({} written); it goes on in another invocation",
                    state.runId(), all.customers, all.written);
            return EvaluationReport.unfinished(state, "CONTINUING", scheme.name(), all.customers,
                    "goes on from " + continuationKey(state.runId()));
        }
        // Customers an earlier attempt moved classify to where they are now: the history says from where.
        if (state.attempt() > 1 && !state.dryRun()) {
            Set<String> here = new TreeSet<>();
            all.movements.forEach(m -> here.add(m.code()));
            List<String> earlier = stores.imports().touched(state.runId()).stream().filter(code -> !here.contains(code)).toList();
            for (Change c : stores.history().changedBy(state.runId(), earlier).values().stream().flatMap(List::stream).toList()) {
                if (KIND.equals(c.kind())) {
                    Movement m = movement(c, stores.customers().findByCode(c.code()).map(x -> x.attributes().get(NAME)).orElse(null));
                    all.movements.add(m);
                    all.untally(m);
                }
            }
        }
        all.movements.sort(Comparator.comparing(Movement::code));
        TreeSet<String> leaves = new TreeSet<>();
        long moved = 0;
        for (Movement m : all.movements) {
            leaves.add(m.from());
            leaves.add(m.to());
            moved += m.from().equals(m.to()) ? 0 : 1;
        }
        writeMovements(state, scheme, all.movements);
        Instant now = clock.instant();
        if (state.dryRun()) {
            return previewed(state, scheme, all, moved, population, leaves, t0);
        }
        if (!leaves.isEmpty()) {
            stores.folders().touch(leaves, state.runId(), now);
        }
        // Leaves no customer is filed in any more, or of levels the scheme no longer has: announced
        // too, so that their exports are removed (the exporter deletes a folder's files once it is empty).
        Set<String> announce = new TreeSet<>(leaves);
        for (FolderRecord r : stores.folders().all()) {
            boolean wrongDepth = r.folder().split("/").length != scheme.folders().size();
            if (wrongDepth || r.currentCount().map(n -> n == 0).orElse(false)) {
                announce.add(r.folder());
            }
        }
        if (!announce.isEmpty()) {
            ExportManifest manifest = new ExportManifest(state.runId(), now.toString(), List.copyOf(announce));
            stores.objects().put(manifest.key(), manifest.toJson(), "application/json");
        }
        long changed = all.movements.size();
        EvaluationReport report = EvaluationReport.done(state, scheme.name(), clock.instant().toString(), all.customers, changed, moved,
                all.matrix, population.thresholds(), List.copyOf(leaves));
        put(EvaluationReport.reportKey(state.runId()), report);
        metrics.reported(report);
        // What folder summaries say of the latest run (customers new since it, moved in and out by it).
        Map<String, Map<String, Long>> moves = new TreeMap<>();
        all.movements.stream().filter(m -> !m.from().equals(m.to()))
                .forEach(m -> moves.computeIfAbsent(m.from(), f -> new TreeMap<>()).merge(m.to(), 1L, Long::sum));
        put(FolderExporter.LATEST_RUN_KEY, new FolderExporter.LatestRun(state.runId(), state.asOf(), state.startedAt(), report.finishedAt(),
                moves, population.thresholds()));
        put(EvaluationReport.prefix(state.runId()) + "run.json",
                state.ended("DONE"));
        LOG.info("re-evaluation {} as of {}: {} customers, {} changed ({} moved; {} written in this attempt), {} folders, {} ms",
                state.runId(), asOf, all.customers, changed, moved, all.written, leaves.size(), (System.nanoTime() - t0) / 1_000_000);
        return report;
    }

    /**
     * The end of a preview: its report (marked with the draft's name) and run state, and nothing
     * else — no folder touched, no export announced, {@code evaluations/latest.json} as it was.
     */
    private EvaluationReport previewed(RunState state, Scheme scheme, Segment all, long moved, Population population, Set<String> leaves, long t0) {
        long changed = all.movements.size();
        EvaluationReport report = EvaluationReport.done(state, scheme.name(), clock.instant().toString(), all.customers, changed, moved,
                all.matrix, population.thresholds(), List.copyOf(leaves));
        // No metrics: a preview's figures are not movements, and dashboards count movements.
        put(EvaluationReport.reportKey(state.runId()), report);
        put(EvaluationReport.prefix(state.runId()) + "run.json",
                state.ended("DONE"));
        LOG.info("preview {} of draft {} as of {}: {} customers, {} would change ({} would move), {} ms", state.runId(), state.draft(),
                state.asOf(), all.customers, changed, moved, (System.nanoTime() - t0) / 1_000_000);
        return report;
    }

    /** A changed customer waiting for its write. */
    private record Pending(Customer read, Classification to) {
    }

    /**
     * Writes a batch of changed customers: their history entries first (idempotent), then each
     * customer conditionally on the version read; one changed meanwhile (an import) is read again
     * and decided again.
     */
    private void apply(List<Pending> batch, Classifier classifier, LocalDate asOf, RunState state, String cause, Segment s) {
        List<Pending> todo = new ArrayList<>(batch);
        for (int attempt = 1; !todo.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException(todo.size() + " customers kept changing during re-evaluation " + state.runId());
            }
            List<Change> changes = new ArrayList<>();
            List<CustomerWrite> writes = new ArrayList<>();
            for (Pending p : todo) {
                changes.add(change(p, state, cause));
                writes.add(new CustomerWrite.Update(p.read().toBuilder().folder(p.to().folder()).dimensions(p.to().valueKeys())
                        .version(p.read().version() + 1).updatedAt(state.startedAt()).build(), p.read().version(), List.of(), List.of()));
            }
            // Listed first, as an import does: a redelivered run finds the customers moved before by these codes.
            stores.imports().recordTouched(state.runId(), changes.get(0).code(), changes.stream().map(Change::code).toList());
            stores.history().record(changes);
            Set<String> failed = new TreeSet<>();
            stores.customers().write(writes).forEach(r -> failed.add(r.write().customer().code()));
            List<String> again = new ArrayList<>();
            for (int i = 0; i < todo.size(); i++) {
                Pending p = todo.get(i);
                if (failed.contains(p.read().code())) {
                    again.add(p.read().code());
                    s.untally(p.read().dimensions(), p.to().valueKeys());
                } else {
                    s.movements.add(movement(changes.get(i), p.read().attributes().get(NAME)));
                    s.written++;
                }
            }
            todo = new ArrayList<>();
            if (!again.isEmpty()) {
                Map<String, Customer> now = stores.customers().resolve(again.stream().map(IdentityKeys::codeKey).toList());
                for (String code : again) {
                    Customer cur = now.get(IdentityKeys.codeKey(code));
                    if (cur == null || cur.retired() || cur.folder() == null) {
                        continue;
                    }
                    Classification cls = classifier.classify(cur.attributes(), asOf);
                    s.tally(cur.dimensions(), cls.valueKeys());
                    if (!cls.folder().equals(cur.folder()) || !cls.valueKeys().equals(cur.dimensions())) {
                        todo.add(new Pending(cur, cls));
                    }
                }
            }
        }
    }

    private static Change change(Pending p, RunState state, String cause) {
        List<FieldChange> fields = new ArrayList<>();
        Map<String, String> to = p.to().valueKeys();
        new TreeMap<>(to).forEach((dim, value) -> {
            String from = p.read().dimensions().get(dim);
            if (!Objects.equals(from, value)) {
                fields.add(new FieldChange(DIMENSION_FIELD + dim, from, value));
            }
        });
        p.read().dimensions().keySet().stream().filter(d -> !to.containsKey(d)).sorted()
                .forEach(d -> fields.add(new FieldChange(DIMENSION_FIELD + d, p.read().dimensions().get(d), null)));
        return new Change(p.read().code(), state.startedAt(), state.runId(), 0, KIND, fields, p.read().folder(), p.to().folder(),
                List.of(), cause);
    }

    /** A movement from its history entry. */
    private static Movement movement(Change c, String name) {
        Map<String, String[]> dims = new TreeMap<>();
        List<String> reasons = new ArrayList<>();
        for (FieldChange f : c.fields()) {
            if (f.field().startsWith(DIMENSION_FIELD)) {
                String dim = f.field().substring(DIMENSION_FIELD.length());
                dims.put(dim, new String[]{f.from(), f.to()});
                reasons.add(dim + " " + (f.from() == null ? "-" : f.from()) + " → " + (f.to() == null ? "-" : f.to()));
            }
        }
        if (reasons.isEmpty() && c.moved()) {
            // Every value as it was: the scheme files them otherwise (a folder level added or dropped, a folder renamed).
            reasons.add("the scheme's folders changed; its values did not");
        }
        return new Movement(c.code(), name == null ? "" : name, c.fromFolder(), c.toFolder(), String.join("; ", reasons), dims);
    }

    /**
     * Writes {@code movements.csv} as an import writes its row files: names masked where the scheme
     * marks them personal, and in full at {@code private/evaluations/<runId>/movements.csv}.
     */
    private void writeMovements(RunState state, Scheme scheme, List<Movement> movements) {
        // A preview masks as the scheme in force does too: a draft saying "pii": false must not
        // show readers of evaluations/ what the product masks everywhere else.
        List<Scheme> masking = state.dryRun() ? List.of(scheme, schemes.current()) : List.of(scheme);
        RowFileSink out = new RowFileSink(stores.objects(), EvaluationReport.movementsKey(state.runId()),
                "code", "name", "from folder", "to folder", "reason");
        try {
            for (Movement m : movements) {
                out.row(new String[]{m.code(), m.name(), m.from(), m.to(), m.reason()},
                        new String[]{m.code(), maskedName(m.name(), masking), m.from(), m.to(), m.reason()});
            }
            out.close();
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /** A customer's name as the masked movement list shows it: masked as the first of {@code schemes} that marks it personal. */
    static String maskedName(String name, List<Scheme> schemes) {
        for (Scheme s : schemes) {
            if (s.isPersonal(NAME)) {
                return PersonalData.masked(NAME, name, s);
            }
        }
        return PersonalData.masked(NAME, name, schemes.get(0));
    }

    /** What a run's first attempt fixed for the others: how many segments it reads, the population's thresholds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScanPlan(int segments, Map<String, java.math.BigDecimal> thresholds) {
    }

    /**
     * A segment read to its end, as saved for the run's later attempts ({@code
     * evaluations/<runId>/segments/<n>.json}): its counts and movements, by code without names.
     */
    record SavedSegment(long customers, Map<String, Map<String, Map<String, Long>>> matrix, List<Movement> movements) {
    }

    static String segmentKey(String runId, int segment) {
        return EvaluationReport.prefix(runId) + "segments/" + String.format("%05d", segment) + ".json";
    }

    /** The segments earlier attempts of the run read to their end, by number. */
    private Map<Integer, Segment> finishedSegments(String runId) {
        String prefix = EvaluationReport.prefix(runId) + "segments/";
        Map<Integer, Segment> out = new TreeMap<>();
        for (String key : stores.objects().list(prefix)) {
            String name = key.substring(prefix.length());
            if (!name.matches("\\d{5}\\.json")) {
                continue;
            }
            read(key, SavedSegment.class).ifPresent(saved -> out.put(Integer.parseInt(name.substring(0, 5)), Segment.from(saved)));
        }
        if (!out.isEmpty()) {
            LOG.info("re-evaluation {}: {} segments finished by earlier attempts", runId, out.size());
        }
        // Saved without names (a customer's name is erased from the run's movements): named as they are now.
        List<String> codes = out.values().stream().flatMap(seg -> seg.movements.stream()).map(Movement::code).toList();
        Map<String, String> names = new java.util.HashMap<>();
        for (int i = 0; i < codes.size(); i += BATCH) {
            stores.customers().resolve(codes.subList(i, Math.min(codes.size(), i + BATCH)).stream().map(IdentityKeys::codeKey).toList())
                    .values().forEach(c -> names.put(c.code(), c.attributes().getOrDefault(NAME, "")));
        }
        for (Segment seg : out.values()) {
            seg.movements.replaceAll(m -> new Movement(m.code(), names.getOrDefault(m.code(), ""), m.from(), m.to(), m.reason(), m.dimensions()));
        }
        return out;
    }

    /** One scan segment's share of the run. */
    private static final class Segment {
        long customers;
        long written;
        final List<Movement> movements = new ArrayList<>();
        final Map<String, Map<String, Map<String, Long>>> matrix = new TreeMap<>();

        SavedSegment saved() {
            return new SavedSegment(customers, matrix,
                    movements.stream().map(m -> new Movement(m.code(), null, m.from(), m.to(), m.reason(), m.dimensions())).toList());
        }

        static Segment from(SavedSegment saved) {
            Segment s = new Segment();
            s.customers = saved.customers();
            s.movements.addAll(saved.movements());
            s.addMatrix(saved.matrix());
            return s;
        }

        void tally(Map<String, String> from, Map<String, String> to) {
            count(from, to, 1);
        }

        void untally(Map<String, String> from, Map<String, String> to) {
            count(from, to, -1);
        }

        /** A customer an earlier attempt moved was counted as staying where it is now. */
        void untally(Movement m) {
            m.dimensions().forEach((dim, fromTo) -> {
                if (fromTo[1] != null) {
                    bump(dim, fromTo[1], fromTo[1], -1);
                    bump(dim, fromTo[0] == null ? "-" : fromTo[0], fromTo[1], 1);
                }
            });
        }

        private void count(Map<String, String> from, Map<String, String> to, long n) {
            to.forEach((dim, value) -> {
                String was = from.get(dim);
                bump(dim, was == null ? "-" : was, value, n);
            });
        }

        private void bump(String dim, String from, String to, long n) {
            Map<String, Long> row = matrix.computeIfAbsent(dim, d -> new TreeMap<>()).computeIfAbsent(from, f -> new TreeMap<>());
            long v = row.getOrDefault(to, 0L) + n;
            if (v == 0) {
                row.remove(to);
                if (row.isEmpty()) {
                    matrix.get(dim).remove(from);
                }
            } else {
                row.put(to, v);
            }
        }

        void add(Segment other) {
            customers += other.customers;
            written += other.written;
            movements.addAll(other.movements);
            addMatrix(other.matrix);
        }

        private void addMatrix(Map<String, Map<String, Map<String, Long>>> other) {
            other.forEach((dim, rows) -> rows.forEach((from, cols) -> cols.forEach((to, n) -> bump(dim, from, to, n))));
        }
    }

    /** The work of one segment: {@code customers} are the segment's, read lazily. */
    @FunctionalInterface
    private interface SegmentWork<T> {
        T apply(int segment, Iterator<Customer> customers);
    }

    /**
     * Runs {@code work} over each of {@code segments} scan segments but those to {@code skip},
     * {@code readers} segments at a time; rethrows the first failure.
     */
    private <T> List<T> scanAll(int segments, Set<Integer> skip, SegmentWork<T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
            Thread t = new Thread(r, "reevaluate-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                if (skip.contains(i)) {
                    continue;
                }
                int segment = i;
                java.util.function.Supplier<T> scan = dev.custcode.logging.LogContext.carried(
                        () -> work.apply(segment, stores.customers().scan(segment, segments)));
                futures.add(pool.submit(scan::get));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                // Out of memory stays what it is: no retry of a preview will fare better (see lastError).
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Customers filed, as the folders' exports last counted them (the total a run's progress is of); null before any export. */
    private Long filedCustomers() {
        long total = 0;
        boolean counted = false;
        for (FolderRecord r : stores.folders().all()) {
            if (r.count() != null) {
                total += r.count();
                counted = true;
            }
        }
        return counted ? total : null;
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        return stores.objects().read(key).flatMap(bytes -> {
            try {
                return Optional.of(JSON.readValue(bytes, type));
            } catch (IOException e) {
                LOG.warn("{} is unreadable ({}); treated as absent", key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private void put(String key, Object value) {
        try {
            stores.objects().put(key, JSON.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
