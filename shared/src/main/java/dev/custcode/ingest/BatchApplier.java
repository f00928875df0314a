package dev.custcode.ingest;

import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.ValueWarning;
import dev.custcode.customer.Customer;
import dev.custcode.customer.ItemSize;
import dev.custcode.customer.PersonalData;
import dev.custcode.identity.DuplicateRules;
import dev.custcode.identity.Identity;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.identity.IdentityKind;
import dev.custcode.normalize.Text;
import dev.custcode.normalize.Values;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.HistoryStore.Change;
import dev.custcode.store.HistoryStore.FieldChange;
import dev.custcode.store.ImportStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies one batch of accepted rows to the customer store: finds the customer each row means
 * through any of its keys, merges what the row says into what is stored, gives new customers
 * codes, and writes each changed customer atomically with the keys it gained.
 *
 * <p>Merging never erases: a field the row lacks keeps its value, and a value is replaced only by
 * one stamped later ({@link Stamps}). A row whose keys lead to two customers, or whose source id
 * or tax id differs from its customer's, is a conflict: nothing of it is applied.
 *
 * <p>Writes are conditional (free keys and codes for a new customer, the version read for an
 * update); the rows of a write that lost a race are decided again against a fresh read, so a
 * concurrent import's customer is joined, never duplicated. Safe to run again for the same batch
 * after a crash: what an earlier run applied is found merged already (same stamps) and counted as
 * it was then ({@code lastImportId}/{@code lastLine}).
 */
final class BatchApplier {
    /** Rounds of "read, decide, write conditionally" before contention is treated as a failure. */
    private static final int MAX_ROUNDS = 8;

    private final CustomerStore customers;
    private final ImportStore imports;
    private final HistoryStore history;
    private final Numbering numbering;
    private final Classifier classifier;
    private final LocalDate asOf;
    private final String importId;
    private final DuplicateSearch duplicates;
    private final EarlierImports earlier;
    private final Instant startedAt;
    /** The duplicate search of the round before, running while this round is written ({@link #awaitSearch} ends it). */
    private CompletableFuture<List<DuplicateSearch.Pair>> searching = DuplicateSearch.NOTHING;
    /** The file's lines named again further on, and the rows held until then; the batch's last line. */
    private LaterLines later = LaterLines.none();
    private long lastLineOfBatch;

    /**
     * The import a batch belongs to: its id, the date it classifies as of, whether it looks for
     * probable duplicates, the earlier uploads' imports its rows that match no customer wait for,
     * and when the import's first run started.
     */
    record Run(String importId, LocalDate asOf, boolean duplicateSearch, EarlierImports earlier, Instant startedAt) {
    }

    /** What becomes of a value that is the stored one with {@code ?} where the file's code page lost characters. */
    static final String LOST_IN_ENCODING = "not applied: the stored value (or its label) with ? where the file's"
            + " encoding could not hold its characters (Excel saved it in a legacy code page: save it as CSV UTF-8), and the stored value stays";

    BatchApplier(IngestStores stores, Numbering numbering, Classifier classifier, Run run) {
        this.customers = stores.customers();
        this.imports = stores.imports();
        this.history = stores.history();
        this.numbering = numbering;
        this.classifier = classifier;
        this.asOf = run.asOf();
        this.importId = run.importId();
        this.duplicates = run.duplicateSearch() ? new DuplicateSearch(customers, imports, importId) : null;
        this.earlier = run.earlier();
        this.startedAt = run.startedAt();
    }

    /**
     * A row that ends outside the store: rejected (with the reason) or in conflict (with the codes
     * and keys); {@code unmatched}: rejected for matching no customer while it cannot make one.
     */
    record Unapplied(AcceptedRow row, String reason, List<String> codes, List<String> keys, boolean conflict, boolean unmatched) {
        Unapplied(AcceptedRow row, String reason, List<String> codes, List<String> keys, boolean conflict) {
            this(row, reason, codes, keys, conflict, false);
        }
    }

    /** The run read its last row: its duplicate-search blocks are stored, and numbering gives back what it reserved and did not use. */
    void finish() {
        if (duplicates != null) {
            duplicates.flush();
        }
        numbering.finish();
    }

    /**
     * Waits for the duplicate search of the last round applied and adds its pairs to the tally: called
     * before the rows' files are closed (at the end or a pause), so that the pairs are written with them.
     */
    void awaitSearch(ImportTally tally) {
        List<DuplicateSearch.Pair> pairs = DuplicateSearch.join(searching);
        searching = DuplicateSearch.NOTHING;
        tally.candidates.addAll(pairs);
        if (duplicates != null) {
            tally.candidates.addAll(duplicates.lateFound(false)); // with customers another import joined the same blocks at the same time
        }
    }

    /**
     * Waits for the last search and for the run's block writes, and adds every pair found to the
     * tally: at the end of the rows or a pause, before the rows' files are closed.
     */
    void awaitAll(ImportTally tally) {
        awaitSearch(tally);
        if (duplicates != null) {
            tally.candidates.addAll(duplicates.lateFound(true));
        }
    }

    /**
     * Applies the rows; returns those that were rejected or in conflict. A row of a stored customer
     * that the file names again after this batch is held in {@code later} instead, and comes back in
     * the batch of that line.
     */
    List<Unapplied> apply(int batch, List<AcceptedRow> rows, String now, ImportTally tally, LaterLines later) {
        this.later = later;
        this.lastLineOfBatch = rows.stream().mapToLong(AcceptedRow::line).max().orElse(0);
        List<Unapplied> unapplied = applyRows(batch, rows, now, tally);
        List<AcceptedRow> unmatched = unapplied.stream().filter(Unapplied::unmatched).map(Unapplied::row).toList();
        if (unmatched.isEmpty()) {
            return unapplied;
        }
        // They may be customers of a file uploaded just before this one, still being imported: waited for, then tried again.
        EarlierImports.Outcome waited = earlier.await();
        if (waited == EarlierImports.Outcome.NONE) {
            return withIdsInAnotherCase(unapplied);
        }
        List<Unapplied> out = new ArrayList<>(unapplied.stream().filter(u -> !u.unmatched()).toList());
        if (waited == EarlierImports.Outcome.FINISHED) {
            out.addAll(applyRows(batch, new ArrayList<>(unmatched), now, tally)); // one batch, one time
        } else {
            String why = "; " + earlier.stillRunning() + " (it may create this customer): drop this file again once it has finished";
            unapplied.stream().filter(Unapplied::unmatched)
                    .forEach(u -> out.add(new Unapplied(u.row(), u.reason() + why, u.codes(), u.keys(), false, true)));
        }
        return withIdsInAnotherCase(out);
    }

    /** An id a spreadsheet may have read as a number: digits, the first not a zero, at most 11. */
    private static final java.util.regex.Pattern WITHOUT_LEADING_ZEROS = java.util.regex.Pattern.compile("[1-9][0-9]{0,10}");
    /** The most leading zeros looked for in front of such an id ({@code 503} → {@code 0503} … {@code 00000000503}). */
    private static final int MAX_DROPPED_ZEROS = 8;

    /**
     * The stored customers whose customer id is a row's with its leading zeros ({@code 000026} for
     * {@code 26}: Excel took the id for a number) or with the last digit Excel wrote a zero for (a 16-digit
     * id: Excel keeps 15), by the row's key, for the rows none of whose keys
     * found a customer: such a row is that customer's, not a new one (unless two customers hold it with
     * zeros, 0026 and 000026). One read for the batch.
     */
    private Map<String, Customer> idsWithTheirZeros(List<AcceptedRow> rows, Map<String, Customer> stored) {
        Map<String, String> variants = new HashMap<>();
        for (AcceptedRow r : rows) {
            if (r.code() != null || r.keys().stream().anyMatch(k -> stored.containsKey(k.key()) || k.legacy().stream().anyMatch(stored::containsKey))) {
                continue;
            }
            for (Identity k : r.keys()) {
                String id = k.kind() == IdentityKind.SOURCE_ID ? IdentityKind.SOURCE_ID.value(k.key()) : null;
                if (id != null && WITHOUT_LEADING_ZEROS.matcher(id).matches()) {
                    for (String padded = "0" + id; padded.length() <= id.length() + MAX_DROPPED_ZEROS; padded = "0" + padded) {
                        variants.put(IdentityKind.SOURCE_ID.key(padded), k.key());
                    }
                }
                if (id != null && id.length() == 16 && id.endsWith("0") && DIGITS.matcher(id).matches()) {
                    // Excel's 15 digits of a 16-digit id: the last is any of ten.
                    for (char last = '1'; last <= '9'; last++) {
                        variants.put(IdentityKind.SOURCE_ID.key(id.substring(0, 15) + last), k.key());
                    }
                }
            }
        }
        if (variants.isEmpty()) {
            return Map.of();
        }
        Map<String, Customer> out = new HashMap<>();
        Set<String> twice = new HashSet<>();
        customers.resolve(List.copyOf(variants.keySet())).forEach((padded, c) -> {
            if (!c.retired() && out.putIfAbsent(variants.get(padded), c) != null) {
                twice.add(variants.get(padded)); // 0026 and 000026 both stored: not a guess to make
            }
        });
        out.keySet().removeAll(twice);
        return out;
    }

    /**
     * Rows that matched nobody, their reason saying so when a customer holds their customer id in
     * another case ({@code erp001} for the stored {@code ERP001}) or with leading zeros ({@code 000503}
     * for {@code 503}): ids are compared as written, and the steward would otherwise look for a
     * missing name. One read for the batch's such rows.
     */
    private List<Unapplied> withIdsInAnotherCase(List<Unapplied> unapplied) {
        Map<String, String> variants = new HashMap<>();
        for (Unapplied u : unapplied) {
            if (!u.unmatched()) {
                continue;
            }
            for (Identity k : u.row().keys()) {
                if (k.kind() == IdentityKind.SOURCE_ID) {
                    String id = IdentityKind.SOURCE_ID.value(k.key());
                    List<String> others = new ArrayList<>(List.of(id.toUpperCase(Locale.ROOT), id.toLowerCase(Locale.ROOT)));
                    if (WITHOUT_LEADING_ZEROS.matcher(id).matches()) {
                        // 503 for the stored 000503: a spreadsheet took the id for a number.
                        for (String padded = "0" + id; padded.length() <= id.length() + MAX_DROPPED_ZEROS; padded = "0" + padded) {
                            others.add(padded);
                        }
                    }
                    for (String other : others) {
                        if (!other.equals(id) && ItemSize.utf8(IdentityKind.SOURCE_ID.key(other)) <= IdentityKeys.MAX_KEY_BYTES) {
                            variants.put(IdentityKind.SOURCE_ID.key(other), k.key());
                        }
                    }
                }
            }
        }
        if (variants.isEmpty()) {
            return unapplied;
        }
        Map<String, Customer> found = customers.resolve(List.copyOf(variants.keySet()));
        if (found.isEmpty()) {
            return unapplied;
        }
        List<Unapplied> out = new ArrayList<>();
        for (Unapplied u : unapplied) {
            String hint = null;
            for (var e : found.entrySet()) {
                if (u.unmatched() && u.row().keys().stream().anyMatch(k -> k.key().equals(variants.get(e.getKey())))) {
                    String stored = IdentityKind.SOURCE_ID.value(e.getKey());
                    hint = "; " + e.getValue().code() + " has the customer id " + stored + (stored.startsWith("0")
                            ? ", which is this one with its leading zeros (a spreadsheet drops them from an id it takes for a number: format the"
                                    + " id column as text, or write the ids as " + stored + ")"
                            : ", which differs from this one only in case (ids are compared as written)");
                }
            }
            out.add(hint == null ? u : new Unapplied(u.row(), u.reason() + hint, u.codes(), u.keys(), u.conflict(), true));
        }
        return out;
    }

    private List<Unapplied> applyRows(int batch, List<AcceptedRow> rows, String now, ImportTally tally) {
        List<Unapplied> unapplied = new ArrayList<>();
        List<AcceptedRow> pending = rows;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException(pending.size() + " rows of batch " + batch + " of import " + importId
                        + " lost every race in " + MAX_ROUNDS + " rounds; the import is retried");
            }
            pending = round(batch, round, pending, now, tally, unapplied);
        }
        return unapplied;
    }

    /** One customer as this batch sees it: what was read, and what the rows made of it. */
    private static final class Work {
        final Customer read;
        final Map<String, String> attributes;
        final Map<String, String> stamps;
        final Set<String> keys;
        final List<AcceptedRow> rows = new ArrayList<>();
        final List<RowCount> counts = new ArrayList<>();
        final List<Boolean> duplicates = new ArrayList<>();
        /** Per row: the line of the earlier row of this file it is merged with (0 when none). */
        final List<Long> earlier = new ArrayList<>();
        final Set<String> changedFields = new TreeSet<>();
        /** Cells of its rows from exports dropped back that are older than the stored values (not applied). */
        final List<ImportTally.StaleCell> stale = new ArrayList<>();
        /** An export's updatedAt (epoch ms) → the fields of the customer changed after it, read from its history. */
        final Map<Long, Set<String>> changedSince = new HashMap<>();

        Work(Customer read, Set<String> keys) {
            this.read = read;
            this.attributes = new HashMap<>(read == null ? Map.of() : read.attributes());
            this.stamps = new HashMap<>(read == null ? Map.of() : read.stamps());
            this.keys = keys;
        }

        boolean isNew() {
            return read == null;
        }
    }

    private enum RowCount { CREATED, UPDATED, UNCHANGED }

    /**
     * Whether writing {@code next} over {@code read} is a change the history records (not only moved
     * field stamps): a field's value, the folder, or a key gained. The one test for both the list an
     * undo reads ({@code recordTouched}) and the history entry, so that no entry goes unlisted.
     */
    private static boolean changes(Customer read, Customer next) {
        return !read.attributes().equals(next.attributes()) || !Objects.equals(read.folder(), next.folder())
                || !read.keys().containsAll(next.keys());
    }

    private List<AcceptedRow> round(int batch, int round, List<AcceptedRow> rows, String now, ImportTally tally, List<Unapplied> unapplied) {
        Set<String> wanted = new LinkedHashSet<>();
        for (AcceptedRow r : rows) {
            if (r.code() != null) {
                wanted.add(r.code());
            }
            boolean onlyWeak = r.code() == null && r.keys().stream().allMatch(k -> k.kind().weak());
            for (Identity k : r.keys()) {
                if (k.kind().weak() && !onlyWeak) {
                    continue; // name + city is neither matched nor claimed beside other keys: nothing to read
                }
                wanted.add(k.key());
                wanted.addAll(k.legacy());
            }
        }
        long t0 = System.nanoTime();
        Map<String, Customer> stored = new HashMap<>(customers.resolve(wanted));
        // A row carrying the code of a merged customer updates its survivor (a chain of merges is followed).
        for (int hop = 0; hop < 8; hop++) {
            List<String> survivors = stored.values().stream().map(Customer::mergedInto).filter(Objects::nonNull)
                    .map(IdentityKeys::codeKey).filter(k -> !stored.containsKey(k)).distinct().toList();
            if (survivors.isEmpty()) {
                break;
            }
            stored.putAll(customers.resolve(survivors));
        }
        Map<String, Customer> withItsZeros = idsWithTheirZeros(rows, stored);
        withItsZeros.values().forEach(c -> c.keys().forEach(k -> stored.putIfAbsent(k, c)));
        if (duplicates != null) {
            stored.putAll(knownByNameAndCity(rows, stored));
        }
        long t1 = System.nanoTime();
        Map<String, Work> byCode = new HashMap<>();
        Map<String, Work> owners = new HashMap<>();
        Map<Work, Boolean> touched = new IdentityHashMap<>();
        List<Work> order = new ArrayList<>();
        List<AcceptedRow> deferred = new ArrayList<>();

        rows:
        for (AcceptedRow row : rows) {
            Work code = null;
            Customer zeros = row.code() == null ? row.keys().stream().map(k -> withItsZeros.get(k.key())).filter(Objects::nonNull).findFirst().orElse(null) : null;
            if (zeros != null) {
                row = withLeadingZerosBack(row, zeros, tally); // 26 for the stored 000026, and nothing else found the customer
            }
            if (row.code() != null) {
                Customer c = stored.get(row.code());
                for (int hop = 0; hop < 8 && c != null && c.mergedInto() != null && !c.erased(); hop++) {
                    c = stored.get(IdentityKeys.codeKey(c.mergedInto()));
                }
                if (c == null || c.retired()) {
                    String shown = IdentityKind.CODE.value(row.code());
                    unapplied.add(new Unapplied(row, c == null ? "code " + shown + " does not exist (files never create codes)"
                            : c.erased() ? "code " + shown + " was erased (its personal data, on request): it takes no data again"
                            : "code " + shown + " was retired (the import that created it was undone)", List.of(), List.of(), false));
                    continue;
                }
                Customer found = c;
                code = owners.computeIfAbsent(row.code(), k -> byCode.computeIfAbsent(found.code(), x -> new Work(found, new LinkedHashSet<>(found.keys()))));
                row = withLeadingZerosBack(row, found, tally);
            }
            boolean onlyWeak = row.code() == null && row.keys().stream().allMatch(k -> k.kind().weak());
            Map<Work, List<String>> matched = new LinkedHashMap<>();
            Set<Work> notByASharedLine = Collections.newSetFromMap(new IdentityHashMap<>());
            if (code != null) {
                matched.computeIfAbsent(code, w -> new ArrayList<>()).add(row.code());
                notByASharedLine.add(code);
            }
            for (Identity k : row.keys()) {
                if (k.kind().weak() && !onlyWeak) {
                    continue; // name + city recognizes a row only when it has no other key
                }
                Work w = owner(k.key(), stored, owners, byCode);
                for (Iterator<String> l = k.legacy().iterator(); w == null && l.hasNext(); ) {
                    // A customer stored before this key's rule changed: found by an earlier
                    // spelling, it gains the key below (claimed like any new key).
                    w = owner(l.next(), stored, owners, byCode);
                }
                if (w != null && touched.containsKey(w) && !w.isNew() && released(w.read, w.attributes).contains(k.key())) {
                    // An earlier line of this file cleared the field this key was made of (a phone given up, then
                    // given to another customer on this line): the key is released when that customer is written,
                    // and this row claims it in the next round, never in one transaction with the release.
                    deferred.add(row);
                    continue rows;
                }
                if (w != null) {
                    matched.computeIfAbsent(w, x -> new ArrayList<>()).add(k.key());
                    if (k.kind() != IdentityKind.PHONE || !IdentityKeys.sharedLine(k.key())) {
                        notByASharedLine.add(w);
                    }
                }
            }
            List<Work> sharedLine = sharedLine(row, matched, notByASharedLine, code);
            List<String> lineKeys = List.of();
            if (!sharedLine.isEmpty()) {
                lineKeys = sharedLine.stream().flatMap(w -> matched.get(w).stream()).toList();
                List<String> codes = sharedLine.stream().map(w -> w.isNew() ? "(new, line " + w.rows.get(0).line() + ")" : w.read.code()).toList();
                sharedLine.forEach(matched::remove);
                List<String> shared = lineKeys;
                boolean ownKey = row.keys().stream().anyMatch(k -> !k.kind().weak() && !shared.contains(k.key()));
                if (matched.isEmpty() && !ownKey) {
                    unapplied.add(new Unapplied(row, "its only key, its phone, is the phone of " + String.join(", ", codes) + " under another name"
                            + " (a shared line, a switchboard?): with a customer id, email or mobile of its own the row is a customer of its own",
                            codes, lineKeys, true));
                    continue;
                }
                row = withSharedLineNoted(row, lineKeys, codes, tally);
            }
            if (matched.size() > 1) {
                List<String> codes = matched.keySet().stream().map(w -> w.isNew() ? "(new, line " + w.rows.get(0).line() + ")" : w.read.code()).toList();
                List<String> keys = matched.values().stream().flatMap(List::stream).toList();
                unapplied.add(new Unapplied(row, "its keys belong to different customers", codes, keys, true));
                continue;
            }
            if (later.customerWaits(row) && later.hold(row, lastLineOfBatch)) {
                continue; // an earlier row of its customer waits for a later line: this one waits with it, whatever it finds
            }
            Work w;
            if (matched.size() == 1) {
                w = matched.keySet().iterator().next();
                if (!w.isNew()) {
                    // Its other keys found the customer: an id that is the stored one without its leading zeros is that id.
                    row = withLeadingZerosBack(row, w.read, tally);
                }
                String disagreement = strongDisagreement(row, w);
                if (disagreement != null) {
                    unapplied.add(new Unapplied(row, disagreement, List.of(w.isNew() ? "(new, line " + w.rows.get(0).line() + ")" : w.read.code()),
                            matched.get(w), true));
                    continue;
                }
                if (!w.isNew() && !sameImport(w.read) && later.hold(row, lastLineOfBatch)) {
                    // The file names this customer, stored by another import, again further on: the row is
                    // applied with that line (LaterLines). (One this import wrote already is a redo's or a
                    // later chunk's: applied now, as its first run did.)
                    continue;
                }
            } else {
                Map<String, String> merged = new HashMap<>(row.values());
                for (String field : classifier.scheme().required()) {
                    if (!merged.containsKey(field)) {
                        unapplied.add(new Unapplied(row, "required field " + field + " is empty (the row matches no existing customer)",
                                List.of(), List.of(), false, true));
                        merged = null;
                        break;
                    }
                }
                if (merged == null) {
                    continue;
                }
                w = new Work(null, new LinkedHashSet<>());
            }
            long bytes = mergedSize(w, row);
            if (bytes > ItemSize.MAX_BYTES) {
                // A customer grows over several files: the row that would take it past DynamoDB's
                // item size limit is rejected, and the customer stays as it was.
                unapplied.add(new Unapplied(row, ItemSize.tooLarge(bytes), List.of(), List.of(), false));
                continue;
            }
            for (Identity k : row.keys()) {
                // Name + city is claimed only by a customer known by nothing else (one item less per customer).
                if (k.kind().weak() && !onlyWeak) {
                    continue;
                }
                if (clearedSince(w, row, k)) {
                    continue; // a later upload cleared the field, and gave up its key: this older value gives none
                }
                if (lineKeys.contains(k.key())) {
                    continue; // another customer's number, found by an earlier spelling: not this one's to claim
                }
                if (owner(k.key(), stored, owners, byCode) == null) {
                    boolean strongTaken = k.kind().strong() && w.keys.stream().anyMatch(k.kind()::owns);
                    if (!strongTaken) {
                        w.keys.add(k.key());
                        owners.put(k.key(), w);
                    }
                }
            }
            if (touched.put(w, Boolean.TRUE) == null) {
                order.add(w);
            }
            merge(w, row, tally);
        }

        // Classify what the rows made of each customer, and decide what to write.
        List<Work> created = new ArrayList<>();
        Map<Work, CustomerWrite> writes = new IdentityHashMap<>();
        Map<Work, Customer> after = new IdentityHashMap<>();
        for (Work w : order) {
            Classification c = classifier.classify(w.attributes, asOf);
            AcceptedRow last = w.rows.get(w.rows.size() - 1);
            if (w.isNew()) {
                Customer fresh = Customer.builder().prefix(c.prefix()).folder(c.folder()).dimensions(c.valueKeys())
                        .attributes(w.attributes).stamps(w.stamps).keys(List.copyOf(w.keys)).version(1)
                        .createdAt(now).updatedAt(now).first(importId, w.rows.get(0).line()).last(importId, last.line()).build();
                after.put(w, fresh);
                created.add(w);
            } else {
                Customer read = w.read;
                for (AcceptedRow r : w.rows) {
                    List<ValueWarning> holding = classifier.stillHolding(r.warnings(), read.attributes(), w.attributes, c);
                    if (holding.size() != r.warnings().size()) {
                        tally.revisedWarnings.put(r.line(), holding); // its unknown city says nothing of a region the customer's province decides
                    }
                    List<ValueWarning> computedEdits = computedEdits(r, read, c);
                    tally.warn(r.line(), computedEdits);
                    tally.warn(r.line(), emptiedCells(w, r));
                }
                boolean content = !read.attributes().equals(w.attributes) || !Objects.equals(read.folder(), c.folder())
                        || !read.dimensions().equals(c.valueKeys());
                List<String> released = released(read, w.attributes);
                w.keys.removeAll(released);
                List<String> added = w.keys.stream().filter(k -> !read.keys().contains(k)).toList();
                if (!content && added.isEmpty() && !sameImport(read)) {
                    // Rows that changed a value and the next one changed it back (a customer twice in a file
                    // dropped again): nothing changed, and none of them counts as an update.
                    w.counts.replaceAll(k -> k == RowCount.UPDATED ? RowCount.UNCHANGED : k);
                }
                if (!content && added.isEmpty() && read.stamps().equals(w.stamps)) {
                    after.put(w, read);
                    continue; // nothing to write (a re-run of rows applied before, or rows saying nothing new)
                }
                Customer next = read.toBuilder().folder(c.folder()).dimensions(c.valueKeys()).attributes(w.attributes)
                        .stamps(w.stamps).keys(List.copyOf(w.keys)).version(read.version() + 1)
                        .updatedAt(content ? now : read.updatedAt()).last(importId, Math.max(last.line(), sameImport(read) ? read.lastLine() : 0)).build();
                after.put(w, next);
                writes.put(w, new CustomerWrite.Update(next, read.version(), added, released));
            }
        }

        long t2 = System.nanoTime();
        // The duplicate-search blocks depend on names and contacts, not codes: read them while the customers are written.
        Set<String> blocksToRead = new HashSet<>();
        for (Work w : order) {
            Customer a = after.get(w);
            if (duplicates != null && (w.isNew() || a != w.read || sameImport(w.read))) {
                blocksToRead.addAll(DuplicateRules.blocks(a));
            }
        }
        CompletableFuture<Map<String, Set<String>>> blocksRead = duplicates == null
                ? CompletableFuture.completedFuture(Map.of()) : duplicates.read(blocksToRead);
        List<AcceptedRow> again = new ArrayList<>(deferred);
        Set<Work> lost = Collections.newSetFromMap(new IdentityHashMap<>());
        // Updates first, then creations: the codes of new customers are given last, so that a
        // creation that loses a race for a key gives its number back to the pool at once.
        List<Work> updated = new ArrayList<>(writes.keySet());
        // Listed before they are written: an undo finds an import's changes by these codes, and a
        // run that dies after a write and before this list would leave a change no undo finds.
        imports.recordTouched(importId, String.format("%06d", batch), updated.stream().filter(w -> changes(w.read, writes.get(w).customer()))
                .map(w -> w.read.code()).toList());
        for (CustomerStore.Rejected r : customers.write(updated.stream().map(writes::get).toList())) {
            lost.add(updated.stream().filter(w -> writes.get(w) == r.write()).findFirst().orElseThrow());
        }
        long t3 = System.nanoTime();
        Map<String, Set<Long>> taken = new HashMap<>();
        stored.values().stream().filter(c -> importId.equals(c.firstImportId()))
                .forEach(c -> taken.computeIfAbsent(c.prefix(), p -> new HashSet<>()).add(c.sequence()));
        List<Numbering.Result> coded = numbering.create(batch, round, created.stream().map(after::get).toList(), taken);
        Map<Work, String> unnumbered = new IdentityHashMap<>();
        for (int i = 0; i < created.size(); i++) {
            Work w = created.get(i);
            Numbering.Result result = coded.get(i);
            if (result instanceof Numbering.Created c) {
                after.put(w, c.customer());
            } else if (result instanceof Numbering.NoNumbers n) {
                unnumbered.put(w, n.reason());
            } else {
                lost.add(w);
            }
        }

        long t4 = System.nanoTime();
        List<Change> changes = new ArrayList<>();
        List<String> createdCodes = new ArrayList<>();
        List<DuplicateSearch.Written> written = new ArrayList<>();
        for (Work w : order) {
            if (lost.contains(w)) {
                again.addAll(w.rows);
                continue;
            }
            if (unnumbered.containsKey(w)) {
                w.rows.forEach(r -> unapplied.add(new Unapplied(r, unnumbered.get(w), List.of(), List.of(), false)));
                continue;
            }
            Customer c = after.get(w);
            tally.staleCells.addAll(w.stale);
            for (int i = 0; i < w.counts.size(); i++) {
                switch (w.counts.get(i)) {
                    case CREATED -> {
                        tally.created++;
                        tally.issued(c.prefix(), c.sequence());
                        createdCodes.add(c.code());
                        // Also when a redo finds the customer written by the run that died: its
                        // folder is announced by this run or by nobody.
                        tally.changedFolders.add(c.folder());
                    }
                    case UPDATED -> tally.updated++;
                    default -> tally.unchanged++;
                }
                if (w.duplicates.get(i)) {
                    tally.duplicates++;
                    tally.sameCustomer.add(new ImportTally.SameCustomer(w.rows.get(i).line(), w.earlier.get(i), c.code()));
                } else {
                    tally.filed(c.folder()); // the report's folders count customers: a merged line is no other
                }
            }
            if (w.counts.contains(RowCount.CREATED)) {
                // Also a customer a dead run created: its pairs are found again, for this run's file.
                written.add(new DuplicateSearch.Written(c, Set.of(), w.rows.get(w.rows.size() - 1).line(), true));
            } else if (w.counts.contains(RowCount.UPDATED) && !w.isNew()) {
                // A customer this import wrote before (a dead run, an earlier chunk) is searched again:
                // what it was compared by may have changed in that run.
                // A customer whose signature changed (its city, so its name's core) rejoins its blocks with the new one.
                Set<String> before = sameImport(w.read) || !DuplicateRules.signature(w.read).equals(DuplicateRules.signature(c))
                        ? Set.of() : DuplicateRules.blocks(w.read);
                written.add(new DuplicateSearch.Written(c, before, w.rows.get(w.rows.size() - 1).line(), false));
            }
            if (w.isNew()) {
                // A creation is not a history item (the customer record says when, from which import
                // and line); the batch's created codes are recorded once, for an undo.
                tally.changedFolders.add(c.folder());
                continue;
            }
            Customer read = w.read;
            if (c == read) {
                continue;
            }
            List<FieldChange> fields = FieldChange.between(read.attributes(), c.attributes());
            fields.forEach(f -> tally.fieldChanged(f.field()));
            List<String> added = c.keys().stream().filter(k -> !read.keys().contains(k)).toList();
            boolean moved = !Objects.equals(read.folder(), c.folder());
            if (moved) {
                if (sameImport(read)) {
                    tally.refiled(read.folder(), c.folder()); // a later line of this file moved a customer it filed
                }
                if (!importId.equals(read.firstImportId())) {
                    tally.moved++; // a customer this import created, moved by a later line, moved from nowhere the report knew
                }
                tally.changedFolders.add(read.folder());
            }
            if (!fields.isEmpty() || moved || !read.dimensions().equals(c.dimensions())) {
                tally.changedFolders.add(c.folder());
            }
            if (changes(read, c)) { // fields changed, moved, or keys gained: as listed for the undo before the write
                changes.add(new Change(c.code(), now, importId, w.rows.get(w.rows.size() - 1).line(), "updated", fields,
                        read.folder(), c.folder(), added, "import " + importId));
            }
        }
        history.record(changes);
        imports.recordCreated(importId, batch, createdCodes);
        long t5 = System.nanoTime();
        if (duplicates != null) {
            // The search of the round before ends here (its pairs join the tally), this round's goes on
            // while the next is read and written: one search at a time, in order.
            awaitSearch(tally);
            searching = duplicates.findLater(written, now, blocksRead);
        }
        tally.nanos[5] += System.nanoTime() - t5;
        tally.nanos[0] += t1 - t0;
        tally.nanos[1] += t2 - t1;
        tally.nanos[2] += t3 - t2;
        tally.nanos[3] += t4 - t3;
        tally.nanos[4] += t5 - t4;
        again.sort(Comparator.comparingLong(AcceptedRow::line));
        return again;
    }

    /**
     * Name + city key → the one stored customer of that name and city, for rows known by nothing
     * else whose key nobody claimed. A customer known by other keys claims no name + city (one item
     * less per customer), so its duplicate-search block of the same name finds it: read only for
     * such rows, and only a single customer of exactly that name and city counts. (A customer the
     * same instant's other import is creating may not be in its block yet: the row then gets a code
     * of its own, and the pair is proposed as probable duplicates.)
     */
    private Map<String, Customer> knownByNameAndCity(List<AcceptedRow> rows, Map<String, Customer> stored) {
        Map<String, String> blockOf = new LinkedHashMap<>();
        for (AcceptedRow r : rows) {
            if (r.code() != null || r.keys().isEmpty() || !r.keys().stream().allMatch(k -> k.kind().weak())) {
                continue;
            }
            for (Identity k : r.keys()) {
                boolean known = stored.containsKey(k.key()) || k.legacy().stream().anyMatch(stored::containsKey);
                String name = r.values().get("name");
                if (!known && name != null && !name.isBlank()) {
                    blockOf.put(k.key(), DuplicateRules.nameBlock(name));
                }
            }
        }
        if (blockOf.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> members = customers.blockMembers(new LinkedHashSet<>(blockOf.values()));
        Set<String> codeKeys = new LinkedHashSet<>();
        members.values().forEach(codes -> codes.forEach(m -> codeKeys.add(IdentityKeys.codeKey(DuplicateRules.codeOf(m)))));
        if (codeKeys.isEmpty()) {
            return Map.of();
        }
        Map<String, Customer> candidates = customers.resolve(codeKeys);
        Map<String, Customer> out = new HashMap<>();
        blockOf.forEach((key, block) -> {
            List<Customer> same = members.getOrDefault(block, Set.of()).stream().map(m -> candidates.get(IdentityKeys.codeKey(DuplicateRules.codeOf(m))))
                    .filter(c -> c != null && !c.retired() && c.mergedInto() == null)
                    .filter(c -> IdentityKeys.nameCity(c.attributes()).filter(k -> k.key().equals(key)).isPresent())
                    .toList();
            if (same.size() == 1) {
                out.put(key, same.get(0));
            }
        });
        return out;
    }

    private static Work owner(String key, Map<String, Customer> stored, Map<String, Work> owners, Map<String, Work> byCode) {
        Work w = owners.get(key);
        if (w != null) {
            return w;
        }
        Customer c = stored.get(key);
        if (c == null) {
            return null;
        }
        w = byCode.computeIfAbsent(c.code(), x -> new Work(c, new LinkedHashSet<>(c.keys())));
        owners.put(key, w);
        return w;
    }

    /**
     * The customers the row found only through a landline and whose name has nothing in common with
     * the row's ({@link DuplicateRules#unrelatedNames}): a company's switchboard is the number of
     * everyone who works there (Wang Wu and Zhao Liu both give 0571-8888 1234), and taken as a match
     * it would rename the company after each of them in turn. Such a number is not the row's key:
     * the row matches through its other keys or is a customer of its own, which keeps the number as
     * a value (the customer that holds it keeps it as its key).
     */
    private static List<Work> sharedLine(AcceptedRow row, Map<Work, List<String>> matched, Set<Work> notByASharedLine, Work byCode) {
        String ours = row.values().get("name");
        if (matched.size() == notByASharedLine.size() || ours == null && byCode == null) {
            return List.of();
        }
        // A row with a code is that customer's: another customer's landline in it is a shared number, whatever the names.
        return matched.keySet().stream().filter(w -> !notByASharedLine.contains(w))
                .filter(w -> byCode != null || w.attributes.get("name") != null && DuplicateRules.unrelatedNames(ours, w.attributes.get("name"))).toList();
    }

    private static final String SHARED_LINE_NOTE = "not used to match: also the phone of ";

    /** The row with a warning on each phone that {@link #sharedLine} did not take as its key. */
    private static AcceptedRow withSharedLineNoted(AcceptedRow row, List<String> lineKeys, List<String> codes, ImportTally tally) {
        // A row tried again (a lost race, a held line) was noted in its first round: noted once, as now.
        List<ValueWarning> warnings = new ArrayList<>(row.warnings().stream()
                .filter(w -> !w.action().startsWith(SHARED_LINE_NOTE)).toList());
        row.values().forEach((field, value) -> {
            if (field.startsWith(IdentityKind.PHONE.schemeName()) && IdentityKeys.phone(value).map(IdentityKind.PHONE::key).filter(lineKeys::contains).isPresent()) {
                warnings.add(new ValueWarning(field, value, SHARED_LINE_NOTE
                        + String.join(", ", codes) + " under another name (a shared line?); kept as this customer's value, not as its key"));
            }
        });
        AcceptedRow noted = new AcceptedRow(row.line(), row.code(), row.keys(), row.values(), row.cleared(), row.stamp(),
                row.cells(), List.copyOf(warnings), row.exportedAsOf(), row.masked(), row.computed(), row.emptied());
        tally.revisedWarnings.put(row.line(), noted.warnings());
        return noted;
    }

    /**
     * The row with the customer's own source id or tax id where its cell is that id without its
     * leading zeros ({@code 123} for the stored {@code 000123}): an export opened in Excel and saved
     * again (Excel reads the cell as a number), dropped back with the customer's code. Without this
     * the row would contradict its customer and none of the cells edited in it would apply. Said in
     * warnings.csv. Any other row is returned as it is.
     */
    private static AcceptedRow withLeadingZerosBack(AcceptedRow row, Customer customer, ImportTally tally) {
        List<Identity> keys = new ArrayList<>(row.keys());
        Map<String, String> values = null;
        List<ValueWarning> warnings = null;
        for (int i = 0; i < keys.size(); i++) {
            Identity k = keys.get(i);
            String cell = row.values().get(k.kind().schemeName());
            if (!k.kind().strong() || customer.keys().contains(k.key()) || cell == null || !DIGITS.matcher(cell).matches()) {
                continue;
            }
            for (String own : customer.keys()) {
                String stored = k.kind().owns(own) ? customer.attributes().get(k.kind().schemeName()) : null;
                String damage = stored == null || !k.kind().key(stored).equals(own) ? null
                        : stored.startsWith("0") && stored.replaceFirst("^0+", "").equals(cell) ? "Excel dropped its leading zeros"
                        : fifteenDigitsOf(cell, stored) ? "Excel keeps 15 digits of a number and wrote zeros for the rest" : null;
                if (damage != null) {
                    keys.set(i, new Identity(k.kind(), own));
                    values = values == null ? new HashMap<>(row.values()) : values;
                    values.put(k.kind().schemeName(), stored);
                    warnings = warnings == null ? new ArrayList<>(row.warnings()) : warnings;
                    warnings.add(new ValueWarning(k.kind().schemeName(), cell, "read as " + stored
                            + ", the customer's stored value: " + damage + " (format the column as Text before saving as CSV)"));
                    break;
                }
            }
        }
        if (values == null) {
            return row;
        }
        AcceptedRow repaired = new AcceptedRow(row.line(), row.code(), List.copyOf(keys), Map.copyOf(values), row.cleared(), row.stamp(),
                row.cells(), List.copyOf(warnings), row.exportedAsOf(), row.masked(), row.computed(), row.emptied());
        tally.revisedWarnings.put(row.line(), repaired.warnings());
        return repaired;
    }

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,64}");

    /**
     * Whether {@code cell} is {@code stored} as Excel writes a number of more than 15 digits: its first 15,
     * then zeros ({@code 2026003170715370} for {@code 2026003170715377}).
     */
    static boolean fifteenDigitsOf(String cell, String stored) {
        return cell.length() > 15 && cell.length() == stored.length() && DIGITS.matcher(cell).matches() && DIGITS.matcher(stored).matches()
                && !cell.equals(stored) && cell.startsWith(stored.substring(0, 15)) && cell.substring(15).chars().allMatch(c -> c == '0');
    }

    private static final String LAST_ORDER_DATE = "lastOrderDate";

    /** Whether date {@code given} is before date {@code stored}, both read as dates; false when either is not one. */
    private static boolean before(String given, String stored) {
        var a = Values.parseDate(given);
        var b = Values.parseDate(stored);
        return a.isPresent() && b.isPresent() && a.get().isBefore(b.get());
    }

    /**
     * The cells of an export dropped back that were emptied where a value is stored: an empty cell keeps
     * the stored value (as in any file), which an edit in a spreadsheet would not expect silently. A
     * value set after the export was made is not one the export showed: its empty cell says nothing.
     */
    private List<ValueWarning> emptiedCells(Work w, AcceptedRow row) {
        List<ValueWarning> out = new ArrayList<>();
        for (String field : row.emptied()) {
            if (w.attributes.get(field) != null && !changedAfterExport(w, row, field)) {
                out.add(new ValueWarning(field, "", "not applied: an empty cell keeps the stored value; write (clear) in it to clear the value"));
            }
        }
        return out;
    }

    /**
     * The computed columns of an export's row (a dimension, the folder) that say neither what the
     * customer was nor what it is now: edited, and not applied, since the scheme computes them from the
     * customer's fields. None for a copy made before the customer's last change (its columns say what
     * the customer was then, not an edit); a copy without its {@code updatedAt} column is taken as current.
     */
    private List<ValueWarning> computedEdits(AcceptedRow row, Customer read, Classification now) {
        if (row.computed().isEmpty() || row.exportedAsOf() != null && read.updatedAt() != null
                && Instant.parse(read.updatedAt()).toEpochMilli() > row.exportedAsOf()) {
            return List.of();
        }
        List<ValueWarning> out = new ArrayList<>();
        row.computed().forEach((what, cell) -> {
            String is;
            Set<String> says = new HashSet<>();
            if ("folder".equals(what)) {
                is = now.folder();
                Stream.of(read.folder(), now.folder()).filter(Objects::nonNull).forEach(f -> says.add(sameText(f)));
            } else {
                Optional<DimensionSpec> dim = classifier.scheme().dimension(what);
                if (dim.isEmpty()) {
                    return;
                }
                String key = now.valueKeys().get(what);
                is = key == null ? "none" : dim.get().value(key).map(GroupValue::label).orElse(key);
                for (String k : Arrays.asList(read.dimensions().get(what), key)) {
                    if (k != null) {
                        says.add(sameText(k));
                        dim.get().value(k).map(GroupValue::label).ifPresent(l -> says.add(sameText(l)));
                    }
                }
            }
            if (!says.contains(sameText(cell))) {
                out.add(new ValueWarning(what, cell, "not applied: " + ("folder".equals(what) ? "the folder" : what)
                        + " is computed by the scheme from the customer's fields (it is " + is + "); change those fields to change it"
                        + " (GET /customers/" + read.code() + "/explain names them)"));
            }
        });
        return out;
    }

    private static String sameText(String s) {
        return Text.normalize(s).toLowerCase(Locale.ROOT);
    }

    /**
     * Why the row's source id or tax id contradicts the customer its other keys found, or null. A
     * customer that holds the row's own key agrees, whatever else it holds: a survivor of a merge keeps
     * the merged customer's source ids beside its own, and rows of either system update it.
     */
    private static String strongDisagreement(AcceptedRow row, Work w) {
        for (Identity k : row.keys()) {
            if (!k.kind().strong() || w.keys.contains(k.key())) {
                continue;
            }
            for (String own : w.keys) {
                if (k.kind().owns(own) && !own.equals(k.key())) {
                    return "its " + k.kind().described() + " " + shown(k.key()) + " differs from the matched customer's " + shown(own)
                            + (zerosCut(k.key(), own) ? " (the same digits without its leading zeros: Excel drops them; format the column"
                            + " as Text before saving as CSV, or add the customer's code column to the file)"
                            : k.kind() == IdentityKind.SOURCE_ID ? " (a different id is a different customer; if the column holds"
                            + " another system's ids, give it a header of its own, such as Shop Id, and rows match through phone, email or tax id)" : "");
                }
            }
        }
        return null;
    }

    /** Whether one key's value is the other's digits with its leading zeros cut ({@code sid:123} of {@code sid:000123}). */
    private static boolean zerosCut(String key, String own) {
        String cut = key.substring(key.indexOf(':') + 1);
        String full = own.substring(own.indexOf(':') + 1);
        return DIGITS.matcher(cut).matches() && DIGITS.matcher(full).matches() && full.startsWith("0") && full.replaceFirst("^0+", "").equals(cut);
    }

    /**
     * Whether a cell says what is stored, so that the stored spelling stays: values equal as their
     * type reads them (¥1,500,000 and 1500000), or contacts with one key (+86 139 1000 0001 and
     * 13910000001; USER@Example.cn and user@example.cn): each system's file restating it is no change.
     */
    private boolean sameValue(AcceptedRow row, String field, String stored, Map<String, String> storedValues, String given) {
        return classifier.equivalent(field, stored, given) || IdentityKeys.sameContact(field, stored, storedValues, given, row.values())
                || thousandfoldOfStored(row, field, stored, given);
    }

    /**
     * Whether an amount the file's decimal mark read as a thousandth of the stored one is the stored one:
     * an export's {@code 250,000} saved by Excel in a locale whose decimal mark is a comma (read as 250,
     * with a warning) leaves the stored 250000. Only a cell warned of as readable either way.
     */
    private static boolean thousandfoldOfStored(AcceptedRow row, String field, String stored, String given) {
        if (row.warnings().stream().noneMatch(w -> w.field().equals(field) && w.action().contains(Values.THOUSANDFOLD_HINT))) {
            return false;
        }
        var s = Values.parseAmount(stored);
        var g = Values.parseAmount(given);
        return s.isPresent() && g.isPresent() && g.get().multiply(java.math.BigDecimal.valueOf(1000)).compareTo(s.get()) == 0;
    }

    /** The values whose place the customer's stored numbers are of: as read, or as earlier lines of this file made it. */
    private static Map<String, String> placeOf(Work w, Customer read) {
        return read != null ? read.attributes() : w.attributes;
    }

    /** The export row's {@code updatedAt} as a warning names it. */
    private static String exportTime(AcceptedRow row) {
        return row.exportedAsOf() == RowValidator.UNREADABLE_EXPORT_TIME ? "not readable: taken as older than every change"
                : Instant.ofEpochMilli(row.exportedAsOf()).toString();
    }

    /**
     * Whether the row is an export's, dropped back, and the customer's stored field changed after the
     * export's {@code updatedAt}: its cell shows the value before that change (unless a steward edited
     * it too; the stored value stays either way, and warnings.csv says so). By the customer's history
     * (its changes are timed as {@code updatedAt} is), read only for a customer changed since.
     */
    private boolean changedAfterExport(Work w, AcceptedRow row, String field) {
        if (row.exportedAsOf() == null || w.read == null) {
            return false;
        }
        long asOf = row.exportedAsOf();
        if (!(Instant.parse(w.read.updatedAt()).toEpochMilli() > asOf)) {
            return false; // unchanged since the export: every differing cell is an edit
        }
        return w.changedSince.computeIfAbsent(asOf, t -> {
            Set<String> fields = new HashSet<>();
            String cursor = null;
            do {
                ImportStore.Page<Change> page = history.of(w.read.code(), cursor, 100);
                for (Change c : page.items()) {
                    if (Instant.parse(c.at()).toEpochMilli() <= t) {
                        return fields; // newest first: the rest is older
                    }
                    c.fields().forEach(f -> fields.add(f.field()));
                }
                cursor = page.next();
            } while (cursor != null);
            return fields;
        }).contains(field);
    }

    /**
     * Whether a later upload than the row's cleared the field its key comes from: the field holds no
     * value, under a stamp the row's does not beat (its value is not applied, nor is its key added).
     */
    private static boolean clearedSince(Work w, AcceptedRow row, Identity k) {
        String field = k.kind().schemeName();
        return row.values().containsKey(field) && !w.attributes.containsKey(field) && w.stamps.containsKey(field)
                && !Stamps.wins(row.stamp(), w.stamps.get(field));
    }

    /**
     * The estimated item size of the customer once the row is merged into it: each value the row
     * would set (its stamp wins) replaces the stored one, cleared fields go, its keys are added.
     */
    private static long mergedSize(Work w, AcceptedRow row) {
        Map<String, String> attributes = new HashMap<>(w.attributes);
        Map<String, String> stamps = new HashMap<>(w.stamps);
        row.values().forEach((field, value) -> {
            if (Stamps.wins(row.stamp(), stamps.get(field))) {
                attributes.put(field, value);
                stamps.put(field, row.stamp());
            }
        });
        for (String field : row.cleared()) {
            if (Stamps.wins(row.stamp(), stamps.get(field))) {
                attributes.remove(field);
                stamps.put(field, row.stamp());
            }
        }
        Set<String> keys = new LinkedHashSet<>(w.keys);
        row.keys().forEach(k -> keys.add(k.key()));
        return ItemSize.estimate(attributes, stamps, keys, w.isNew() ? Map.of() : w.read.dimensions());
    }

    /**
     * The keys a cleared field gave the customer and none of its values gives any more: an email
     * cleared with the clear token no longer finds the customer, and is free for another. (A value
     * replaced by another keeps its key: another system may still send the old one.)
     */
    private List<String> released(Customer read, Map<String, String> attributes) {
        Set<String> gone = new HashSet<>(read.attributes().keySet());
        gone.removeAll(attributes.keySet());
        if (gone.isEmpty()) {
            return List.of();
        }
        List<String> preference = classifier.scheme().identity();
        Set<String> before = new HashSet<>();
        for (Identity k : IdentityKeys.all(read.attributes(), preference)) {
            if (!k.kind().weak() && gone.contains(k.kind().schemeName())) {
                before.add(k.key());
                before.addAll(k.legacy());
            }
        }
        for (Identity k : IdentityKeys.all(attributes, preference)) {
            before.remove(k.key());
            k.legacy().forEach(before::remove);
        }
        return read.keys().stream().filter(before::contains).toList();
    }

    /** A key's value as a reason may carry it into {@code imports/}: masked when personal (a tax id). */
    private static String shown(String key) {
        String masked = IdentityKind.masked(key);
        return masked.substring(masked.indexOf(':') + 1);
    }

    private boolean sameImport(Customer c) {
        return importId.equals(c.lastImportId());
    }

    /** Merges one row into the customer's working state and notes how the row counts. */
    private void merge(Work w, AcceptedRow row, ImportTally tally) {
        Customer read = w.read;
        List<ValueWarning> maskedEdits = new ArrayList<>();
        row.masked().forEach((field, cell) -> {
            String old = w.attributes.get(field);
            if (old == null || !cell.equals(PersonalData.masked(field, old, classifier.scheme()))) {
                // Edited, but left masked (or masked where nothing is stored): it names no value, so it changes nothing; said.
                // Or the mask of a value stored before (an outdated copy): the value changed since, and that is said.
                String why = old == null ? "nothing is stored" : changedAfterExport(w, row, field)
                        ? "the stored value changed after this export was made" : "not the stored value's mask";
                maskedEdits.add(new ValueWarning(field, cell, "not applied: a masked value ("
                        + why + "); write the whole value to change it"));
            }
        });
        if (maskedEdits.isEmpty()) {
            tally.storedWarnings.remove(row.line());
        } else {
            tally.storedWarnings.put(row.line(), maskedEdits);
        }
        // Applied before: an earlier run of this batch wrote the customer as far as this row's line (or,
        // for a row held back, as far as the line it waited for: a later line of another batch may
        // have written the customer before it). Else a customer this import wrote already is a duplicate.
        boolean appliedBefore = read != null && sameImport(read) && read.lastLine() >= later.appliedWith(row) && w.rows.isEmpty();
        boolean duplicate = !w.rows.isEmpty() || (read != null && sameImport(read) && !appliedBefore);
        boolean changed = false;
        for (var e : row.values().entrySet()) {
            String field = e.getKey();
            if (!Stamps.wins(row.stamp(), w.stamps.get(field))) {
                continue; // a later upload set it already
            }
            String old = w.attributes.get(field);
            if (changedAfterExport(w, row, field) && (old == null || !sameValue(row, field, old, placeOf(w, read), e.getValue()))) {
                w.stale.add(new ImportTally.StaleCell(row.line(), field, e.getValue(), old, exportTime(row)));
                continue; // an export's cell older than what is stored: the stored value stays
            }
            if (old != null && !old.equals(e.getValue())
                    && e.getValue().equals(PersonalData.masked(field, old, classifier.scheme()))) {
                continue; // the stored value as an export masks it (a note's 139****5678, a short phone's 88**1234): it says nothing
            }
            if (classifier.lostInEncoding(field, e.getValue(), old, read == null ? null : read.dimensions())) {
                // The file was saved in a code page that cannot hold a character of what is stored.
                tally.warn(row.line(), List.of(new ValueWarning(field, e.getValue(), LOST_IN_ENCODING)));
                continue;
            }
            if (StoredValues.keepsStored(classifier, field, old, e.getValue())) {
                // 6.22848E+15 for the stored 6228480012345678 (Excel's rounding of it), TBD under the amount, "user16 at
                // example.cn" for a stored address: warned when read, and the stored value stays.
                continue;
            }
            if (read != null && (old == null ? row.exportedAsOf() != null : !classifier.mapped(field, old))
                    && classifier.restates(field, e.getValue(), read.dimensions())) {
                // A label of what the customer already is: an export dropped back adds nothing where no value is stored
                // (its type column shows the type other rules gave), and no file replaces a value the scheme does not
                // know (VIP大客户, whose type came from its name), which a later scheme may map. Another system's file
                // stating the type where none is stored states it: stored, so that a later rename does not change it.
                continue;
            }
            if (old != null && read != null && classifier.mapped(field, old) && !classifier.mapped(field, e.getValue())) {
                // Reseller for the stored 公司: a value the scheme does not know would replace one it does and
                // move the customer to what other rules say (its code saying otherwise). Kept, as an unreadable
                // amount keeps the stored one, and said.
                tally.warn(row.line(), List.of(new ValueWarning(field, e.getValue(), "not applied: the scheme maps no " + field
                        + " to this value, and the stored " + old + " stays (add the value to the scheme's map to apply it)")));
                continue;
            }
            w.stamps.put(field, row.stamp());
            String storedValue = read == null ? null : read.attributes().get(field);
            if (storedValue != null && LAST_ORDER_DATE.equals(field) && !sameValue(row, field, storedValue, read.attributes(), e.getValue()) && before(e.getValue(), storedValue)) {
                // Applied (the most recently uploaded file wins), and said: a last order date going back is
                // what an older export uploaded after a newer one does to every field it carries.
                tally.warn(row.line(), List.of(new ValueWarning(field, e.getValue(), "applied, though earlier than the stored "
                        + storedValue + ": the most recently uploaded file wins; if this file is older than the one that set it, undo this import")));
            }
            // Values that say the same (¥1,500,000 and 1500000, 2024/3/5 and 2024-03-05, 企业 and
            // 企业客户 Enterprise) keep the stored spelling: a re-exported file changes nothing.
            if (old == null || !sameValue(row, field, old, placeOf(w, read), e.getValue())) {
                w.attributes.put(field, e.getValue());
                changed = true;
            }
        }
        for (String field : row.cleared()) {
            if (Stamps.wins(row.stamp(), w.stamps.get(field))) {
                if (changedAfterExport(w, row, field) && w.attributes.containsKey(field)) {
                    w.stale.add(new ImportTally.StaleCell(row.line(), field, null, w.attributes.get(field), exportTime(row)));
                    continue;
                }
                w.stamps.put(field, row.stamp());
                changed |= w.attributes.remove(field) != null;
            }
        }
        RowCount count;
        if (appliedBefore) {
            // An earlier run of this import wrote this row: count it as that run did. A row that changed
            // nothing moved the field stamps only, not updatedAt (still before this import began).
            count = importId.equals(read.firstImportId()) && read.firstLine() == row.line() ? RowCount.CREATED
                    : read.updatedAt() != null && Instant.parse(read.updatedAt()).isBefore(startedAt) ? RowCount.UNCHANGED
                    : RowCount.UPDATED;
        } else if (w.isNew() && w.rows.isEmpty()) {
            count = RowCount.CREATED;
        } else {
            count = changed ? RowCount.UPDATED : RowCount.UNCHANGED;
        }
        w.earlier.add(!w.rows.isEmpty() ? w.rows.get(w.rows.size() - 1).line() : duplicate ? read.lastLine() : 0L);
        w.rows.add(row);
        w.counts.add(count);
        w.duplicates.add(duplicate);
    }
}
