package dev.custcode.stewardship;

import dev.custcode.identity.IdentityKeys;
import dev.custcode.identity.IdentityKind;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.customer.Customer;
import dev.custcode.customer.ItemSize;
import dev.custcode.export.ExportManifest;
import dev.custcode.export.FolderExporter;
import dev.custcode.ingest.IngestStores;
import dev.custcode.ingest.Stamps;
import dev.custcode.ingest.StoredValues;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.MergedCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a customer into another that is the same company (a steward's decision, never the
 * import's), and undoes it.
 *
 * <p>A merge of {@code code} into {@code into}, written as one DynamoDB transaction conditional on
 * both customers' versions and on every moved key still belonging to the merged customer (so an
 * import racing it either wrote first, and the merge re-reads, or finds the keys moved):
 * <ul>
 *   <li>the survivor keeps its code and gains the merged customer's identity keys and each value
 *       it lacked or held from an earlier upload (the most recently uploaded value wins, as for
 *       imports); it is classified again, so it may change folder;</li>
 *   <li>the merged customer is retired with {@code mergedInto}: its code is never reused, it leaves
 *       every folder, export and count, {@code GET /customers/{code}} answers 301 to the survivor,
 *       and a later row carrying its code or one of its keys updates the survivor;</li>
 *   <li>both histories record it, the folders it touched are announced for export, and what both
 *       were before is kept under {@code private/stewardship/merges/<code>.json} for the undo.</li>
 * </ul>
 *
 * <p>The undo restores the merged customer as it was (its code, its data, the keys the survivor
 * still holds of it), and takes back from the survivor each value the merge gave it that no later
 * file changed. Both are idempotent: a retried request changes nothing more.
 */
public final class MergeService {
    private static final Logger LOG = LoggerFactory.getLogger(MergeService.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_ATTEMPTS = 5;
    /** Where the before-images of a merge are kept (personal data: under {@code private/}, erased with the customer). */
    public static final String RECORDS = "private/stewardship/merges/";

    private final IngestStores stores;
    private final SchemeSource schemes;
    private final Clock clock;

    public MergeService(IngestStores stores, SchemeSource schemes, Clock clock) {
        this.stores = stores;
        this.schemes = schemes;
        this.clock = clock;
    }

    /** Why a request cannot be carried out: nothing was written. */
    public static final class Refused extends RuntimeException {
        private final Kind kind;

        public enum Kind { BAD_REQUEST, NOT_FOUND, CONFLICT }

        public Refused(Kind kind, String detail) {
            super(detail);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /**
     * The text of {@code name} in a merge or undo request ({@code {"into": "..."}} through the API,
     * {@code {"code": "...", "into": "..."}} in the bucket), null when absent and not required.
     * A field the request does not know is refused rather than ignored: {@code {"merge": "X"}}
     * meant for {@code "merged"} would otherwise undo the survivor's latest merge, not X's.
     *
     * @param known every field this request may hold
     * @throws Refused BAD_REQUEST for a body that is not an object, an unknown field, a value that
     *                 is not a string, or a required field absent or blank
     */
    public static String requestField(JsonNode body, String name, boolean required, Set<String> known) {
        String shape = known.stream().sorted().map(f -> "\"" + f + "\": \"<customer code>\"")
                .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        if (body == null || !body.isObject()) {
            throw new Refused(Refused.Kind.BAD_REQUEST, "the request must be a JSON object: " + shape);
        }
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                throw new Refused(Refused.Kind.BAD_REQUEST, "the request has a field it does not know, \"" + field + "\": it is " + shape);
            }
        }
        JsonNode v = body.path(name);
        if (!v.isMissingNode() && !v.isNull() && !v.isTextual()) {
            // {"code": 5} is no code: refused, not read as "none given" (which would undo the latest merge).
            throw new Refused(Refused.Kind.BAD_REQUEST, "\"" + name + "\" must be a customer code (a string)");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            if (required) {
                throw new Refused(Refused.Kind.BAD_REQUEST, "the request must be " + shape + " with \"" + name + "\" given");
            }
            return null;
        }
        return v.asText().trim();
    }

    /**
     * What a merge or an undo did.
     *
     * @param status      {@code MERGED} or {@code UNMERGED} (also when a retry finds it done)
     * @param code        the merged customer's code
     * @param into        the survivor's code
     * @param folder      the survivor's folder now
     * @param mergedFolder the merged customer's folder (before the merge; after an undo)
     * @param keysMoved   identity keys that moved (masked to their kind)
     * @param fields      fields of the survivor the merge set or the undo took back
     */
    public record Result(String status, String code, String into, String at, String folder, String mergedFolder,
                         List<String> keysMoved, List<String> fields) {
    }

    /** The before-images of one merge, kept for its undo. */
    public record MergeRecord(String code, String into, String at, Customer survivorBefore, Customer survivorAfter,
                       Customer mergedBefore, List<String> moved) {
    }

    public static String recordKey(String code) {
        return RECORDS + code + ".json";
    }

    public Result merge(String code, String into) {
        code = checked(code, "code");
        into = checked(into, "into");
        if (code.equals(into)) {
            throw new Refused(Refused.Kind.CONFLICT, "a customer cannot be merged into itself");
        }
        for (int attempt = 1; ; attempt++) {
            Customer merged = find(code);
            Customer survivor = find(into);
            if (into.equals(merged.mergedInto())) {
                MergeRecord r = readRecord(code).orElse(null);
                return new Result("MERGED", code, into, r == null ? merged.updatedAt() : r.at(), survivor.folder(), merged.folder(),
                        r == null ? List.of() : kinds(r.moved()), List.of());
            }
            refuseRetired(merged, "merged");
            refuseRetired(survivor, "survivor");
            String taxA = taxId(merged);
            String taxB = taxId(survivor);
            if (taxA != null && taxB != null && !taxA.equals(taxB)) {
                throw new Refused(Refused.Kind.CONFLICT, "customers " + code + " and " + into + " have different tax ids: they are not one company");
            }
            String now = clock.instant().toString();
            Map<String, String> attributes = new HashMap<>(survivor.attributes());
            Map<String, String> stamps = new HashMap<>(survivor.stamps());
            Classifier classifier = classifier();
            merged.attributes().forEach((field, value) -> {
                String theirs = merged.stamps().get(field);
                String ours = stamps.get(field);
                boolean lacking = !attributes.containsKey(field);
                // The most recently uploaded value wins (of two from one file, the survivor's); a value
                // without a stamp only fills a gap; and, as in an import, a value that says less than the
                // survivor's (待定 for an amount, Excel's 1.37333E+10 for a phone) does not replace it.
                boolean newer = lacking ? theirs == null || ours == null || Stamps.wins(theirs, ours)
                        : theirs != null && ours != null && Stamps.laterUpload(theirs, ours);
                if (newer && !StoredValues.keepsStored(classifier, field, attributes.get(field), value)
                        && !(classifier.mapped(field, attributes.get(field)) && !classifier.mapped(field, value))) {
                    attributes.put(field, value);
                    if (theirs != null) {
                        stamps.put(field, theirs);
                    }
                }
            });
            keepSecondPhone(survivor, merged, attributes, stamps, classifier);
            List<String> moved = merged.keys().stream().filter(k -> !IdentityKind.CODE.owns(k)).toList();
            Set<String> keys = new LinkedHashSet<>(survivor.keys());
            keys.addAll(moved);
            long size = ItemSize.estimate(attributes, stamps, keys, survivor.dimensions());
            if (size > ItemSize.MAX_BYTES) {
                throw new Refused(Refused.Kind.CONFLICT, ItemSize.tooLarge(size));
            }
            Classification c = classifier.classify(attributes, today());
            Customer survivorAfter = survivor.toBuilder().attributes(attributes).stamps(stamps).keys(List.copyOf(keys))
                    .folder(c.folder()).dimensions(c.valueKeys()).version(survivor.version() + 1).updatedAt(now).build();
            Customer mergedAfter = merged.toBuilder().keys(List.of()).retired(true).mergedInto(into)
                    .version(merged.version() + 1).updatedAt(now).build();
            // The before-images first: a merge whose record was not kept could not be undone.
            writeRecord(new MergeRecord(code, into, now, survivor, survivorAfter, merged, moved));
            List<CustomerStore.Rejected> rejected = stores.customers().write(List.of(
                    new CustomerWrite.Transfer(survivorAfter, survivor.version(), mergedAfter, merged.version(), moved)));
            if (!rejected.isEmpty()) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("customers " + code + " and " + into + " kept changing while they were merged");
                }
                continue; // an import wrote one of them (or took a key) since they were read: read again
            }
            List<HistoryStore.FieldChange> fields = HistoryStore.FieldChange.between(survivor.attributes(), attributes);
            String cause = MergedCodes.cause(code);
            stores.history().record(List.of(
                    new HistoryStore.Change(into, now, cause, 0, "merged", fields, survivor.folder(), survivorAfter.folder(), moved,
                            "merge of " + code + " into it"),
                    new HistoryStore.Change(code, now, cause, 0, "merged", List.of(), merged.folder(), null, List.of(),
                            MergedCodes.mergedIntoCause(into))));
            announce(cause, merged.folder(), survivor.folder(), survivorAfter.folder());
            LOG.info("customer {} merged into {}: {} keys moved, {} fields set, filed in {}", code, into, moved.size(), fields.size(),
                    survivorAfter.folder());
            return new Result("MERGED", code, into, now, survivorAfter.folder(), merged.folder(), kinds(moved),
                    fields.stream().map(HistoryStore.FieldChange::field).toList());
        }
    }

    /**
     * Undoes the merge of {@code code} into {@code survivor}; {@code code} null: the survivor's most
     * recent merge that is not undone.
     */
    public Result unmerge(String survivor, String code) {
        survivor = checked(survivor, "survivor");
        if (code == null || code.isBlank()) {
            String s = survivor;
            code = latestMergedInto(survivor).orElseThrow(() -> new Refused(Refused.Kind.CONFLICT, "no customer is merged into " + s));
        }
        code = checked(code, "code");
        if (code.equals(survivor)) {
            throw new Refused(Refused.Kind.CONFLICT, "a customer is never merged into itself");
        }
        for (int attempt = 1; ; attempt++) {
            Customer merged = find(code);
            Customer s = find(survivor);
            if (merged.mergedInto() == null && !merged.retired()) {
                // Undone already (a retry: its record may still be there), or never merged into anyone.
                Optional<MergeRecord> r = readRecord(code);
                if (r.isEmpty() && !mergedBefore(survivor, code)) {
                    throw new Refused(Refused.Kind.CONFLICT, "customer " + code + " is not merged into " + survivor);
                }
                r.ifPresent(x -> stores.objects().delete(recordKey(x.code())));
                return new Result("UNMERGED", code, survivor, merged.updatedAt(), s.folder(), merged.folder(), List.of(), List.of());
            }
            if (s.mergedInto() != null) {
                throw new Refused(Refused.Kind.CONFLICT, "customer " + survivor + " was itself merged into " + s.mergedInto()
                        + " since: undo that merge first");
            }
            if (!survivor.equals(merged.mergedInto())) {
                throw new Refused(Refused.Kind.CONFLICT, "customer " + code + " is not merged into " + survivor
                        + (merged.mergedInto() == null ? "" : " but into " + merged.mergedInto()));
            }
            if (s.retired()) {
                throw new Refused(Refused.Kind.CONFLICT, "customer " + survivor + " is " + (s.erased() ? "erased" : "retired (the import that"
                        + " created it was undone)") + ": the merge of " + code + " into it cannot be undone");
            }
            MergeRecord r = readRecord(code).orElseThrow(() -> new Refused(Refused.Kind.CONFLICT,
                    "the merge of " + merged.mergedInto() + " has no record to undo it from"));
            String now = clock.instant().toString();
            // Keys the survivor still holds of the merged customer go back; one it gave up since stays free.
            List<String> back = r.moved().stream().filter(s.keys()::contains).toList();
            Map<String, String> attributes = new HashMap<>(s.attributes());
            Map<String, String> stamps = new HashMap<>(s.stamps());
            List<String> takenBack = new ArrayList<>();
            Set<String> fields = new TreeSet<>(r.survivorBefore().attributes().keySet());
            fields.addAll(r.survivorAfter().attributes().keySet());
            for (String f : fields) {
                String before = r.survivorBefore().attributes().get(f);
                String after = r.survivorAfter().attributes().get(f);
                // By value, as an undo compares: a later file that only restated it (a row matched through the
                // merged customer's phone, repeating that phone) changed nothing, and the value goes back with its key.
                boolean unchangedSince = Objects.equals(after, attributes.get(f));
                if (Objects.equals(before, after) || !unchangedSince) {
                    continue; // the merge did not set it, or a later file changed it: that value stays
                }
                takenBack.add(f);
                if (before == null) {
                    attributes.remove(f);
                } else {
                    attributes.put(f, before);
                }
                String stamp = r.survivorBefore().stamps().get(f);
                if (stamp == null) {
                    stamps.remove(f);
                } else {
                    stamps.put(f, stamp);
                }
            }
            List<String> keys = s.keys().stream().filter(k -> !back.contains(k)).toList();
            Classifier classifier = classifier();
            LocalDate today = today();
            Classification sc = classifier.classify(attributes, today);
            Customer survivorAfter = s.toBuilder().attributes(attributes).stamps(stamps).keys(keys).folder(sc.folder())
                    .dimensions(sc.valueKeys()).version(s.version() + 1).updatedAt(now).build();
            Customer before = r.mergedBefore();
            Classification mc = classifier.classify(before.attributes(), today);
            Customer restored = merged.toBuilder().attributes(before.attributes()).stamps(before.stamps()).keys(back)
                    .folder(mc.folder()).dimensions(mc.valueKeys()).retired(false).mergedInto(null)
                    .version(merged.version() + 1).updatedAt(now).build();
            List<CustomerStore.Rejected> rejected = stores.customers().write(List.of(
                    new CustomerWrite.Transfer(restored, merged.version(), survivorAfter, s.version(), back)));
            if (!rejected.isEmpty()) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("customers " + code + " and " + survivor + " kept changing while they were unmerged");
                }
                continue;
            }
            String cause = MergedCodes.undoCause(code);
            stores.history().record(List.of(
                    new HistoryStore.Change(survivor, now, cause, 0, "unmerged", HistoryStore.FieldChange.between(s.attributes(), attributes), s.folder(),
                            survivorAfter.folder(), List.of(), "undo of the merge of " + code + " into it"),
                    new HistoryStore.Change(code, now, cause, 0, "unmerged", List.of(), null, restored.folder(), back,
                            MergedCodes.unmergedFromCause(survivor))));
            stores.objects().delete(recordKey(code));
            announce(cause, s.folder(), survivorAfter.folder(), restored.folder());
            LOG.info("merge of {} into {} undone: {} keys back, {} fields taken back", code, survivor, back.size(), takenBack.size());
            return new Result("UNMERGED", code, survivor, now, survivorAfter.folder(), restored.folder(), kinds(back), takenBack);
        }
    }

    /** The codes merged into this customer whose merges are not undone, newest first (an erasure erases them too). */
    public List<String> mergedInto(String survivor) {
        return MergedCodes.into(survivor, stores.history(), stores.customers());
    }

    /** Whether the survivor's history says this code was merged into it once. */
    private boolean mergedBefore(String survivor, String code) {
        String cursor = null;
        do {
            var page = stores.history().of(survivor, cursor, 100);
            if (page.items().stream().anyMatch(ch -> ch.importId().equals(MergedCodes.cause(code)))) {
                return true;
            }
            cursor = page.next();
        } while (cursor != null);
        return false;
    }

    private Optional<String> latestMergedInto(String survivor) {
        return mergedInto(survivor).stream().findFirst();
    }

    private Customer find(String code) {
        return stores.customers().findByCode(code).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no customer with code " + code));
    }

    private static void refuseRetired(Customer c, String role) {
        if (c.mergedInto() != null) {
            throw new Refused(Refused.Kind.CONFLICT, "customer " + c.code() + " was merged into " + c.mergedInto()
                    + (role.equals("survivor") ? ": merge into " + c.mergedInto() + " instead" : ""));
        }
        if (c.retired()) {
            throw new Refused(Refused.Kind.CONFLICT, "customer " + c.code() + " is retired or erased: it cannot be merged");
        }
    }

    private static String checked(String code, String what) {
        if (code == null || !CODE.matcher(code.trim()).matches()) {
            throw new Refused(Refused.Kind.BAD_REQUEST, what + " must be a customer code");
        }
        return code.trim().toUpperCase(java.util.Locale.ROOT);
    }

    private static final String PHONE = IdentityKind.PHONE.schemeName();
    private static final String PHONE2 = PHONE + "2";

    /**
     * The phone a merge does not keep as the survivor's (the other system's line of the same company)
     * is kept as its {@code phone2} when it has none: still a key either way, now also a value anyone
     * reading the customer sees. An unmerge gives it back with the rest.
     */
    private static void keepSecondPhone(Customer survivor, Customer merged, Map<String, String> attributes, Map<String, String> stamps,
                                        Classifier classifier) {
        if (!classifier.scheme().fields().containsKey(PHONE2) || attributes.containsKey(PHONE2)) {
            return;
        }
        String kept = attributes.get(PHONE);
        Customer other = Objects.equals(kept, survivor.attributes().get(PHONE)) ? merged : survivor;
        String lost = other.attributes().get(PHONE);
        if (lost == null || kept == null || IdentityKeys.sameContact(PHONE, kept, lost, attributes)) {
            return;
        }
        attributes.put(PHONE2, lost);
        String stamp = other.stamps().get(PHONE);
        if (stamp != null) {
            stamps.put(PHONE2, stamp);
        }
    }

    private static String taxId(Customer c) {
        return c.keys().stream().filter(IdentityKind.TAX_ID::owns).findFirst().orElse(null);
    }

    /** Keys shown by kind only ({@code tel:…}): a result file is no place for a phone number. */
    private static List<String> kinds(List<String> keys) {
        return keys.stream().map(k -> k.substring(0, k.indexOf(':') + 1) + "…").toList();
    }

    private Classifier classifier() {
        return new Classifier(schemes.current(), FolderExporter.latestPopulation(stores.objects()));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void announce(String cause, String... folders) {
        List<String> touched = java.util.Arrays.stream(folders).filter(Objects::nonNull).distinct().toList();
        if (touched.isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        String id = cause + "-" + at.toEpochMilli();
        stores.folders().touch(touched, id, at);
        ExportManifest manifest = new ExportManifest(id, at.toString(), touched);
        stores.objects().put(manifest.key(), manifest.toJson(), "application/json");
    }

    private Optional<MergeRecord> readRecord(String code) {
        return stores.objects().read(recordKey(code)).map(bytes -> {
            try {
                return JSON.readValue(bytes, MergeRecord.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeRecord(MergeRecord r) {
        try {
            stores.objects().put(recordKey(r.code()), JSON.writeValueAsBytes(r), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
