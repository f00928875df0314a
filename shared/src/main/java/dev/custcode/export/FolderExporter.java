package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Population;
import dev.custcode.customer.CodeOrder;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.FolderStore.FolderRecord;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the folder tree to S3 from the customer store's current state: for every changed leaf
 * folder and each of its ancestors, {@code _export.csv} (every customer in that folder and below,
 * by code) and {@code _summary.json}; then {@code groups/_index.json}.
 *
 * <p>Exports are rebuilt from DynamoDB, never patched, so repeated or concurrent runs converge
 * on the same files. An ancestor's export is a k-way merge of its leaves' code-ordered streams:
 * memory holds one page per leaf, whatever the folder's size.
 */
public final class FolderExporter {
    public static final String ROOT = "groups/";
    /** The same layout with personal fields in full: readable only by whoever is granted them (see docs/security.md). */
    public static final String PRIVATE_ROOT = "private/groups/";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderExporter.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CustomerStore customers;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final SchemeSource schemes;
    private final Clock clock;

    private final Buffers buffers;

    /**
     * How an export holds the files it writes: parts of {@code partSize} bytes sent as they fill;
     * {@code spillAfter} bytes of each file always in memory, beyond them in memory while
     * {@code memoryBudget} bytes (of all the files one step writes) last, else in {@code spillDir}.
     */
    public record Buffers(int partSize, int spillAfter, long memoryBudget, Path spillDir) {
        /** Parts of {@link #PART_SIZE}, {@link #SPILL_AFTER} of each file in memory, an eighth of the heap for all, the temporary directory. */
        static Buffers defaults() {
            return new Buffers(PART_SIZE, SPILL_AFTER, Runtime.getRuntime().maxMemory() / 8, Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    public FolderExporter(CustomerStore customers, FolderStore folders, ObjectStore objects, SchemeSource schemes, Clock clock) {
        this(customers, folders, objects, schemes, clock, Buffers.defaults());
    }

    private FolderExporter(CustomerStore customers, FolderStore folders, ObjectStore objects, SchemeSource schemes, Clock clock, Buffers buffers) {
        this.customers = customers;
        this.folders = folders;
        this.objects = objects;
        this.schemes = schemes;
        this.clock = clock;
        this.buffers = buffers;
    }

    /** The same exporter sending parts of {@code bytes} (tests: many parts from few customers). */
    public FolderExporter withPartSize(int bytes) {
        return new FolderExporter(customers, folders, objects, schemes, clock,
                new Buffers(bytes, buffers.spillAfter(), buffers.memoryBudget(), buffers.spillDir()));
    }

    /** The same exporter keeping {@code bytes} of each file in memory, {@code budget} more of all together, the rest in {@code dir}. */
    public FolderExporter withSpill(int bytes, long budget, Path dir) {
        return new FolderExporter(customers, folders, objects, schemes, clock, new Buffers(buffers.partSize(), bytes, budget, dir));
    }

    /**
     * What one export run did, also written to {@code exports/<cause>.json}.
     *
     * @param passes      how many passes it took to converge (a folder changed during a pass is redone)
     * @param invocations how many invocations it took (a long export goes on in the next one)
     * @param folders     the folders whose files were written
     * @param rows        customer rows written over all exports
     */
    public record Result(String cause, String runId, String startedAt, String finishedAt, long millis, int passes, int invocations,
                         List<String> folders, long rows, long total) {
    }

    /** How an invocation's share of a run ended. */
    public sealed interface Outcome {
        /** The run is complete; its report is written. */
        record Done(Result result) implements Outcome {
        }

        /** The time ran out: the run goes on from the state at {@code stateKey}. */
        record Continue(String stateKey, ExportJob job) implements Outcome {
        }

        /** The state was already taken further by another delivery of the same message: nothing to do. */
        record Superseded(String stateKey) implements Outcome {
        }
    }

    private static final int MAX_PASSES = 5;
    /**
     * Bytes per part of a multipart export (S3 takes parts of 5 MiB and more, except the last).
     * One part at a time is in memory whole, while it is sent.
     */
    static final int PART_SIZE = 6 * 1024 * 1024;

    /**
     * What a file being written always keeps in memory; beyond it, its part grows in memory while the
     * step's budget (an eighth of the heap) lasts, then in a temporary file. A part is at least 5 MiB
     * (S3's rule) and a group writes every folder of its subtree at once (twice: the export and its
     * private copy): 43 files for a region of the default scheme, all in memory, ran 100,000 customers
     * out of a 256 MB heap and 1,000,000 close to 1 GB; a scheme of four levels has hundreds. /tmp
     * holds 512 MB (SnapStart's limit): about 85 parts, besides those in memory.
     */
    static final int SPILL_AFTER = 256 * 1024;
    /** Rows an invocation writes before it may stop for its deadline, so that every invocation moves the run on. */
    static final int MIN_ROWS_PER_STEP = 256;

    /** Refreshes a manifest's folders with no time limit (tests, benchmarks, tools). */
    public Result export(ExportManifest manifest) {
        Outcome outcome = export(manifest, Instant.MAX);
        if (outcome instanceof Outcome.Done done) {
            return done.result();
        }
        throw new IllegalStateException("an export without a deadline ended with " + outcome);
    }

    /**
     * Refreshes the files of a manifest's changed leaf folders, their ancestors, and the index,
     * until {@code deadline}: then it saves where it stands and answers {@link Outcome.Continue},
     * and {@link #resume} goes on from there (in the next invocation).
     *
     * <p>Converges under concurrency: if a leaf under a folder written in this pass changed after
     * the pass began (a concurrent import), that leaf and its ancestors are written again, so the
     * last files written for a folder always reflect a read made after its last change.
     */
    public Outcome export(ExportManifest manifest, Instant deadline) {
        String runId = manifest.cause() + "-" + java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());
        ExportJob job = new ExportJob(runId, manifest.cause(), clock.instant().toString(), 0, 0, null,
                List.copyOf(new TreeSet<>(manifest.folders())), Map.of(), null, List.of(), 0);
        return run(job, deadline);
    }

    /** Goes on with the run saved at {@code stateKey} by {@link Outcome.Continue}. */
    public Outcome resume(String stateKey, Instant deadline) {
        byte[] state = objects.read(stateKey).orElseThrow(() -> new IllegalArgumentException("no export state at " + stateKey));
        ExportJob job = ExportJob.parse(state);
        if (objects.read(ExportJob.stateKey(job.runId(), job.step() + 1)).isPresent()) {
            // This message was delivered again after its invocation had already saved the next state.
            LOG.info("export state {} was already taken further; this delivery does nothing", stateKey);
            return new Outcome.Superseded(stateKey);
        }
        return run(job, deadline);
    }

    private Outcome run(ExportJob job, Instant deadline) {
        Scheme scheme = schemes.current();
        boolean moved = false;
        while (true) {
            if (job.groups() == null) {
                if (job.pending().isEmpty() || job.pass() >= MAX_PASSES) {
                    return new Outcome.Done(finish(job));
                }
                if (moved && clock.instant().isAfter(deadline)) {
                    return suspend(job);
                }
                job = plan(job, scheme);
            }
            while (!job.groups().isEmpty()) {
                if (moved && clock.instant().isAfter(deadline)) {
                    return suspend(job);
                }
                ExportJob.Group group = job.groups().get(0);
                GroupRun r;
                try {
                    r = writeExports(job, group, new ExportColumns(scheme, group.columns()), deadline);
                } catch (ObjectStore.UploadMissingException e) {
                    // An attempt of this step that died later had completed this group's uploads (or a
                    // lifecycle rule aborted them): the group is written again from its first code.
                    LOG.info("export {}: {}; writing {} again from the start", job.runId(), e.getMessage(), group.top());
                    group = ExportJob.Group.fresh(group.top(), group.targets(), group.leaves(), group.columns());
                    r = writeExports(job, group, new ExportColumns(scheme, group.columns()), deadline);
                }
                moved = true;
                if (!r.done()) {
                    return suspend(job.withFirstGroup(r.group()));
                }
                job = job.withFirstGroupDone(r.group());
                Instant passStart = Instant.parse(job.passStart());
                for (String leaf : group.leaves()) {
                    folders.recordCount(leaf, job.counts().get(leaf), passStart);
                }
                Map<String, FolderRecord> registry = registry();
                FolderTree tree = new FolderTree(scheme, freshestCounts(job, registry));
                LatestRun latest = latestRun();
                for (String folder : group.targets()) {
                    FolderStats numbers = new FolderStats();
                    r.group().stats().forEach((leaf, st) -> {
                        if (contains(folder, leaf)) {
                            numbers.addAll(st);
                        }
                    });
                    writeSummary(folder, tree, registry.values().stream().filter(rec -> contains(folder, rec.folder())).toList(), numbers, latest);
                }
            }
            // The pass is done: the index, then whatever changed under its targets since it began.
            FolderTree tree = new FolderTree(scheme, freshestCounts(job, registry()));
            writeIndex(tree, scheme, job.cause());
            Set<String> targets = targets(job.pending());
            Set<String> written = new TreeSet<>(job.written());
            written.addAll(targets);
            Instant passStart = Instant.parse(job.passStart());
            Set<String> pending = new TreeSet<>();
            for (FolderRecord r : registry().values()) {
                boolean changedSince = r.lastChange() != null && Instant.parse(r.lastChange()).isAfter(passStart);
                if (changedSince && targets.stream().anyMatch(t -> contains(t, r.folder()))) {
                    pending.add(r.folder());
                }
            }
            job = new ExportJob(job.runId(), job.cause(), job.startedAt(), job.step(), job.pass(), job.passStart(),
                    List.copyOf(pending), job.counts(), null, List.copyOf(written), job.rows());
        }
    }

    /**
     * The run's counts of the leaves, each replaced by the count an export that began after this
     * pass recorded: a run that went on late (its step timed out and came back minutes later) does
     * not write the tree with the counts it read then over what later exports found.
     */
    private static Map<String, Long> freshestCounts(ExportJob job, Map<String, FolderRecord> registry) {
        Instant passStart = Instant.parse(job.passStart());
        Map<String, Long> counts = new TreeMap<>(job.counts());
        for (FolderRecord r : registry.values()) {
            if (r.count() != null && r.countedAt() != null && Instant.parse(r.countedAt()).isAfter(passStart)) {
                counts.put(r.folder(), r.count());
            }
        }
        return counts;
    }

    /** Plans the next pass: counts every leaf, and lists each top-level folder's targets and the leaves they need. */
    private ExportJob plan(ExportJob job, Scheme scheme) {
        Instant passStart = clock.instant();
        Map<String, FolderRecord> registry = registry();
        Set<String> targets = targets(job.pending());
        Map<String, List<String>> targetsByTop = new TreeMap<>();
        targets.forEach(t -> targetsByTop.computeIfAbsent(top(t), k -> new ArrayList<>()).add(t));
        List<ExportJob.Group> groups = new ArrayList<>();
        // One group per top-level folder: its leaves merged in code order, each row written to the
        // export of every target folder that contains it (a subsequence of a sorted stream is
        // sorted), so each customer is read once however deep the tree.
        Map<String, String> columns = otherColumns();
        for (var e : targetsByTop.entrySet()) {
            List<String> leaves = registry.keySet().stream()
                    .filter(l -> e.getValue().stream().anyMatch(t -> contains(t, l))).toList();
            groups.add(ExportJob.Group.fresh(e.getKey(), e.getValue(), leaves, columns));
        }
        // The leaves this pass reads are counted as they are read; the others keep the count an
        // export recorded, unless they changed since (then they are counted here).
        Set<String> read = new TreeSet<>();
        groups.forEach(g -> read.addAll(g.leaves()));
        Map<String, Long> counts = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        for (FolderRecord r : registry.values()) {
            if (!read.contains(r.folder())) {
                r.currentCount().ifPresentOrElse(n -> counts.put(r.folder(), n), () -> stale.add(r.folder()));
            }
        }
        counts.putAll(counts(stale));
        LOG.info("export {} pass {}: {} folders under {} top-level folders, {} unread leaves counted in {} ms", job.runId(), job.pass() + 1,
                targets.size(), groups.size(), stale.size(), java.time.Duration.between(passStart, clock.instant()).toMillis());
        return new ExportJob(job.runId(), job.cause(), job.startedAt(), job.step(), job.pass() + 1, passStart.toString(),
                job.pending(), counts, groups, job.written(), job.rows());
    }

    /** Most other columns an export shows: past them a file would be more columns than customers. */
    static final int MAX_OTHER_COLUMNS = CustomerStore.MAX_COLUMNS;

    /**
     * The other columns rows were stored with (csv.HeaderMapping's keys of columns no field names),
     * those the scheme made fields since left out, the first {@value #MAX_OTHER_COLUMNS} in order: key → header.
     */
    private Map<String, String> otherColumns() {
        Scheme scheme = schemes.current();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        customers.columns().forEach((key, header) -> {
            if (!scheme.fields().containsKey(key) && out.size() < MAX_OTHER_COLUMNS) {
                out.put(key, header);
            }
        });
        return out;
    }

    private Outcome suspend(ExportJob job) {
        ExportJob next = job.nextStep();
        objects.put(next.stateKey(), next.toJson(), "application/json");
        ExportJob.Group current = job.groups() == null || job.groups().isEmpty() ? null : job.groups().get(0);
        LOG.info("export {} goes on in another invocation from {} ({} rows of {} so far)", job.runId(), next.stateKey(),
                current == null ? 0 : current.rows(), current == null ? "-" : current.top());
        return new Outcome.Continue(next.stateKey(), next);
    }

    private Result finish(ExportJob job) {
        Instant finished = clock.instant();
        Instant started = Instant.parse(job.startedAt());
        Result result = new Result(job.cause(), job.runId(), job.startedAt(), finished.toString(),
                java.time.Duration.between(started, finished).toMillis(), job.pass(), job.step() + 1, job.written(), job.rows(),
                job.counts().values().stream().mapToLong(Long::longValue).sum());
        put(ExportManifest.reportKey(job.cause()), result);
        LOG.info("exported {} folders ({} rows) for {} in {} ms, {} pass(es), {} invocation(s)", result.folders().size(), result.rows(),
                job.cause(), result.millis(), result.passes(), result.invocations());
        return result;
    }

    private static Set<String> targets(Collection<String> leaves) {
        Set<String> targets = new TreeSet<>();
        leaves.forEach(leaf -> targets.addAll(FolderTree.selfAndAncestors(leaf)));
        return targets;
    }

    private Map<String, FolderRecord> registry() {
        Map<String, FolderRecord> registry = new TreeMap<>();
        folders.all().forEach(r -> registry.put(r.folder(), r));
        return registry;
    }

    private Map<String, Long> counts(Collection<String> leaves) {
        Map<String, Long> counts = new TreeMap<>();
        leaves.parallelStream().forEach(leaf -> {
            long n = customers.countFolder(leaf);
            synchronized (counts) {
                counts.put(leaf, n);
            }
        });
        return counts;
    }

    private static String top(String folder) {
        int slash = folder.indexOf('/');
        return slash < 0 ? folder : folder.substring(0, slash);
    }

    private static boolean contains(String folder, String leaf) {
        return leaf.equals(folder) || leaf.startsWith(folder + "/");
    }

    /**
     * How far one invocation took a group: to its end ({@code cut} null) or to a cut where the next
     * goes on; {@code rows} counts the group's customers read by all its steps.
     */
    private record GroupRun(boolean done, ExportJob.Group group) {
    }

    /** Customers a group's merge holds in memory at most, about (plus 25 per shard of each leaf). */
    static final int MERGE_BUFFER = 24_000;

    /**
     * Writes a group's exports from one merge of its leaves, resuming after its last written code,
     * until the merge ends (the exports are completed) or the deadline passes (what was encoded
     * since the last part is saved, and the group's state answered).
     */
    private GroupRun writeExports(ExportJob job, ExportJob.Group group, ExportColumns columns, Instant deadline) {
        List<TargetWriter> writers = new ArrayList<>();
        try {
            return writeExports(job, group, columns, deadline, writers, new Budget(buffers.memoryBudget()));
        } finally {
            writers.forEach(TargetWriter::discard); // their temporary files, also when the step failed
        }
    }

    private GroupRun writeExports(ExportJob job, ExportJob.Group group, ExportColumns columns, Instant deadline, List<TargetWriter> writers,
                                  Budget budget) {
        Map<String, List<TargetWriter>> routes = new TreeMap<>();
        ExcelCsvWriter.RowEncoder encoder = new ExcelCsvWriter.RowEncoder();
        byte[] header = encoder.encode(columns.header());
        Map<String, List<TargetWriter>> personalRoutes = new TreeMap<>();
        List<TargetWriter> indexes = new ArrayList<>();
        for (ExportJob.Upload upload : group.uploads()) {
            if (upload.index()) {
                TargetWriter w = new TargetWriter(SearchIndex.key(upload.folder()), upload, null, budget);
                writers.add(w);
                indexes.add(w);
                continue;
            }
            TargetWriter w = new TargetWriter((upload.personal() ? PRIVATE_ROOT : ROOT) + upload.folder() + "/_export.csv", upload, header, budget);
            writers.add(w);
            for (String leaf : group.leaves()) {
                if (contains(upload.folder(), leaf)) {
                    (upload.personal() ? personalRoutes : routes).computeIfAbsent(leaf, k -> new ArrayList<>()).add(w);
                }
            }
        }
        long t0 = System.nanoTime();
        // Every leaf's members are read side by side: their pages together hold at most ~MERGE_BUFFER
        // customers (a group of 15 leaves with 1 M customers ran out of 1 GB with 1 MB pages).
        int pageSize = Math.max(200, MERGE_BUFFER / Math.max(1, group.leaves().size()));
        Iterator<Customer> merged = CodeOrder.merge(group.leaves().stream().map(l -> customers.folderMembers(l, group.afterCode(), pageSize)).toList());
        LOG.info("export {}: {} from {} leaves into {} folders, first pages read in {} ms", job.runId(), group.top(), group.leaves().size(),
                writers.size(), (System.nanoTime() - t0) / 1_000_000);
        String last = group.afterCode();
        long read = group.rows();
        long readHere = 0;
        Map<String, Long> counted = new TreeMap<>(group.counted());
        Map<String, FolderStats> stats = new TreeMap<>(group.stats());
        LatestRun latest = latestRun();
        String since = latest == null ? null : latest.startedAt();
        while (merged.hasNext()) {
            Customer c = merged.next();
            byte[] row = encoder.encode(columns.row(c, false));
            for (TargetWriter w : routes.getOrDefault(c.folder(), List.of())) {
                w.append(row);
            }
            if (!indexes.isEmpty()) {
                byte[] entry = SearchIndex.line(c);
                indexes.forEach(w -> w.append(entry));
            }
            List<TargetWriter> personal = personalRoutes.getOrDefault(c.folder(), List.of());
            if (!personal.isEmpty()) {
                byte[] full = encoder.encode(columns.row(c, true));
                for (TargetWriter w : personal) {
                    w.append(full);
                }
            }
            last = c.code();
            read++;
            readHere++;
            counted.merge(c.folder(), 1L, Long::sum);
            stats.computeIfAbsent(c.folder(), f -> new FolderStats()).add(c, since);
            if (readHere % 64 == 0 && readHere >= MIN_ROWS_PER_STEP && merged.hasNext() && clock.instant().isAfter(deadline)) {
                List<ExportJob.Upload> uploads = new ArrayList<>();
                for (int i = 0; i < writers.size(); i++) {
                    uploads.add(writers.get(i).suspend(job.carryKey(i)));
                }
                LOG.info("export {}: {} rows of {} in {} ms in this invocation; stopping for its deadline", job.runId(), readHere, group.top(),
                        (System.nanoTime() - t0) / 1_000_000);
                return new GroupRun(false, group.at(last, uploads, read, counted, stats));
            }
        }
        // An erasure's export: what it rewrites held the erased person, and so do its earlier versions.
        boolean purge = job.cause() != null && job.cause().startsWith("erase-");
        for (TargetWriter w : writers) {
            // A folder nobody is filed in any more (all moved out, or of levels the scheme no longer
            // has) keeps no export: a stale file would list customers who are elsewhere now.
            long rows = counted.entrySet().stream().filter(e -> contains(w.folder, e.getKey())).mapToLong(Map.Entry::getValue).sum();
            if (rows == 0) {
                objects.delete(w.key);
            } else {
                w.complete();
            }
            if (purge) {
                objects.deleteOlderVersions(w.key);
            }
        }
        LOG.info("export {}: {} done, {} rows in {} ms in this invocation", job.runId(), group.top(), readHere, (System.nanoTime() - t0) / 1_000_000);
        return new GroupRun(true, group.at(last, List.of(), read, counted, stats));
    }

    /**
     * One target's {@code _export.csv} being written: a small one in one request when complete, a
     * large one as a multipart upload that may span invocations. Holds {@link Buffers#spillAfter} bytes in
     * memory, more while the step's budget lasts: the rest of a part waits in a temporary file.
     */
    private final class TargetWriter {
        private final String key;
        private final String folder;
        private final boolean personal;
        private final boolean index;
        private java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(8 * 1024);
        private Path spill;
        private java.io.OutputStream spillOut;
        /** Bytes waiting to be sent, in memory and in the spill file. */
        private long pending;
        /** Bytes of the step's budget this file holds. */
        private long taken;
        private final Budget budget;
        private final List<String> eTags;
        private String uploadId;

        TargetWriter(String key, ExportJob.Upload upload, byte[] header, Budget budget) {
            this.budget = budget;
            this.key = key;
            this.folder = upload.folder();
            this.personal = upload.personal();
            this.index = upload.index();
            this.uploadId = upload.uploadId();
            this.eTags = new ArrayList<>(upload.eTags());
            if (!upload.started() && header != null) {
                write(ExcelCsvWriter.BOM);
                write(header);
            } else if (upload.carryKey() != null) {
                write(objects.read(upload.carryKey())
                        .orElseThrow(() -> new IllegalStateException("the saved part of " + key + " is gone: " + upload.carryKey())));
            }
        }

        void append(byte[] row) {
            write(row);
            if (pending >= buffers.partSize()) {
                sendPart();
            }
        }

        private void write(byte[] bytes) {
            try {
                if (spillOut == null && buffer.size() + bytes.length > buffers.spillAfter()) {
                    if (budget.take(bytes.length)) {
                        taken += bytes.length;
                        buffer.writeBytes(bytes);
                        pending += bytes.length;
                        return;
                    }
                    spill = Files.createTempFile(buffers.spillDir(), "custcode-export-", ".part");
                    spillOut = new java.io.BufferedOutputStream(Files.newOutputStream(spill), 64 * 1024);
                    buffer.writeTo(spillOut);
                    buffer = new java.io.ByteArrayOutputStream(0);
                    budget.give(taken);
                    taken = 0;
                }
                if (spillOut != null) {
                    spillOut.write(bytes);
                } else {
                    buffer.writeBytes(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the next part of " + key + " in " + buffers.spillDir(), e);
            }
            pending += bytes.length;
        }

        /** What waits to be sent, read once (one part at a time is in memory whole). */
        private byte[] pendingBytes() {
            if (spillOut == null) {
                return buffer.toByteArray();
            }
            try {
                spillOut.flush();
                return Files.readAllBytes(spill);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the next part of " + key + " back from " + spill, e);
            }
        }

        private void sendPart() {
            if (uploadId == null) {
                uploadId = objects.startUpload(key, index ? TSV : CSV);
            }
            byte[] part = pendingBytes();
            eTags.add(objects.uploadPart(key, uploadId, eTags.size() + 1, part, part.length));
            discard();
        }

        /** Drops what waits to be sent, and its temporary file. */
        void discard() {
            buffer = new java.io.ByteArrayOutputStream(8 * 1024);
            pending = 0;
            budget.give(taken);
            taken = 0;
            if (spillOut != null) {
                try {
                    spillOut.close();
                    Files.deleteIfExists(spill);
                } catch (IOException e) {
                    LOG.warn("export: cannot remove {} ({})", spill, e.getMessage());
                }
                spillOut = null;
                spill = null;
            }
        }

        ExportJob.Upload suspend(String carryKey) {
            if (pending == 0) {
                return new ExportJob.Upload(folder, uploadId, List.copyOf(eTags), null, personal, index);
            }
            objects.put(carryKey, pendingBytes(), CSV);
            discard();
            return new ExportJob.Upload(folder, uploadId, List.copyOf(eTags), carryKey, personal, index);
        }

        void complete() {
            if (uploadId == null) {
                objects.put(key, pendingBytes(), index ? TSV : CSV);
                discard();
                return;
            }
            if (pending > 0) {
                sendPart();
            }
            objects.completeUpload(key, uploadId, eTags);
        }
    }

    /** The bytes beyond {@link Buffers#spillAfter} that the files of one step may still hold in memory together. */
    private static final class Budget {
        private long left;

        Budget(long bytes) {
            left = bytes;
        }

        /** Takes {@code bytes} if that many are left. */
        boolean take(long bytes) {
            if (left < bytes) {
                return false;
            }
            left -= bytes;
            return true;
        }

        void give(long bytes) {
            left += bytes;
        }
    }

    private static final String CSV = "text/csv; charset=utf-8";
    private static final String TSV = "text/tab-separated-values; charset=utf-8";

    /**
     * The latest finished re-evaluation run, as {@code evaluations/latest.json} tells it (null before
     * the first): when, the customers it moved (from folder → to folder → how many), and the
     * population thresholds it found (read by every later classification).
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record LatestRun(String runId, String asOf, String startedAt, String finishedAt, Map<String, Map<String, Long>> moves,
                            Map<String, java.math.BigDecimal> thresholds) {
    }

    public static final String LATEST_RUN_KEY = "evaluations/latest.json";

    /**
     * The population thresholds of the latest finished re-evaluation run ("top 20 % by amount"),
     * which every place that files a customer outside a run classifies with, so that a customer
     * is filed where the run would file it; none before the first run or when its file is unreadable.
     */
    public static Population latestPopulation(ObjectStore objects) {
        return objects.read(LATEST_RUN_KEY).map(bytes -> {
            try {
                return Population.of(JSON.readTree(bytes).path("thresholds"));
            } catch (IOException e) {
                LOG.warn("{} is unreadable ({}); classifying without population thresholds", LATEST_RUN_KEY, e.getMessage());
                return Population.none();
            }
        }).orElse(Population.none());
    }

    private LatestRun latestRun() {
        return objects.read(LATEST_RUN_KEY).map(b -> {
            try {
                return JSON.readValue(b, LatestRun.class);
            } catch (IOException e) {
                LOG.warn("{} is unreadable ({}); summaries say nothing of the latest run", LATEST_RUN_KEY, e.getMessage());
                return null;
            }
        }).orElse(null);
    }

    private void writeSummary(String folder, FolderTree tree, List<FolderRecord> leafRecords, FolderStats numbers, LatestRun latest) {
        FolderTree.Node node = tree.find(folder);
        if (node == null || node.count() == 0) {
            objects.delete(ROOT + folder + "/_summary.json");
            return;
        }
        String[] segments = folder.split("/");
        List<Summary.Child> children = new ArrayList<>();
        for (FolderTree.Node child : node.children()) {
            if (child.count() > 0) { // a folder nobody is in any more (a level the scheme dropped) is not a child
                children.add(new Summary.Child(child.segment(), child.label(), child.count()));
            }
        }
        String lastChange = leafRecords.stream().map(FolderRecord::lastChange).max(String::compareTo).orElse(null);
        Set<String> importIds = new TreeSet<>();
        leafRecords.forEach(r -> importIds.addAll(r.importIds()));
        Summary.Statistics statistics = numbers.view();
        if (latest != null) {
            long in = 0;
            long out = 0;
            for (var from : (latest.moves() == null ? Map.<String, Map<String, Long>>of() : latest.moves()).entrySet()) {
                for (var to : from.getValue().entrySet()) {
                    boolean wasIn = contains(folder, from.getKey());
                    boolean isIn = contains(folder, to.getKey());
                    in += !wasIn && isIn ? to.getValue() : 0;
                    out += wasIn && !isIn ? to.getValue() : 0;
                }
            }
            statistics = statistics.since(new Summary.SinceLastRun(latest.runId(), latest.asOf(), numbers.createdSince(), in, out));
        }
        Summary summary = new Summary(folder, segments[segments.length - 1], tree.label(segments.length - 1, segments[segments.length - 1]),
                tree.labels(folder), node.count(), children, lastChange, importIds, statistics);
        put(ROOT + folder + "/_summary.json", summary);
    }

    private void writeIndex(FolderTree tree, Scheme scheme, String cause) {
        put(ROOT + "_index.json", new Tree(clock.instant().toString(), cause, scheme.name(), scheme.folders(), tree.root().count(), nodes(tree.root())));
    }

    private static List<Tree.Node> nodes(FolderTree.Node parent) {
        List<Tree.Node> out = new ArrayList<>();
        for (FolderTree.Node n : parent.children()) {
            if (n.count() > 0) {
                out.add(new Tree.Node(n.segment(), n.path(), n.label(), n.dimension(), n.count(), nodes(n)));
            }
        }
        return out;
    }

    private void put(String key, Object value) {
        try {
            objects.put(key, JSON.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
