package dev.custcode.stewardship;

import dev.custcode.identity.IdentityKind;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.custcode.customer.Customer;
import dev.custcode.export.ExcelCsvWriter;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestStores;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.MergedCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a person on request ({@code privacy/erase/<code>.json}): what the product holds of them
 * goes, and only a tombstone stays — the code (never reused), its folder, when it was created and
 * when it was erased.
 *
 * <ul>
 *   <li>the customer item loses every attribute and identity key (the keys' claims are deleted, so
 *       the same phone may later make a new customer with a new code) and leaves every folder;</li>
 *   <li>its history is deleted and one {@code erased} entry, without values, is kept; in the histories of the
 *       customers it was ever merged into, the entries of the merge and of its undoing lose its side of the values
 *       (keeping which fields changed and their own values), and any other entry loses its phones, emails, tax ids
 *       and customer ids;</li>
 *   <li>the rows of every import's rejected, conflicts and warnings files (masked and full copies)
 *       that carry one of its phones, emails, tax ids or its customer id are removed, and so is its
 *       line of every re-evaluation run's {@code movements.csv} (masked and full copies); the
 *       earlier versions of the files it rewrote are deleted;</li>
 *   <li>its folder is announced ({@code manifests/erase-<code>-…}), and the export that follows
 *       rewrites the folder's exports without it and deletes their earlier versions.</li>
 * </ul>
 *
 * <p>Raw uploads under {@code incoming/} are not rewritten: they expire after the template's
 * {@code IncomingRetentionDays}. Running it again for the same code does the cleaning again and
 * changes nothing more (an erasure is idempotent, so Lambda may retry it).
 */
public final class EraseService {
    private static final Logger LOG = LoggerFactory.getLogger(EraseService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST = Pattern.compile("privacy/erase/([A-Za-z0-9_-]{1,64})\\.json");
    /** The attribute a tombstone carries instead of the person's data. */
    public static final String ERASED_AT = Customer.ERASED_AT;
    /** Manifests of erasures start so: the export deletes the earlier versions of what it rewrites for them. */
    public static final String CAUSE_PREFIX = "erase-";
    private static final int MAX_ATTEMPTS = 5;

    private final IngestStores stores;
    private final SchemeSource schemes;
    private final Clock clock;

    public EraseService(IngestStores stores, SchemeSource schemes, Clock clock) {
        this.stores = stores;
        this.schemes = schemes;
        this.clock = clock;
    }

    /** The code a request key names, if it is one. */
    public static Optional<String> codeOf(String key) {
        var m = REQUEST.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static String reportKey(String code) {
        return "privacy/reports/" + code + ".json";
    }

    /**
     * What an erasure did.
     *
     * @param status        {@code ERASED}; {@code NOT_FOUND} for a code never issued; {@code REFUSED}
     *                      (nothing erased; {@code reason} says why) for a customer merged into another
     *                      whose merge cannot be undone first
     * @param keysReleased  how many identity keys the customer gave up
     * @param historyItems  history entries deleted
     * @param othersHistoryItems entries of the histories of the customers it was merged into that lost its values
     *                      (they stay, saying which fields changed)
     * @param rowsRemoved   rows removed from row files, by file
     * @param olderVersions earlier versions of rewritten row files deleted
     * @param folder        the folder whose exports are rewritten without the customer
     * @param unmergedFrom  the survivor a customer merged into it was taken back from before it was erased (its
     *                      data lived there), or null
     * @param reason        why it was refused, or null
     * @param probableDuplicates customers its open pairs of probable duplicates named (the pairs go with it):
     *                      perhaps the same person under another code, for the steward to consider
     * @param erasedWithIt  the customers merged into it, the same company, erased with it (each has its own report)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record EraseReport(String code, String status, String erasedAt, int keysReleased, int historyItems,
                              int othersHistoryItems, Map<String, Integer> rowsRemoved, int olderVersions, String folder, String unmergedFrom, String reason,
                              List<String> probableDuplicates, List<String> erasedWithIt) {
        /** A report of an erasure that found no probable duplicate to name. */
        EraseReport(String code, String status, String erasedAt, int keysReleased, int historyItems, int othersHistoryItems,
                    Map<String, Integer> rowsRemoved, int olderVersions, String folder, String unmergedFrom, String reason) {
            this(code, status, erasedAt, keysReleased, historyItems, othersHistoryItems, rowsRemoved, olderVersions, folder, unmergedFrom,
                    reason, List.of(), List.of());
        }
    }

    public EraseReport erase(String code) {
        String now = clock.instant().toString();
        Optional<Customer> found = stores.customers().findByCode(code);
        String unmergedFrom = null;
        if (found.isPresent() && found.get().mergedInto() != null && !found.get().erased()) {
            // Merged into another: its person's data (keys and values) lives in the survivor. The merge is
            // undone first, which gives them back to it, and then it is erased as any customer.
            unmergedFrom = found.get().mergedInto();
            try {
                new MergeService(stores, schemes, clock).unmerge(unmergedFrom, code);
            } catch (MergeService.Refused refused) {
                EraseReport report = new EraseReport(code, "REFUSED", now, 0, 0, 0, Map.of(), 0, null, unmergedFrom,
                        "customer " + code + " was merged into " + unmergedFrom + ", which holds its data, and the merge cannot be"
                                + " undone: " + refused.getMessage() + ". Nothing was erased; erase " + unmergedFrom
                                + " (which erases the customers merged into it too), or undo that merge first");
                write(report);
                LOG.warn("erasure of {} refused: {}", code, report.reason());
                return report;
            }
            found = stores.customers().findByCode(code);
        }
        return erase(code, found, now, unmergedFrom);
    }

    private EraseReport erase(String code, Optional<Customer> found, String now, String unmergedFrom) {
        if (found.isEmpty()) {
            EraseReport report = new EraseReport(code, "NOT_FOUND", now, 0, 0, 0, Map.of(), 0, null, null, null);
            write(report);
            return report;
        }
        Customer before = found.get();
        // Customers merged into this one are the same company: their data goes with it (read before its history goes).
        List<String> merged = new MergeService(stores, schemes, clock).mergedInto(code);
        for (String m : merged) {
            erase(m, stores.customers().findByCode(m), now, null);
        }
        stores.objects().delete(MergeService.recordKey(code));
        // Before the tombstone, which no longer says which blocks it was in (a retry finds it left them).
        stores.customers().leaveBlocks(code, dev.custcode.identity.DuplicateRules.blocks(before));
        // Its values now, and those it had before (an earlier file's rows carry a former phone or tax id).
        List<HistoryStore.Change> itsHistory = stores.history().all(code);
        Needles needles = Needles.of(before, schemes.current()).and(Needles.formerly(itsHistory, schemes.current()));
        // Customers it was ever merged into keep its values (and keys) in their entries of the merge (the values
        // it gave them) and of its undoing (the values taken back): forgotten there, before its own history (which
        // names them) goes, so that a retry finds them. Their own values, on the other side, stay.
        int othersForgotten = 0;
        String why = "values of " + code + " erased on request";
        for (String survivor : MergedCodes.survivorsOf(code, itsHistory)) {
            List<HistoryStore.Change> scrubbed = forgottenIn(stores.history().all(survivor), code, needles, why);
            stores.history().record(scrubbed);
            othersForgotten += scrubbed.size();
        }
        String erasedAt = before.attributes().getOrDefault(ERASED_AT, now);
        int released = 0;
        for (int attempt = 1; ; attempt++) {
            Customer cur = stores.customers().findByCode(code).orElseThrow();
            if (cur.attributes().keySet().equals(Set.of(ERASED_AT)) && cur.keys().isEmpty() && cur.retired()) {
                break; // erased already (a retry)
            }
            needles = needles.and(Needles.of(cur, schemes.current()));
            // No longer merged into anyone (erased with its survivor): its code answers 410, and a row naming it is refused.
            Customer tombstone = cur.toBuilder().attributes(Map.of(ERASED_AT, erasedAt)).stamps(Map.of()).keys(List.of()).retired(true)
                    .mergedInto(null).version(cur.version() + 1).updatedAt(now).build();
            List<CustomerStore.Rejected> rejected = stores.customers().write(List.of(
                    new CustomerWrite.Update(tombstone, cur.version(), List.of(), cur.keys())));
            if (rejected.isEmpty()) {
                released = cur.keys().size();
                break;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("customer " + code + " kept changing while it was erased");
            }
        }
        int historyItems = stores.history().erase(code);
        // The open pairs it was in name customers that may be the same person, holding the same name or phone:
        // the pairs go (they name it), and the report names those customers, for the steward to consider erasing too.
        // A retry finds the pairs gone: the customers they named are kept beside the erasure until its report says them.
        List<String> named = new ArrayList<>(namedBefore(code, erasedAt));
        stores.imports().forgetPairs(code).stream().filter(p -> ImportStore.DuplicatePair.OPEN.equals(p.status()))
                .map(p -> p.code().equals(code) ? p.other() : p.code()).forEach(named::add);
        named = named.stream().distinct().sorted().toList();
        writeJson(pendingKey(code), new Pending(erasedAt, named));
        List<String> probableDuplicates = named.stream()
                .filter(other -> stores.customers().findByCode(other).filter(c -> !c.retired()).isPresent()).toList();
        stores.history().record(List.of(new HistoryStore.Change(code, now, "erase-" + code, 0, "erased", List.of(), before.folder(),
                null, List.of(), "erased on request")));
        Map<String, Integer> removed = new LinkedHashMap<>();
        int versions = 0;
        for (String key : rowFiles()) {
            int n = key.endsWith("/duplicates.csv") ? purgePairs(key, code) : purge(key, needles);
            if (n > 0) {
                removed.put(key, n);
                versions += stores.objects().deleteOlderVersions(key) + stores.objects().deleteOlderVersions(IngestService.privateCopy(key));
            }
        }
        // Re-evaluation runs listed the customer (code and name) among their movements, masked and in full.
        for (String key : stores.objects().list("evaluations/")) {
            if (!key.endsWith("/movements.csv")) {
                continue;
            }
            int n = 0;
            // Each copy on its own: a retry after an erasure died between the two still finds the line in the other.
            for (String copy : List.of(key, IngestService.privateCopy(key))) {
                n = Math.max(n, rewrite(copy, r -> r.isEmpty() || !r.get(0).equals(code)));
            }
            if (n > 0) {
                removed.put(key, n);
                versions += stores.objects().deleteOlderVersions(key) + stores.objects().deleteOlderVersions(IngestService.privateCopy(key));
            }
        }
        if (before.folder() != null) {
            // A retired customer (its import undone) is in no folder: no export lists it.
            java.time.Instant changedAt = clock.instant();
            String cause = CAUSE_PREFIX + code + "-" + changedAt.toEpochMilli();
            stores.folders().touch(List.of(before.folder()), cause, changedAt);
            ExportManifest manifest = new ExportManifest(cause, changedAt.toString(), List.of(before.folder()));
            stores.objects().put(manifest.key(), manifest.toJson(), "application/json");
        }
        EraseReport report = new EraseReport(code, "ERASED", erasedAt, released, historyItems, othersForgotten, removed, versions,
                before.folder(), unmergedFrom, null, probableDuplicates, merged);
        write(report);
        stores.objects().delete(pendingKey(code));
        LOG.info("customer {} erased: {} keys released, {} history entries deleted, rows removed from {} files", code, released,
                historyItems, removed.size());
        return report;
    }

    /** Every import's row files (the masked keys; each has its full copy under private/). */
    private List<String> rowFiles() {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            ImportStore.Page<ImportRecord> page = stores.imports().recent(100, cursor);
            for (ImportRecord r : page.items()) {
                keys.add(IngestService.rejectedKey(r.importId()));
                keys.add(IngestService.conflictsKey(r.importId()));
                keys.add(IngestService.warningsKey(r.importId()));
                keys.add(IngestService.duplicatesKey(r.importId()));
            }
            cursor = page.next();
        } while (cursor != null);
        return keys;
    }

    /** Removes from a duplicates file and its full copy the pairs the customer is in (its name is in them); answers how many went. */
    private int purgePairs(String key, String code) {
        int removed = 0;
        for (String copy : List.of(IngestService.privateCopy(key), key)) {
            int n = rewrite(copy, r -> r.size() < 4 || !(r.get(1).equals(code) || r.get(3).equals(code)));
            removed = n > 0 ? n : removed;
        }
        return removed;
    }

    /** Rewrites of one file an erasure tries before giving up (Lambda then retries the erasure). */
    private static final int MAX_REWRITES = 20;

    /**
     * Keeps only the rows (after the header) that {@code keep} accepts; answers how many went.
     * Erasures may run at once and rewrite the same file: each write is conditional on the version
     * read, and one that lost the race reads the file again, so no erasure undoes another's.
     */
    private int rewrite(String key, java.util.function.Predicate<List<String>> keep) {
        for (int attempt = 1; attempt <= MAX_REWRITES; attempt++) {
            Optional<dev.custcode.store.ObjectStore.Tagged> read = stores.objects().readTagged(key);
            if (read.isEmpty()) {
                return 0;
            }
            List<List<String>> rows = rows(read.get().content());
            if (rows.isEmpty()) {
                return 0;
            }
            List<List<String>> kept = rows.subList(1, rows.size()).stream().filter(keep).toList();
            if (kept.size() == rows.size() - 1) {
                return 0;
            }
            if (stores.objects().replace(key, csv(rows.get(0), kept), "text/csv; charset=utf-8", read.get().eTag())) {
                return rows.size() - 1 - kept.size();
            }
            LOG.info("{} changed while it was rewritten (another erasure): reading it again", key);
        }
        throw new IllegalStateException(key + " kept changing while an erasure rewrote it");
    }

    /**
     * Removes from a row file and its full copy the rows whose full copy carries a needle; answers
     * how many rows went. The masked copy cannot be searched (its contacts are masked): its rows
     * go by their line number, the first column of every row file.
     */
    /**
     * The entries of a survivor's history that held an erased customer's data, without it: the values
     * its merge gave ({@code TO}, and the keys it added), those its undoing took back ({@code FROM}), and
     * any of its phones, emails, tax ids or ids elsewhere (a file imported while it was merged replaced
     * its phone: that entry's old value is the erased customer's). The survivor's own values stay, so
     * that its history still reads back to them. Each entry's cause says why.
     */
    static List<HistoryStore.Change> forgottenIn(List<HistoryStore.Change> survivorsHistory, String erased, Needles needles, String why) {
        List<HistoryStore.Change> out = new ArrayList<>();
        for (HistoryStore.Change c : survivorsHistory) {
            HistoryStore.Change d = c;
            if (MergedCodes.cause(erased).equals(c.importId()) && d.holdsValues(HistoryStore.Side.TO)) {
                d = d.withoutValues(HistoryStore.Side.TO, why);
            }
            if (MergedCodes.undoCause(erased).equals(c.importId()) && d.holdsValues(HistoryStore.Side.FROM)) {
                d = d.withoutValues(HistoryStore.Side.FROM, why);
            }
            d = needles.forgotten(d, why).orElse(d);
            if (!d.equals(c)) {
                out.add(d);
            }
        }
        return out;
    }

    private int purge(String key, Needles needles) {
        String full = IngestService.privateCopy(key);
        Set<String> lines = new HashSet<>();
        stores.objects().read(full).map(EraseService::rows).ifPresent(rows -> rows.stream().skip(1).filter(needles::in)
                .forEach(row -> lines.add(row.get(0))));
        if (lines.isEmpty()) {
            return 0;
        }
        // The masked copy first: an erasure that dies between the two finds the rows in the full copy again when retried.
        // Every row of those lines, in both: a line's other warnings name the person too, in forms no needle
        // finds (its phone as Excel rounded it, 1.39123E+10, beside its id read back as 000123).
        rewrite(key, row -> row.isEmpty() || !lines.contains(row.get(0)));
        rewrite(full, row -> row.isEmpty() || !lines.contains(row.get(0)));
        return lines.size();
    }

    private static List<List<String>> rows(byte[] bytes) {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(new InputStreamReader(
                new ByteArrayInputStream(bytes, bytes.length >= 3 && bytes[0] == (byte) 0xEF ? 3 : 0, bytes.length), StandardCharsets.UTF_8))) {
            csv.forEach(r -> out.add(r.getFields()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] csv(List<String> header, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExcelCsvWriter w = new ExcelCsvWriter(out)) {
            w.writeRow(header);
            rows.forEach(w::writeRow);
        }
        return out.toByteArray();
    }

    private void write(EraseReport report) {
        writeJson(reportKey(report.code()), report);
    }

    private void writeJson(String key, Object value) {
        try {
            stores.objects().put(key, JSON.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where an erasure keeps, between deleting a customer's pairs and writing its report, the customers they named. */
    static String pendingKey(String code) {
        return "private/privacy/pending/" + code + ".json";
    }

    /** The customers an erasure's pairs named, kept for its report ({@link #pendingKey}). */
    record Pending(String erasedAt, List<String> probableDuplicates) {
    }

    /**
     * The customers the pairs of this erasure (the same {@code erasedAt}) named before a retry: kept
     * beside it when it stopped before its report, or in its report when that was written (a second delivery).
     */
    private List<String> namedBefore(String code, String erasedAt) {
        for (String key : List.of(pendingKey(code), reportKey(code))) {
            Optional<byte[]> bytes = stores.objects().read(key);
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                Pending before = JSON.readerFor(Pending.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(bytes.get());
                if (erasedAt.equals(before.erasedAt()) && before.probableDuplicates() != null) {
                    return before.probableDuplicates();
                }
            } catch (IOException e) {
                LOG.warn("erasure of {}: {} unreadable, read as naming no one: {}", code, key, e.toString());
            }
        }
        return List.of();
    }

    /**
     * What identifies the person in a row: the digits of its phones (without a country code or
     * trunk 0), its emails and tax ids (any case), its customer ids (as a whole cell).
     */
    record Needles(Set<String> digits, Set<String> texts, Set<String> cells) {
        static Needles of(Customer c, Scheme scheme) {
            Needles n = ofValues(c.attributes(), scheme);
            for (String key : c.keys()) {
                if (IdentityKind.SOURCE_ID.owns(key)) {
                    n.cells.add(key.substring(4));
                }
            }
            return n;
        }

        /** The values a customer had before they changed (its history's from and to), which earlier files' rows carry. */
        static Needles formerly(List<HistoryStore.Change> history, Scheme scheme) {
            Needles n = new Needles(new HashSet<>(), new HashSet<>(), new HashSet<>());
            for (HistoryStore.Change ch : history) {
                for (HistoryStore.FieldChange f : ch.fields()) {
                    java.util.Map<String, String> values = new java.util.HashMap<>();
                    if (f.from() != null) {
                        values.put(f.field(), f.from());
                    }
                    n = n.and(ofValues(values, scheme));
                    if (f.to() != null) {
                        n = n.and(ofValues(java.util.Map.of(f.field(), f.to()), scheme));
                    }
                }
            }
            return n;
        }

        private static Needles ofValues(java.util.Map<String, String> attributes, Scheme scheme) {
            Set<String> digits = new HashSet<>();
            Set<String> texts = new HashSet<>();
            Set<String> cells = new HashSet<>();
            attributes.forEach((field, value) -> {
                if (value == null || value.isBlank() || field.equals(ERASED_AT)) {
                    return;
                }
                if (field.startsWith("phone")) {
                    String d = value.replaceAll("\\D", "").replaceFirst("^86(?=\\d{9,})", "").replaceFirst("^0", "");
                    if (d.length() >= 7) {
                        digits.add(d);
                    }
                } else if (field.equals("email") || field.equals("taxId") || (scheme.isPersonal(field) && value.length() >= 6)) {
                    texts.add(value.toLowerCase(Locale.ROOT));
                } else if (field.equals("sourceId")) {
                    cells.add(value);
                }
            });
            return new Needles(digits, texts, cells);
        }

        Needles and(Needles more) {
            Set<String> d = new HashSet<>(digits);
            d.addAll(more.digits);
            Set<String> t = new HashSet<>(texts);
            t.addAll(more.texts);
            Set<String> c = new HashSet<>(cells);
            c.addAll(more.cells);
            return new Needles(d, t, c);
        }

        /**
         * The change without the values (either side) and keys added that identify the person, its cause
         * saying why; empty when it holds none.
         */
        Optional<HistoryStore.Change> forgotten(HistoryStore.Change c, String why) {
            List<HistoryStore.FieldChange> fields = new ArrayList<>();
            boolean any = false;
            for (HistoryStore.FieldChange f : c.fields()) {
                String from = f.from() != null && in(List.of(f.from())) ? null : f.from();
                String to = f.to() != null && in(List.of(f.to())) ? null : f.to();
                any |= !java.util.Objects.equals(from, f.from()) || !java.util.Objects.equals(to, f.to());
                fields.add(new HistoryStore.FieldChange(f.field(), from, to));
            }
            List<String> keys = c.keysAdded().stream().filter(k -> !in(List.of(k.substring(k.indexOf(':') + 1)))).toList();
            any |= keys.size() != c.keysAdded().size();
            if (!any) {
                return Optional.empty();
            }
            return Optional.of(c.with(fields, keys, why));
        }

        /** Whether a row file's row carries one (its raw-line column is split at any delimiter for customer ids). */
        boolean in(List<String> row) {
            for (String cell : row) {
                String lower = cell.toLowerCase(Locale.ROOT);
                if (texts.stream().anyMatch(lower::contains)) {
                    return true;
                }
                // A raw line holds many cells: a phone is looked for within one of them, never across two.
                for (String part : cell.split("[,;\t|\"]")) {
                    String partDigits = part.replaceAll("\\D", "");
                    if (cells.contains(part.trim()) || (!partDigits.isEmpty() && digits.stream().anyMatch(partDigits::contains))) {
                        return true;
                    }
                    // A warning's words name an id as stored: "read as 000123, the customer's stored value".
                    for (String word : part.trim().split("\\s+")) {
                        if (word.length() >= 4 && cells.contains(word)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
