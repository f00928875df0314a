package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.Labels;
import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.export.FolderExporter;
import dev.custcode.export.SearchIndex;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.identity.PhoneNumbers;
import dev.custcode.identity.IdentityKind;
import dev.custcode.normalize.Simplified;
import dev.custcode.normalize.Text;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.stewardship.EraseService;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers: one by code (with its history and the explanation of its folder), by contact or by part of
 * its name (through the search index the exports write).
 */
public final class CustomerQueries {
    private final ApiReads reads;
    private final CustomerStore customers;
    private final HistoryStore history;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final SchemeSource schemes;
    private final Clock clock;

    CustomerQueries(ApiReads reads) {
        this.reads = reads;
        this.customers = reads.customers;
        this.history = reads.history;
        this.folders = reads.folders;
        this.objects = reads.objects;
        this.schemes = reads.schemes;
        this.clock = reads.clock;
    }

    /** A customer as every caller sees it (all folders, personal data masked). */
    public CustomerView customer(String code) {
        return customer(code, Access.OPEN.viewer(List.of()));
    }

    /** A customer, if the viewer may read its folder (else 404, as if there were none). */
    public CustomerView customer(String code, Access.Viewer viewer) {
        ApiReads.checkCode(code);
        Customer c = reads.visible(code, viewer);
        if (c.erased()) { // before a merge: an erasure made before 2026-12-04 may have kept where it was merged into
            throw new ProblemException(410, "Gone", "customer " + code + " was erased on " + c.attributes().get(EraseService.ERASED_AT)
                    + " at the person's request; its code is never reused");
        }
        if (c.mergedInto() != null) {
            throw ProblemException.movedPermanently("/customers/" + c.mergedInto(), "customer " + code + " was merged into "
                    + c.mergedInto() + "; its code is never reused; its history is at /customers/" + code + "/history");
        }
        if (c.retired()) {
            throw new ProblemException(410, "Gone", "customer " + code + " was retired: the import that created it ("
                    + c.firstImportId() + ") was undone; its code is never reused; its history is at /customers/" + code + "/history");
        }
        return reads.view(c, schemes.current(), true, viewer);
    }

    /**
     * Why a customer is where it is: per dimension of the active scheme, the value its stored data
     * gives today (with the population thresholds of the latest re-evaluation run), the rule that
     * decided it or the default, the stored values that rule read (masked as the customer is), and
     * the value stored now; {@code moves} is the folder the next re-evaluation would file it in
     * when that differs from its folder.
     */
    public DimensionExplanation.OfCustomer explain(String code, Access.Viewer viewer) {
        ApiReads.checkCode(code);
        Customer c = reads.visible(code, viewer);
        if (c.mergedInto() != null && !c.erased()) {
            throw ProblemException.movedPermanently("/customers/" + c.mergedInto() + "/explain", "customer " + code + " was merged into " + c.mergedInto());
        }
        if (c.retired()) {
            throw new ProblemException(410, "Gone", "customer " + code + " is retired or erased: it is in no folder; its history is at /customers/" + code + "/history");
        }
        Scheme scheme = schemes.current();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Classifier classifier = new Classifier(scheme, reads.latestPopulation());
        String now = classifier.classify(c.attributes(), today).folder();
        return new DimensionExplanation.OfCustomer(c.code(), c.folder(), scheme.name(), today.toString(),
                explanations(classifier.explain(c.attributes(), today), c.dimensions(), scheme, viewer), now.equals(c.folder()) ? null : now);
    }

    /** The explanations of a row's dimensions; {@code stored}: a stored customer's dimensions, or null for a row that is not stored. */
    static List<DimensionExplanation> explanations(List<Classifier.Explanation> explained, Map<String, String> stored, Scheme scheme,
                                                   Access.Viewer viewer) {
        // Numbers as the scheme writes them: the default node factory strips trailing zeros (100000 would be 1E+5).
        ObjectMapper written = ApiReads.JSON.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        List<DimensionExplanation> out = new ArrayList<>();
        for (Classifier.Explanation e : explained) {
            Map<String, String> read = new LinkedHashMap<>();
            e.read().forEach((field, value) -> read.put(field, value == null || viewer.personal() || !scheme.isPersonal(field)
                    ? value : PersonalData.mask(Map.of(field, value), scheme).get(field)));
            out.add(new DimensionExplanation(e.dimension(), e.value(), e.label(),
                    stored == null ? null : stored.containsKey(e.dimension()) ? written.getNodeFactory().textNode(stored.get(e.dimension()))
                            : NullNode.getInstance(), e.rule(),
                    e.written() == null ? null : written.valueToTree(e.written()), read, e.because()));
        }
        return out;
    }

    /**
     * Each customer exists and is in a folder the viewer reads (a merged customer: its folder when
     * it was merged), else 404 as for a code never issued.
     */
    public void requireVisible(List<String> codes, Access.Viewer viewer) {
        for (String code : codes) {
            ApiReads.checkCode(code);
            reads.visible(code, viewer);
        }
    }

    /** A customer's changes, newest first, a page at a time (retired customers included). */
    public History history(String code, String limitText, String cursor, Access.Viewer viewer) {
        ApiReads.checkCode(code);
        int limit = ApiReads.limit(limitText);
        Customer c = reads.visible(code, viewer);
        Scheme scheme = schemes.current();
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode("history/" + c.code(), cursor, HISTORY_POSITION);
        ImportStore.Page<HistoryStore.Change> page = history.of(c.code(), after, limit);
        List<History.Change> changes = new ArrayList<>(page.items().stream().map(ch -> change(ch, scheme, viewer)).toList());
        if (page.next() == null && !c.erased()) {
            // The oldest entry, the creation, comes from the record itself (it is not a history item). An erased
            // customer has none: its one entry says it was erased, and no import or line points at its rows.
            List<HistoryStore.Change> items = page.items();
            List<HistoryStore.Change> all = after == null ? items : history.all(c.code()); // the creation's values need every later change
            changes.add(change(new HistoryStore.Change(c.code(), c.createdAt(), c.firstImportId(), c.firstLine(), "created",
                    valuesWhenCreated(c, all), null, folderWhenCreated(c, all), List.of(), "import " + c.firstImportId()), scheme, viewer));
        }
        return new History(c.code(), c.retired(), changes, page.next() == null ? null : Cursors.after("history/" + c.code(), page.next()));
    }

    /** Where a page of a history resumes: the key of its last change ({@code 2026-12-01T…#<importId>#<line>}). */
    private static final java.util.regex.Pattern HISTORY_POSITION = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[^#]*#[0-9a-zA-Z-]*#\\d{12}");

    /**
     * The folder the customer was first filed in: the folder its oldest change left (whatever page of
     * the history that change is on; a change from no folder, such as an unmerge, tells nothing), or its
     * folder now when no change ever left one.
     */
    static String folderWhenCreated(Customer c, List<HistoryStore.Change> newestFirst) {
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (newestFirst.get(i).fromFolder() != null) {
                return newestFirst.get(i).fromFolder();
            }
        }
        return c.folder();
    }

    /**
     * The values the customer was created with, as fields set from nothing: its stored values with
     * every later change of them taken back, newest first (each change records the value before it).
     * Dimensions a re-evaluation changed are not stored values.
     */
    static List<HistoryStore.FieldChange> valuesWhenCreated(Customer c, List<HistoryStore.Change> newestFirst) {
        Map<String, String> values = new TreeMap<>(c.attributes());
        for (HistoryStore.Change ch : newestFirst) {
            for (HistoryStore.FieldChange f : ch.fields()) {
                if (f.field().startsWith(ReevaluationService.DIMENSION_FIELD)) {
                    continue;
                }
                if (f.from() == null) {
                    values.remove(f.field());
                } else {
                    values.put(f.field(), f.from());
                }
            }
        }
        List<HistoryStore.FieldChange> out = new ArrayList<>();
        values.forEach((field, value) -> {
            if (value != null && !value.isEmpty()) {
                out.add(new HistoryStore.FieldChange(field, null, value));
            }
        });
        return out;
    }

    private static History.Change change(HistoryStore.Change ch, Scheme scheme, Access.Viewer viewer) {
        // Masked as the customer's own answer masks them: personal fields, and phones and emails written in free-text columns.
        List<History.Field> fields = ch.fields().stream().map(f -> viewer.personal() || f.field().startsWith("dimension:")
                ? new History.Field(f.field(), f.from(), f.to())
                : new History.Field(f.field(), PersonalData.masked(f.field(), f.from(), scheme), PersonalData.masked(f.field(), f.to(), scheme)))
                .toList();
        // A move only when the folder changed (an update within its folder records the folder both sides: no move).
        History.Move folder = Objects.equals(ch.fromFolder(), ch.toFolder()) ? null : new History.Move(ch.fromFolder(), ch.toFolder());
        return new History.Change(ch.at(), ch.kind(), ch.importId(), ch.line(), fields, folder,
                viewer.personal() ? ch.keysAdded() : IdentityKind.masked(ch.keysAdded()), ch.cause());
    }

    /** The kinds a lookup names by their scheme names ({@code ?sourceId=}): not name + city, not the code (a path of its own). */
    private static final List<IdentityKind> KEY_PARAMETERS = List.of(IdentityKind.SOURCE_ID, IdentityKind.PHONE, IdentityKind.EMAIL, IdentityKind.TAX_ID);
    private static final List<String> SEARCH_PARAMETERS = List.of("name", "folder", "limit", "cursor");

    /** What a search's cursor is tied to: its query but the page's limit and cursor (a next page may ask for more). */
    private static String searchListing(Map<String, String> query) {
        Map<String, String> asked = new TreeMap<>(query);
        asked.remove("limit");
        asked.remove("cursor");
        return "customers?" + asked;
    }

    /**
     * {@code ?sourceId=}, {@code ?phone=}, {@code ?email=} or {@code ?taxId=}: exactly one, normalized
     * as ingest normalizes it; or a search: {@code ?name=} (part of the name), {@code ?folder=},
     * and {@code ?<dimension>=<value key>} filters, paginated.
     */
    public CustomerView.Found customersBy(Map<String, String> query, Access.Viewer viewer) {
        List<IdentityKind> given = KEY_PARAMETERS.stream().filter(k -> query.containsKey(k.schemeName())).toList();
        if (given.isEmpty() && !query.isEmpty()) {
            return search(query, viewer);
        }
        if (given.size() != 1 || query.size() != 1) {
            throw ProblemException.badRequest("give exactly one of sourceId, phone, email, taxId, or search by name, folder and "
                    + "dimension values (got " + query.keySet() + ")");
        }
        IdentityKind kind = given.get(0);
        String raw = query.get(kind.schemeName());
        String normalized = Text.normalize(raw);
        // Contacts are identity keys: each belongs to at most one customer, found through its claim.
        String key = switch (kind) {
            case PHONE -> kind.key(IdentityKeys.phone(normalized)
                    .orElseThrow(() -> ProblemException.badRequest("\"" + raw + "\" is not a phone number")));
            case EMAIL -> kind.key(IdentityKeys.email(normalized)
                    .orElseThrow(() -> ProblemException.badRequest("\"" + raw + "\" is not an email address")));
            case TAX_ID -> kind.key(IdentityKeys.taxId(normalized));
            default -> kind.key(normalized);
        };
        if (key.getBytes(StandardCharsets.UTF_8).length > IdentityKeys.MAX_KEY_BYTES) {
            // No stored key is that long (ingest rejects such rows), and DynamoDB would refuse the lookup.
            throw ProblemException.badRequest(kind.schemeName() + " is longer than any identity key (" + IdentityKeys.MAX_KEY_BYTES + " bytes)");
        }
        List<String> keys = new ArrayList<>(List.of(key));
        if (kind == IdentityKind.PHONE) {
            // Customers stored before the trunk-0 rule are claimed under the number's earlier spelling.
            IdentityKeys.legacyPhones(normalized).forEach(l -> keys.add(IdentityKind.PHONE.key(l)));
            // A local number of Taiwan, Hong Kong or Macau is stored with its country code when the row's place said where.
            for (PhoneNumbers.Home home : List.of(PhoneNumbers.Home.TAIWAN, PhoneNumbers.Home.HONG_KONG, PhoneNumbers.Home.MACAU)) {
                PhoneNumbers.normalize(normalized, home).map(IdentityKind.PHONE::key).filter(k -> !keys.contains(k)).ifPresent(keys::add);
            }
        }
        List<Customer> found = customers.resolve(keys).values().stream().filter(c -> !c.retired())
                .filter(c -> viewer.sees(c.folder())).distinct().toList();
        Scheme scheme = schemes.current();
        return CustomerView.ByKey.of(kind, raw, found.stream().map(c -> reads.view(c, scheme, false, viewer)).toList());
    }

    /**
     * The value keys a dimension filter names: one or several, separated by commas (as a repeated
     * parameter arrives: {@code ?region=north&region=east}), each its key, folder or label in any case.
     * A value the dimension does not have is a bad request that lists those it has, rather than a
     * search that can find nothing.
     */
    private static Set<String> valueKeys(DimensionSpec dimension, String written, Supplier<Classifier> classifier) {
        Set<String> keys = new LinkedHashSet<>();
        Optional<String> whole = valueKey(dimension, written, classifier);
        if (whole.isPresent()) {
            return Set.of(whole.get()); // a label with commas: 港澳台 Hong Kong, Macau, Taiwan
        }
        for (String one : written.split(",")) {
            if (one.isBlank()) {
                continue;
            }
            keys.add(valueKey(dimension, one, classifier).orElseThrow(() -> ProblemException.badRequest(
                    dimension.name() + " has no value \"" + one.strip() + "\": its values are " + dimension.values().stream()
                            .map(v -> v.key() + (v.label() == null ? "" : " (" + v.label() + ")")).toList())));
        }
        if (keys.isEmpty()) {
            throw ProblemException.badRequest(dimension.name() + " is empty: give one of its values");
        }
        return keys;
    }

    /** A value's key, folder or label ({@link Labels#valueKey}), else a word of the files the dimension's map rules or tables know (企业 → enterprise, 香港 → hmt). */
    private static Optional<String> valueKey(DimensionSpec dimension, String written, Supplier<Classifier> classifier) {
        Optional<String> labelled = Labels.valueKey(dimension, written);
        return labelled.isPresent() ? labelled : classifier.get().mappedKey(dimension.name(), written);
    }

    /** The value {@code make} makes, made at the first {@code get} only. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    /**
     * Customers by part of their name, folder and dimension values, in code order, a page at a
     * time: read from the search index the exports write ({@link dev.custcode.export.SearchIndex}),
     * never by scanning the table, so it reflects the exports (seconds behind an import).
     */
    private CustomerView.Search search(Map<String, String> query, Access.Viewer viewer) {
        Scheme scheme = schemes.current();
        Supplier<Classifier> classifier = once(() -> new Classifier(scheme)); // compiled only when a filter names a value by a word of the files
        Map<String, Set<String>> dims = new LinkedHashMap<>();
        for (var e : query.entrySet()) {
            var dimension = scheme.dimension(e.getKey());
            if (dimension.isPresent()) {
                dims.put(e.getKey(), valueKeys(dimension.get(), e.getValue(), classifier));
            } else if (!SEARCH_PARAMETERS.contains(e.getKey())) {
                throw ProblemException.badRequest("\"" + e.getKey() + "\" is neither an identity field (sourceId, phone, email, taxId), "
                        + "name, folder, limit, cursor, nor a dimension of the scheme " + scheme.dimensions().stream().map(d -> d.name()).toList());
            }
        }
        String folder = query.get("folder");
        if (folder != null) {
            ApiReads.checkFolder(folder);
            if (!viewer.seesPartOf(folder) || objects.read(FolderExporter.ROOT + folder + "/_summary.json").isEmpty()) {
                throw ProblemException.notFound("no folder " + folder); // as GET /groups/{path} answers
            }
        }
        String name = query.containsKey("name") ? SearchIndex.searchable(query.get("name")) : null;
        if (name != null && name.isBlank()) {
            throw ProblemException.badRequest("name is empty: give some of the name to search by");
        }
        if (name == null && folder == null && dims.isEmpty()) {
            throw ProblemException.badRequest("give a name, a folder or a dimension value to search by");
        }
        int limit = ApiReads.limit(query.get("limit"));
        String cursor = query.get("cursor");
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(searchListing(query), cursor, Cursors.CODE);
        List<String> indexes = folder != null ? List.of(SearchIndex.key(folder.split("/")[0]))
                : objects.list(SearchIndex.ROOT);
        // The first limit+1 matching codes after the cursor: the page, and whether there is another.
        TreeSet<String> page = new TreeSet<>();
        for (String key : indexes) {
            byte[] bytes = searchIndex(key);
            if (bytes == null) {
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                end = end < 0 ? text.length() : end;
                String line = text.substring(start, end);
                start = end + 1;
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    continue;
                }
                String code = line.substring(0, tab);
                if (after != null && code.compareTo(after) <= 0 || page.size() > limit && code.compareTo(page.last()) > 0) {
                    continue;
                }
                // An index an export wrote before names were folded to simplified Chinese, or before ł was l, is folded here.
                SearchIndex.Entry entry = SearchIndex.Entry.parse(line);
                if ((folder == null || entry.folder().equals(folder) || entry.folder().startsWith(folder + "/"))
                        && viewer.sees(entry.folder()) && (name == null || Text.unstroked(Simplified.of(entry.name())).contains(name))
                        && dims.entrySet().stream().allMatch(d -> d.getValue().contains(entry.dimensions().get(d.getKey())))) {
                    page.add(code);
                    if (page.size() > limit + 1) {
                        page.pollLast();
                    }
                }
            }
        }
        boolean more = page.size() > limit;
        List<String> codes = page.stream().limit(limit).toList();
        Map<String, Customer> found = codes.isEmpty() ? Map.of() : customers.resolve(codes.stream().map(IdentityKeys::codeKey).toList());
        List<CustomerView> items = new ArrayList<>();
        for (String code : codes) {
            Customer c = found.get(IdentityKeys.codeKey(code));
            if (c != null && !c.retired() && c.folder() != null && viewer.sees(c.folder())) {
                items.add(reads.view(c, scheme, false, viewer));
            }
        }
        return new CustomerView.Search(new TreeMap<>(query), items, more ? Cursors.after(searchListing(query), codes.get(codes.size() - 1)) : null);
    }

    /** A search index file as read, and when. */
    private record CachedIndex(long readAt, byte[] bytes) {
    }

    private final Map<String, CachedIndex> searchIndexCache = new ConcurrentHashMap<>();

    /** A search index file, read at most once per 10 s per container (it changes with each export); null when absent. */
    private byte[] searchIndex(String key) {
        CachedIndex cached = searchIndexCache.get(key);
        // The wall clock (see dev.custcode.store.Expiring): nanoTime stands still across a SnapStart snapshot.
        long now = System.currentTimeMillis();
        if (cached != null && now - cached.readAt() < 10_000 && now >= cached.readAt()) {
            return cached.bytes();
        }
        byte[] bytes = objects.read(key).orElse(null);
        searchIndexCache.put(key, new CachedIndex(now, bytes));
        return bytes;
    }
}
