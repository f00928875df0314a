package dev.custcode.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.customer.Customer;
import dev.custcode.export.ExportManifest;
import dev.custcode.export.FolderExporter;
import dev.custcode.identity.IdentityKind;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.HistoryStore.Change;
import dev.custcode.store.HistoryStore.FieldChange;
import dev.custcode.store.ImportStore;
import dev.custcode.store.MergedCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes an import, from its changes in the history: fields and folders it changed go back to
 * their previous values where no later write changed them since (those are listed, not
 * overwritten), keys it gave customers are given up, and customers it created are retired (their
 * codes are never reused; lookups answer {@code 410 Gone}). Triggered by any object at
 * {@code undo/<importId>.json}; the result is {@code imports/<importId>/undo-report.json}.
 *
 * <p>Idempotent: a finished undo's report is returned as it is. Each customer is written
 * conditionally on the version read, and re-read when another writer was faster.
 */
public final class UndoService {
    private static final Logger LOG = LoggerFactory.getLogger(UndoService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern UNDO_KEY = Pattern.compile("undo/([0-9a-f]{20})\\.json");
    /** An import id within other text: 20 hexadecimal digits, no more. */
    private static final Pattern ANY_IMPORT_ID = Pattern.compile("(?<![0-9A-Za-z])[0-9a-fA-F]{20}(?![0-9A-Za-z])");
    private static final int MAX_ATTEMPTS = 8;

    private final IngestStores stores;
    private final SchemeSource schemes;
    private final Clock clock;

    public UndoService(IngestStores stores, SchemeSource schemes, Clock clock) {
        this.stores = stores;
        this.schemes = schemes;
        this.clock = clock;
    }

    public static String reportKey(String importId) {
        return "imports/" + importId + "/undo-report.json";
    }

    /** Where an undo of this import is asked for. */
    public static String requestKey(String importId) {
        return "undo/" + importId + ".json";
    }

    /** The import id an {@code undo/<importId>.json} key names, if it names one. */
    public static Optional<String> importIdOf(String key) {
        var m = UNDO_KEY.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Where a request at {@code undo/<name>.json} that names no import is answered: under
     * {@code imports/}, which no trigger watches (a result under {@code undo/} would trigger again).
     */
    public static String unreadRequestKey(String requestKey) {
        return "imports/undo-requests/" + requestKey.substring(requestKey.indexOf('/') + 1);
    }

    /**
     * Answers an object put under {@code undo/}: undoes the import its name names, written as its
     * folder under {@code imports/} is ({@code undo/<importId>.json}), or in capitals, or within a
     * longer name ({@code undo/undo-<importId>.json}); else the one its content names
     * ({@code {"importId": "…"}}, or the id anywhere in its text). A request that names none, or
     * several, is not guessed at: its answer, at {@link #unreadRequestKey}, says why and what to write.
     */
    public UndoReport undoRequested(String key) {
        Optional<String> named = importIdOf(key);
        if (named.isPresent()) {
            return undo(named.get());
        }
        String name = key.substring(key.indexOf('/') + 1);
        java.util.Set<String> ids = idsIn(name);
        String where = "its name";
        if (ids.isEmpty()) {
            // An id is 20 characters: the start of an object is enough to find it in, and no more
            // of an object of any size is read.
            ids = idsIn(new String(startOf(key), java.nio.charset.StandardCharsets.UTF_8));
            where = "its content";
        }
        if (ids.size() == 1) {
            return undo(ids.iterator().next());
        }
        String message = (ids.isEmpty() ? key + " names no import"
                : key + " names several imports in " + where + " (" + String.join(", ", ids) + "); one undo names one")
                + ": put undo/<importId>.json, the import id being the folder name under imports/ (20 characters 0-9 a-f),"
                + " or any undo/<name>.json whose content is {\"importId\": \"<importId>\"}";
        UndoReport report = UndoReport.saying(null, "REJECTED", clock.instant().toString(), message);
        try {
            stores.objects().put(unreadRequestKey(key), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.warn("{}", message);
        return report;
    }

    /** The first 64 KiB of an undo request (none when it was deleted since). */
    private byte[] startOf(String key) {
        try (java.io.InputStream in = stores.objects().open(key, null, null)) {
            return in.readNBytes(65_536);
        } catch (dev.custcode.store.ObjectStore.ObjectMissingException deleted) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The import ids written in {@code text}, in either case, each once, in the order found. */
    private static java.util.Set<String> idsIn(String text) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        var m = ANY_IMPORT_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group().toLowerCase(java.util.Locale.ROOT));
        }
        return ids;
    }

    /**
     * What an undo did.
     *
     * @param importId      the import undone
     * @param status        {@code UNDONE}, {@code UNDOING} (under way: replaced when done), {@code FAILED} (it stopped on an
     *                      error: retried, or asked again), or {@code NOT_FOUND} (no such import), {@code NOT_FINISHED} (still
     *                      running), {@code REJECTED}
     *                      (a request that names no import: {@link #undoRequested})
     * @param undoneAt      when it was undone ({@code UNDONE}: when the undo began; {@code UNDOING} says the same time), or when the request was answered (any other status: the
     *                      answer a client waits for is the one whose {@code undoneAt} is new)
     * @param retired       codes of the customers the import created, now retired
     * @param reverted      code → fields set back to their values before the import
     * @param keptChanged   code → fields changed again since the import, left as they are
     * @param keysRemoved   code → identity keys the import had given it, given up
     * @param folders       leaf folders whose members changed (their exports are rebuilt)
     * @param mergedAway    code → survivor: customers the import created or changed that a steward merged
     *                      since, left as they are (the survivor holds their keys and values: unmerge, then undo again)
     * @param retiredChangedSince code → the later import that last changed it: customers the import
     *                      created, retired though another import updated them since (what it set goes too)
     * @param survivors     code → the codes merged into it: customers the import created that a steward
     *                      merged others into since, left as they are (retiring one would strand the
     *                      customers merged into it: unmerge them, then undo again)
     * @param message       what the user does next, when nothing was undone or customers were left
     *                      because of merges (null when all was undone)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record UndoReport(String importId, String status, String undoneAt, List<String> retired,
                             Map<String, List<String>> reverted, Map<String, List<String>> keptChanged,
                             Map<String, List<String>> keysRemoved, List<String> folders, Map<String, String> mergedAway,
                             Map<String, String> retiredChangedSince, Map<String, List<String>> survivors, List<String> pairsWithdrawn,
                             String message) {
        /** Read back, the empty lists and maps it was written without are empty, not null. */
        public UndoReport {
            pairsWithdrawn = pairsWithdrawn == null ? List.of() : pairsWithdrawn;
            retired = retired == null ? List.of() : retired;
            reverted = reverted == null ? Map.of() : reverted;
            keptChanged = keptChanged == null ? Map.of() : keptChanged;
            keysRemoved = keysRemoved == null ? Map.of() : keysRemoved;
            folders = folders == null ? List.of() : folders;
            mergedAway = mergedAway == null ? Map.of() : mergedAway;
            retiredChangedSince = retiredChangedSince == null ? Map.of() : retiredChangedSince;
            survivors = survivors == null ? Map.of() : survivors;
        }

        /** A report that only says something (no customer retired, reverted or kept): a refusal, a run under way or stopped. */
        static UndoReport saying(String importId, String status, String at, String message) {
            return new UndoReport(importId, status, at, null, null, null, null, null, null, null, null, null, message);
        }

        /** The customers a later undo of the same import looks at again: those left because of a merge. */
        java.util.Set<String> leftForMerges() {
            java.util.Set<String> codes = new java.util.HashSet<>(mergedAway.keySet());
            codes.addAll(survivors.keySet());
            return codes;
        }
    }

    /** Whether the import's report counts updated rows. */
    private boolean updatedAny(String importId) {
        try {
            Optional<byte[]> report = stores.objects().read(IngestService.reportKey(importId));
            return report.isPresent() && JSON.readTree(report.get()).at("/counts/updated").asLong() > 0;
        } catch (IOException e) {
            return true; // an unreadable report: look
        }
    }

    public UndoReport undo(String importId) {
        try {
            return undoOnce(importId);
        } catch (RuntimeException e) {
            stoppedWhileUndoing(importId, e);
            throw e; // Lambda retries it
        }
    }

    /**
     * An undo that stopped on an error does not leave its report saying it is under way: a report
     * that says {@code UNDOING} says {@code FAILED} instead, and what to do (a retry replaces it).
     */
    private void stoppedWhileUndoing(String importId, RuntimeException cause) {
        try {
            Optional<byte[]> report = stores.objects().read(reportKey(importId));
            if (report.isEmpty() || !"UNDOING".equals(JSON.readValue(report.get(), UndoReport.class).status())) {
                return;
            }
            write(UndoReport.saying(importId, "FAILED", clock.instant().toString(), "the undo stopped (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); what it did"
                            + " so far stays done and is not done twice. It is tried again; if this report is still here in 15 minutes,"
                            + " put undo/" + importId + ".json again"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("undo of {}: its report could not say that it stopped: {}", importId, e.toString());
        }
    }

    private UndoReport undoOnce(String importId) {
        Optional<byte[]> done = stores.objects().read(reportKey(importId));
        UndoReport undoneBefore = null;
        if (done.isPresent()) {
            try {
                UndoReport earlier = JSON.readValue(done.get(), UndoReport.class);
                if ("UNDONE".equals(earlier.status()) && earlier.leftForMerges().isEmpty()) {
                    LOG.info("import {} was undone before ({}); nothing to do", importId, earlier.undoneAt());
                    stores.imports().markUndone(importId, Instant.parse(earlier.undoneAt()));
                    return earlier;
                }
                if ("UNDONE".equals(earlier.status())) {
                    // Undone, but customers it created or changed were merged (into others, or others into
                    // them) then: the steward may have unmerged them since (as the report says to), and
                    // undoes again. Those are undone now.
                    undoneBefore = earlier;
                }
            } catch (IOException e) {
                // An unreadable report is redone below.
            }
        }
        Optional<dev.custcode.store.ImportRecord> record = stores.imports().find(importId);
        String now = clock.instant().toString();
        if (record.isEmpty() || !record.get().status().finished()) {
            String message = record.isEmpty() ? "no import " + importId + " is known; its id is the folder name under imports/"
                    : "import " + importId + " is still " + record.get().status() + "; nothing is undone yet: it is undone when the"
                            + " import finishes (this report is then replaced)";
            UndoReport report = UndoReport.saying(importId, record.isEmpty() ? "NOT_FOUND" : "NOT_FINISHED", now, message);
            write(report);
            // The import, once finished, asks again when it finds this answer (IngestService): it may have
            // finished since the read above, before the answer was there to find. Read again: one of the two
            // sees the other, and an undo asked twice undoes once.
            record = record.isEmpty() ? record : stores.imports().find(importId);
            if (record.isEmpty() || !record.get().status().finished()) {
                return report;
            }
            LOG.info("import {} finished while its undo was answered; undoing it now", importId);
        }
        // With the latest run's thresholds, as imports classify: a population tier ("top 20 %") needs them.
        Classifier classifier = new Classifier(schemes.current(), FolderExporter.latestPopulation(stores.objects()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // Each customer's changes by the import; null for a customer it touched, whose history is read
        // once, when its turn comes (its whole history: what the import changed, and what came before).
        Map<String, List<Change>> byCode = new LinkedHashMap<>();
        java.util.Set<String> createdCodes = stores.imports().created(importId);
        createdCodes.forEach(code -> byCode.put(code, new ArrayList<>()));
        List<String> touched = stores.imports().touched(importId).stream().filter(code -> !createdCodes.contains(code)).toList();
        if (undoneBefore == null && touched.isEmpty() && updatedAny(importId)) {
            // An import made before imports listed what they change.
            stores.history().scanFor(importId).forEach((code, changes) -> byCode.putIfAbsent(code, new ArrayList<>(changes)));
        } else {
            touched.forEach(code -> byCode.putIfAbsent(code, null));
        }
        if (undoneBefore != null) {
            byCode.keySet().retainAll(undoneBefore.leftForMerges());
        } else if (!byCode.isEmpty() && !wasUndone(importId)) {
            // An undo of thousands of customers takes minutes: said at once, so that whoever asked sees it
            // under way (GET /imports/{id}) rather than nothing. Replaced by the report when it is done; not
            // written over the report of another run of it that has finished since the read above.
            write(UndoReport.saying(importId, "UNDOING", now, "being undone since " + now + ": " + byCode.size() + " customer(s) the import created or changed to look at;"
                            + " this report is replaced when it is done (if it is not within 15 minutes, the undo stopped:"
                            + " put undo/" + importId + ".json again)"));
        }
        List<String> retired = new ArrayList<>();
        Map<String, List<String>> reverted = new LinkedHashMap<>();
        Map<String, List<String>> kept = new LinkedHashMap<>();
        Map<String, List<String>> keysRemoved = new LinkedHashMap<>();
        Map<String, String> mergedAway = new LinkedHashMap<>();
        Map<String, String> retiredChangedSince = new LinkedHashMap<>();
        Map<String, List<String>> survivors = new LinkedHashMap<>();
        TreeSet<String> folders = new TreeSet<>();
        String cause = "undo of " + importId;
        String undoId = "undo-" + importId;
        Map<String, Boolean> undone = new HashMap<>();
        for (var e : byCode.entrySet()) {
            String code = e.getKey();
            List<Change> changes = e.getValue();
            boolean created = createdCodes.contains(code);
            List<Change> past = new ArrayList<>();
            if (changes == null) {
                past.addAll(historyOf(code));
                changes = past.stream().filter(c -> importId.equals(c.importId())).toList();
                if (changes.isEmpty()) {
                    continue; // listed before its batch was written, and not changed after all
                }
            }
            List<Change> mine = changes;
            for (int attempt = 1; ; attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new IllegalStateException("customer " + code + " kept changing while import " + importId + " was undone");
                }
                Customer cur = stores.customers().findByCode(code).orElse(null);
                if (cur != null && cur.mergedInto() != null && !cur.erased()) {
                    // Its keys and values now live in the survivor: said, not silently skipped.
                    mergedAway.put(code, cur.mergedInto());
                    break;
                }
                if (created && cur != null && cur.retired() && !cur.erased() && importId.equals(cur.firstImportId())) {
                    // Retired by another run of this undo (one that ended before writing its report, or a
                    // second request running beside it; nothing else retires a customer that is not merged
                    // or erased): reported as retired, so that whichever run writes the report last
                    // writes all of it.
                    retired.add(code);
                    // A retired customer is stored without a folder: the other run's entry says where it was.
                    historyOf(code).stream().filter(c -> undoId.equals(c.importId()) && "retired".equals(c.kind()))
                            .map(Change::fromFolder).filter(Objects::nonNull).forEach(folders::add);
                    String changer = changedSinceBy(cur, importId, undone);
                    if (changer != null) {
                        retiredChangedSince.put(code, changer);
                    }
                    break;
                }
                if (cur == null || cur.retired() || (created && !importId.equals(cur.firstImportId()))) {
                    break;
                }
                if (!created) {
                    if (attempt > 1) {
                        // Written meanwhile, perhaps by another run of this undo: its history says.
                        past.clear();
                        past.addAll(historyOf(code));
                    }
                    Optional<Change> revertedBefore = past.stream().filter(c -> undoId.equals(c.importId()) && "reverted".equals(c.kind()))
                            .findFirst();
                    if (revertedBefore.isPresent()) {
                        // Reverted by another run of this undo: its fields are reported, not taken for
                        // "changed since" because they no longer hold this import's values.
                        reverted.put(code, revertedBefore.get().fields().stream().map(FieldChange::field).toList());
                        java.util.stream.Stream.of(revertedBefore.get().fromFolder(), revertedBefore.get().toFolder())
                                .filter(Objects::nonNull).forEach(folders::add);
                        break;
                    }
                }
                List<String> intoIt = created ? mergedIntoIt(cur) : List.of();
                if (!intoIt.isEmpty()) {
                    survivors.put(code, intoIt);
                    break;
                }
                Customer next;
                List<String> back = new ArrayList<>();
                List<String> since = new ArrayList<>();
                List<String> dropKeys = new ArrayList<>();
                if (created) {
                    next = cur.toBuilder().retired(true).version(cur.version() + 1).updatedAt(now).build();
                    dropKeys.addAll(cur.keys());
                } else {
                    Map<String, String> attrs = new HashMap<>(cur.attributes());
                    // The last value this import set for each field, and the value before its first change.
                    Map<String, String[]> span = new LinkedHashMap<>();
                    for (Change c : mine) {
                        for (FieldChange f : c.fields()) {
                            span.merge(f.field(), new String[]{f.from(), f.to()}, (a, b) -> new String[]{a[0], b[1]});
                        }
                    }
                    span.forEach((field, fromTo) -> {
                        if (Objects.equals(attrs.get(field), fromTo[1])) {
                            if (past.isEmpty()) {
                                past.addAll(historyOf(code));
                            }
                            String before = valueBefore(past, importId, field, fromTo[0], undone);
                            if (before == null) {
                                attrs.remove(field);
                            } else {
                                attrs.put(field, before);
                            }
                            back.add(field);
                        } else {
                            since.add(field);
                        }
                    });
                    mine.forEach(c -> c.keysAdded().stream().filter(cur.keys()::contains).forEach(dropKeys::add));
                    Classification cls = classifier.classify(attrs, today);
                    List<String> keys = new ArrayList<>(cur.keys());
                    keys.removeAll(dropKeys);
                    next = cur.toBuilder().attributes(attrs).keys(keys).folder(cls.folder()).dimensions(cls.valueKeys())
                            .version(cur.version() + 1).updatedAt(now).build();
                }
                if (!created && back.isEmpty() && dropKeys.isEmpty()) {
                    if (!since.isEmpty()) {
                        kept.put(code, since);
                    }
                    break;
                }
                List<CustomerStore.Rejected> rejected = stores.customers().write(List.of(
                        new CustomerWrite.Update(next, cur.version(), List.of(), dropKeys)));
                if (!rejected.isEmpty()) {
                    continue; // changed meanwhile: read again
                }
                if (created) {
                    retired.add(code);
                    // Another import wrote it last, and its data changed since it was created (not only its stamps).
                    String changer = changedSinceBy(cur, importId, undone);
                    if (changer != null) {
                        retiredChangedSince.put(code, changer); // said, not silently lost with it
                    }
                    folders.add(cur.folder());
                    // Recorded as soon as it is written, so that a later run of this undo finds it.
                    stores.history().record(List.of(new Change(code, now, undoId, 0, "retired", List.of(), cur.folder(), null, List.of(), cause)));
                } else {
                    if (!back.isEmpty()) {
                        reverted.put(code, back);
                    }
                    if (!since.isEmpty()) {
                        kept.put(code, since);
                    }
                    folders.add(cur.folder());
                    folders.add(next.folder());
                    List<FieldChange> fields = new ArrayList<>();
                    for (String f : new TreeSet<>(back)) {
                        fields.add(new FieldChange(f, cur.attributes().get(f), next.attributes().get(f)));
                    }
                    stores.history().record(List.of(new Change(code, now, undoId, 0, "reverted", fields, cur.folder(), next.folder(), List.of(), cause)));
                }
                if (!dropKeys.isEmpty()) {
                    // Masked as every file under imports/ is: the report is read by anyone who may read the import.
                    keysRemoved.put(code, IdentityKind.masked(dropKeys));
                }
                break;
            }
        }
        if (!folders.isEmpty()) {
            Instant changedAt = clock.instant();
            stores.folders().touch(folders, undoId, changedAt);
            ExportManifest manifest = new ExportManifest(undoId, changedAt.toString(), List.copyOf(folders));
            stores.objects().put(manifest.key(), manifest.toJson(), "application/json");
        }
        String left = mergesLeft(importId, mergedAway, survivors);
        // The probable duplicates it found were found by the names and places it set, now reverted or retired.
        List<String> withdrawn = stores.imports().withdrawPairs(importId).stream().map(ImportStore.DuplicatePair::id).sorted().toList();
        UndoReport report = undoneBefore == null
                ? new UndoReport(importId, "UNDONE", now, retired, reverted, kept, keysRemoved, List.copyOf(folders), mergedAway, retiredChangedSince,
                        survivors, withdrawn, left)
                : again(undoneBefore, new UndoReport(importId, "UNDONE", now, retired, reverted, kept, keysRemoved, List.copyOf(folders),
                        mergedAway, retiredChangedSince, survivors, withdrawn, left));
        // Before the report: listed as undone (GET /imports, custcode status) once the report says so, retried with it.
        stores.imports().markUndone(importId, Instant.parse(report.undoneAt()));
        write(report);
        LOG.info("import {} undone: {} customers retired, {} reverted, {} changed since and kept", importId, retired.size(),
                reverted.size(), kept.size());
        return report;
    }

    /**
     * The report of an undo done again for the customers the first one left because of merges: the
     * first's, with what this one did; what is still left is this one's.
     */
    private static UndoReport again(UndoReport first, UndoReport now) {
        List<String> allRetired = new ArrayList<>(first.retired());
        allRetired.addAll(now.retired());
        Map<String, List<String>> allReverted = new LinkedHashMap<>(first.reverted());
        allReverted.putAll(now.reverted());
        Map<String, List<String>> allKept = new LinkedHashMap<>(first.keptChanged());
        allKept.putAll(now.keptChanged());
        Map<String, List<String>> allKeys = new LinkedHashMap<>(first.keysRemoved());
        allKeys.putAll(now.keysRemoved());
        TreeSet<String> allFolders = new TreeSet<>(first.folders());
        allFolders.addAll(now.folders());
        Map<String, String> changedSince = new LinkedHashMap<>(first.retiredChangedSince());
        changedSince.putAll(now.retiredChangedSince());
        List<String> allWithdrawn = new ArrayList<>(first.pairsWithdrawn());
        allWithdrawn.addAll(now.pairsWithdrawn());
        return new UndoReport(first.importId(), "UNDONE", now.undoneAt(), allRetired, allReverted, allKept, allKeys,
                List.copyOf(allFolders), now.mergedAway(), changedSince, now.survivors(), allWithdrawn, now.message());
    }

    /**
     * What the steward does about the customers left because of merges, null when none was: an
     * undo that left some is not the whole undo, and its report says so in words, not only in lists.
     */
    private static String mergesLeft(String importId, Map<String, String> mergedAway, Map<String, List<String>> survivors) {
        if (mergedAway.isEmpty() && survivors.isEmpty()) {
            return null;
        }
        TreeSet<String> codes = new TreeSet<>(mergedAway.keySet());
        codes.addAll(survivors.keySet());
        return codes.size() + (codes.size() == 1 ? " customer" : " customers") + " of this import "
                + (codes.size() == 1 ? "is" : "are") + " left as " + (codes.size() == 1 ? "it is" : "they are")
                + " because of merges made since (" + String.join(", ", codes) + "; see mergedAway and survivors):"
                + " unmerge them (POST /customers/{survivor}/unmerge), then put undo/" + importId + ".json again to undo them too";
    }

    /**
     * The customers merged into this one whose merges are not undone, from its history (read only
     * for a customer written since it was created: a merge writes its survivor).
     */
    private List<String> mergedIntoIt(Customer cur) {
        return cur.version() <= 1 ? List.of() : MergedCodes.into(cur.code(), stores.history(), stores.customers());
    }

    /** A customer's whole history, oldest first. */
    private List<Change> historyOf(String code) {
        List<Change> oldestFirst = new ArrayList<>(stores.history().all(code));
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * The value a field goes back to when {@code importId}'s changes of it are undone: the value
     * before its first change ({@code from}); but when that value was set by imports undone before
     * (whose undo kept the field, this import having changed it since), the value before theirs:
     * undoing two imports gives the value neither set, in either order.
     */
    private String valueBefore(List<Change> past, String importId, String field, String from, Map<String, Boolean> undone) {
        int first = -1;
        for (int i = 0; i < past.size() && first < 0; i++) {
            Change c = past.get(i);
            if (importId.equals(c.importId()) && c.fields().stream().anyMatch(f -> f.field().equals(field))) {
                first = i;
            }
        }
        String value = from;
        for (int i = first - 1; i >= 0; i--) {
            Change c = past.get(i);
            Optional<FieldChange> f = c.fields().stream().filter(x -> x.field().equals(field)).findFirst();
            if (f.isEmpty()) {
                continue;
            }
            if (!Objects.equals(f.get().to(), value) || !undone.computeIfAbsent(c.importId(), this::wasUndone)) {
                break;
            }
            value = f.get().from();
        }
        return value;
    }

    /**
     * The import whose change of a customer this import created still stands, or null: the last
     * other import in its history with a change of a field that was not undone (an undone import's
     * changes were taken back). Not simply its last writer: an import that sent the same values
     * again wrote it (its stamps) and changed nothing.
     */
    private String changedSinceBy(Customer cur, String importId, Map<String, Boolean> undone) {
        String last = cur.lastImportId();
        if (last == null || importId.equals(last) || Objects.equals(cur.updatedAt(), cur.createdAt())) {
            return null;
        }
        for (Change c : stores.history().all(cur.code())) {
            String by = c.importId();
            if (by != null && !by.equals(importId) && !by.startsWith("undo-") && !c.fields().isEmpty()
                    && !undone.computeIfAbsent(by, this::wasUndone)) {
                return by;
            }
        }
        return null;
    }

    private boolean wasUndone(String importId) {
        return stores.objects().read(reportKey(importId)).map(bytes -> {
            try {
                return "UNDONE".equals(JSON.readValue(bytes, UndoReport.class).status());
            } catch (IOException unreadable) {
                return false;
            }
        }).orElse(false);
    }

    private void write(UndoReport report) {
        try {
            stores.objects().put(reportKey(report.importId()), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
