package dev.custcode.api;

import dev.custcode.identity.IdentityKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.codes.CodeAllocator;
import dev.custcode.csv.HeaderMapping;
import dev.custcode.customer.CodeOrder;
import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.customer.CustomerFields;
import dev.custcode.export.FolderExporter;
import dev.custcode.export.FolderTree;
import dev.custcode.identity.Identity;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.ingest.IngestService;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lookups the HTTP API answers, read-only: customers by code or contact, the group tree and
 * its members, imports, and dry-run classification that consumes no counter.
 */
public final class LookupService {
    /** Folder paths in URLs are slugs joined by '/': nothing else reaches a key or a query. */
    private static final Pattern FOLDER_PATH = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?){0,15}");
    private static final Pattern IMPORT_ID = Pattern.compile("[0-9a-f]{20}");
    private static final Duration LINK_TTL = Duration.ofMinutes(15);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CustomerStore customers;
    private final ImportStore imports;
    private final HistoryStore history;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final CodeAllocator counters;
    private final SchemeSource schemes;
    private final Clock clock;

    public LookupService(CustomerStore customers, ImportStore imports, HistoryStore history, FolderStore folders,
                         ObjectStore objects, CodeAllocator counters, SchemeSource schemes, Clock clock) {
        this.customers = customers;
        this.imports = imports;
        this.history = history;
        this.folders = folders;
        this.objects = objects;
        this.counters = counters;
        this.schemes = schemes;
        this.clock = clock;
    }

    // ---- customers ----

    /** A customer as every caller sees it (all folders, personal data masked). */
    public Map<String, Object> customer(String code) {
        return customer(code, Access.OPEN.viewer(List.of()));
    }

    /** A customer, if the viewer may read its folder (else 404, as if there were none). */
    public Map<String, Object> customer(String code, Access.Viewer viewer) {
        checkCode(code);
        Customer c = visible(code, viewer);
        if (c.mergedInto() != null) {
            throw ProblemException.movedPermanently("/customers/" + c.mergedInto(), "customer " + code + " was merged into "
                    + c.mergedInto() + "; its code is never reused; its history is at /customers/" + code + "/history");
        }
        if (c.retired() && c.attributes().containsKey(dev.custcode.stewardship.EraseService.ERASED_AT)) {
            throw new ProblemException(410, "Gone", "customer " + code + " was erased on " + c.attributes().get(dev.custcode.stewardship.EraseService.ERASED_AT)
                    + " at the person's request; its code is never reused");
        }
        if (c.retired()) {
            throw new ProblemException(410, "Gone", "customer " + code + " was retired: the import that created it ("
                    + c.firstImportId() + ") was undone; its code is never reused; its history is at /customers/" + code + "/history");
        }
        return view(c, schemes.current(), true, viewer);
    }

    /**
     * Why a customer is where it is: per dimension of the active scheme, the value its stored data
     * gives today (with the population thresholds of the latest re-evaluation run), the rule that
     * decided it or the default, the stored values that rule read (masked as the customer is), and
     * the value stored now; {@code moves} is the folder the next re-evaluation would file it in
     * when that differs from its folder.
     */
    public Map<String, Object> explain(String code, Access.Viewer viewer) {
        checkCode(code);
        Customer c = visible(code, viewer);
        if (c.mergedInto() != null) {
            throw ProblemException.movedPermanently("/customers/" + c.mergedInto() + "/explain", "customer " + code + " was merged into " + c.mergedInto());
        }
        if (c.retired()) {
            throw new ProblemException(410, "Gone", "customer " + code + " is retired or erased: it is in no folder; its history is at /customers/" + code + "/history");
        }
        Scheme scheme = schemes.current();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Classifier classifier = new Classifier(scheme, latestPopulation());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", c.code());
        out.put("folder", c.folder());
        out.put("scheme", scheme.name());
        out.put("asOf", today.toString());
        out.put("dimensions", explanations(classifier.explain(c.attributes(), today), c.dimensions(), scheme, viewer));
        String now = classifier.classify(c.attributes(), today).folder();
        out.put("moves", now.equals(c.folder()) ? null : now);
        return out;
    }

    private static List<Map<String, Object>> explanations(List<Classifier.Explanation> explained, Map<String, String> stored, Scheme scheme,
                                                          Access.Viewer viewer) {
        com.fasterxml.jackson.databind.ObjectMapper written = JSON.copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Classifier.Explanation e : explained) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dimension", e.dimension());
            d.put("value", e.value());
            d.put("label", e.label());
            if (stored != null) {
                d.put("stored", stored.get(e.dimension()));
            }
            d.put("rule", e.rule());
            d.put("written", e.written() == null ? null : written.valueToTree(e.written()));
            Map<String, String> read = new LinkedHashMap<>();
            e.read().forEach((field, value) -> read.put(field, value == null || viewer.personal() || !scheme.isPersonal(field)
                    ? value : PersonalData.mask(Map.of(field, value), scheme).get(field)));
            d.put("read", read);
            d.put("because", e.because());
            out.add(d);
        }
        return out;
    }

    /** The thresholds of the latest finished re-evaluation run (none before the first). */
    private dev.custcode.classify.Population latestPopulation() {
        return objects.read(FolderExporter.LATEST_RUN_KEY).map(LookupService::parse)
                .map(latest -> dev.custcode.classify.Population.of(latest.path("thresholds"))).orElse(dev.custcode.classify.Population.none());
    }

    /**
     * Each customer exists and is in a folder the viewer reads (a merged customer: its folder when
     * it was merged), else 404 as for a code never issued.
     */
    public void requireVisible(List<String> codes, Access.Viewer viewer) {
        for (String code : codes) {
            checkCode(code);
            visible(code, viewer);
        }
    }

    /** The customer with this code, or 404 when there is none or the viewer may not read its folder: the answers are the same. */
    private Customer visible(String code, Access.Viewer viewer) {
        return customers.findByCode(code).filter(c -> c.folder() == null ? viewer.all() : viewer.sees(c.folder()))
                .orElseThrow(() -> ProblemException.notFound("no customer with code " + code));
    }

    private static void checkCode(String code) {
        if (code.length() > 64) {
            throw ProblemException.badRequest("\"" + code.substring(0, 16) + "…\" is not a code (codes are at most 64 characters)");
        }
    }

    /** A customer's changes, newest first, a page at a time (retired customers included). */
    public Map<String, Object> history(String code, String limitText, String cursor, Access.Viewer viewer) {
        checkCode(code);
        int limit = limit(limitText);
        Customer c = visible(code, viewer);
        Scheme scheme = schemes.current();
        String after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("not a cursor of this listing");
            }
            if (!after.matches("\\d{4}-\\d{2}-\\d{2}T[^#]*#[0-9a-zA-Z-]*#\\d{12}")) {
                throw ProblemException.badRequest("not a cursor of this listing");
            }
        }
        ImportStore.Page<HistoryStore.Change> page = history.of(c.code(), after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", c.code());
        out.put("retired", c.retired());
        List<Map<String, Object>> changes = new ArrayList<>(page.items().stream().map(ch -> change(ch, scheme, viewer)).toList());
        if (page.next() == null) {
            // The oldest entry, the creation, comes from the record itself (it is not a history item).
            List<HistoryStore.Change> items = page.items();
            String firstFolder = items.isEmpty() || items.get(items.size() - 1).fromFolder() == null
                    ? c.folder() : items.get(items.size() - 1).fromFolder();
            changes.add(change(new HistoryStore.Change(c.code(), c.createdAt(), c.firstImportId(), c.firstLine(), "created",
                    List.of(), null, firstFolder, List.of(), "import " + c.firstImportId()), scheme, viewer));
        }
        out.put("changes", changes);
        out.put("next", page.next() == null ? null
                : java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(page.next().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, Object> change(HistoryStore.Change ch, Scheme scheme, Access.Viewer viewer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", ch.at());
        m.put("kind", ch.kind());
        m.put("importId", ch.importId());
        m.put("line", ch.line());
        m.put("fields", ch.fields().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("field", f.field());
            boolean masked = !viewer.personal() && scheme.isPersonal(f.field());
            fm.put("from", masked ? PersonalData.mask(f.field(), f.from()) : f.from());
            fm.put("to", masked ? PersonalData.mask(f.field(), f.to()) : f.to());
            return fm;
        }).toList());
        if (ch.fromFolder() != null || ch.toFolder() != null) {
            Map<String, Object> folder = new LinkedHashMap<>();
            folder.put("from", ch.fromFolder());
            folder.put("to", ch.toFolder());
            m.put("folder", folder);
        }
        m.put("keysAdded", viewer.personal() ? ch.keysAdded() : PersonalData.maskKeys(ch.keysAdded()));
        m.put("cause", ch.cause());
        return m;
    }

    private static final List<String> KEY_PARAMETERS = List.of("sourceId", "phone", "email", "taxId");
    private static final List<String> SEARCH_PARAMETERS = List.of("name", "folder", "limit", "cursor");

    /**
     * {@code ?sourceId=}, {@code ?phone=}, {@code ?email=} or {@code ?taxId=}: exactly one, normalized
     * as ingest normalizes it; or a search: {@code ?name=} (part of the name), {@code ?folder=},
     * and {@code ?<dimension>=<value key>} filters, paginated.
     */
    public Map<String, Object> customersBy(Map<String, String> query, Access.Viewer viewer) {
        List<String> given = query.keySet().stream().filter(KEY_PARAMETERS::contains).toList();
        if (given.isEmpty() && !query.isEmpty()) {
            return search(query, viewer);
        }
        if (given.size() != 1 || query.size() != 1) {
            throw ProblemException.badRequest("give exactly one of sourceId, phone, email, taxId, or search by name, folder and "
                    + "dimension values (got " + query.keySet() + ")");
        }
        String kind = given.get(0);
        String raw = query.get(kind);
        String normalized = dev.custcode.normalize.Text.normalize(raw);
        // Contacts are identity keys: each belongs to at most one customer, found through its claim.
        String key = switch (kind) {
            case "sourceId" -> IdentityKind.SOURCE_ID.key(normalized);
            case "phone" -> IdentityKind.PHONE.key(IdentityKeys.phone(normalized)
                    .orElseThrow(() -> ProblemException.badRequest("\"" + raw + "\" is not a phone number")));
            case "email" -> IdentityKind.EMAIL.key(IdentityKeys.email(normalized)
                    .orElseThrow(() -> ProblemException.badRequest("\"" + raw + "\" is not an email address")));
            default -> IdentityKind.TAX_ID.key(IdentityKeys.taxId(normalized));
        };
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > IdentityKeys.MAX_KEY_BYTES) {
            // No stored key is that long (ingest rejects such rows), and DynamoDB would refuse the lookup.
            throw ProblemException.badRequest(kind + " is longer than any identity key (" + IdentityKeys.MAX_KEY_BYTES + " bytes)");
        }
        List<String> keys = new ArrayList<>(List.of(key));
        if (kind.equals("phone")) {
            // Customers stored before the trunk-0 rule are claimed under the number's earlier spelling.
            IdentityKeys.legacyPhones(normalized).forEach(l -> keys.add(IdentityKind.PHONE.key(l)));
        }
        List<Customer> found = customers.resolve(keys).values().stream().filter(c -> !c.retired())
                .filter(c -> viewer.sees(c.folder())).distinct().toList();
        Scheme scheme = schemes.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(kind, raw);
        out.put("customers", found.stream().map(c -> view(c, scheme, false, viewer)).toList());
        return out;
    }

    /**
     * Customers by part of their name, folder and dimension values, in code order, a page at a
     * time: read from the search index the exports write ({@link dev.custcode.export.SearchIndex}),
     * never by scanning the table, so it reflects the exports (seconds behind an import).
     */
    private Map<String, Object> search(Map<String, String> query, Access.Viewer viewer) {
        Scheme scheme = schemes.current();
        Map<String, String> dims = new LinkedHashMap<>();
        for (var e : query.entrySet()) {
            if (scheme.dimension(e.getKey()).isPresent()) {
                dims.put(e.getKey(), e.getValue());
            } else if (!SEARCH_PARAMETERS.contains(e.getKey())) {
                throw ProblemException.badRequest("\"" + e.getKey() + "\" is neither an identity field (sourceId, phone, email, taxId), "
                        + "name, folder, limit, cursor, nor a dimension of the scheme " + scheme.dimensions().stream().map(d -> d.name()).toList());
            }
        }
        String folder = query.get("folder");
        if (folder != null) {
            checkFolder(folder);
            if (!viewer.seesPartOf(folder)) {
                throw ProblemException.notFound("no folder " + folder);
            }
        }
        String name = query.containsKey("name") ? dev.custcode.export.SearchIndex.searchable(query.get("name")) : null;
        if (name == null && folder == null && dims.isEmpty()) {
            throw ProblemException.badRequest("give a name, a folder or a dimension value to search by");
        }
        int limit = limit(query.get("limit"));
        String cursor = query.get("cursor");
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor);
        List<String> indexes = folder != null ? List.of(dev.custcode.export.SearchIndex.key(folder.split("/")[0]))
                : objects.list(dev.custcode.export.SearchIndex.ROOT);
        // The first limit+1 matching codes after the cursor: the page, and whether there is another.
        java.util.TreeSet<String> page = new java.util.TreeSet<>();
        for (String key : indexes) {
            byte[] bytes = searchIndex(key);
            if (bytes == null) {
                continue;
            }
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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
                dev.custcode.export.SearchIndex.Entry entry = dev.custcode.export.SearchIndex.Entry.parse(line);
                if ((folder == null || entry.folder().equals(folder) || entry.folder().startsWith(folder + "/"))
                        && viewer.sees(entry.folder()) && (name == null || entry.name().contains(name))
                        && dims.entrySet().stream().allMatch(d -> d.getValue().equals(entry.dimensions().get(d.getKey())))) {
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
        List<Map<String, Object>> items = new ArrayList<>();
        for (String code : codes) {
            Customer c = found.get(IdentityKeys.codeKey(code));
            if (c != null && !c.retired() && c.folder() != null && viewer.sees(c.folder())) {
                items.add(view(c, scheme, false, viewer));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", new java.util.TreeMap<>(query));
        out.put("customers", items);
        out.put("next", more ? Cursors.after(codes.get(codes.size() - 1)) : null);
        return out;
    }

    /** A search index file as read, and when. */
    private record CachedIndex(long readAt, byte[] bytes) {
    }

    private final Map<String, CachedIndex> searchIndexCache = new java.util.concurrent.ConcurrentHashMap<>();

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

    private Map<String, Object> view(Customer c, Scheme scheme, boolean withHistory, Access.Viewer viewer) {
        Map<String, String> attributes = viewer.personal() ? c.attributes() : PersonalData.mask(c.attributes(), scheme);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("code", c.code());
        v.put("name", attributes.get("name"));
        v.put("keys", viewer.personal() ? c.keys() : PersonalData.maskKeys(c.keys()));
        v.put("folder", c.folder());
        List<Map<String, String>> path = new ArrayList<>();
        String[] segments = c.folder().split("/");
        FolderTree labels = new FolderTree(scheme, Map.of());
        for (int i = 0; i < segments.length; i++) {
            path.add(Map.of("folder", segments[i], "label", labels.label(i, segments[i])));
        }
        v.put("folderPath", path);
        Map<String, Object> dims = new LinkedHashMap<>();
        for (DimensionSpec d : scheme.dimensions()) {
            String key = c.dimensions().get(d.name());
            if (key != null) {
                dims.put(d.name(), Map.of("value", key, "label", d.value(key).map(GroupValue::label).orElse(key)));
            }
        }
        v.put("dimensions", dims);
        v.put("attributes", new java.util.TreeMap<>(attributes));
        v.put("createdAt", c.createdAt());
        v.put("updatedAt", c.updatedAt());
        if (withHistory) {
            // Not on member pages: the folder index does not carry the last import (see template.yaml).
            v.put("importIds", Map.of("first", c.firstImportId(), "last", c.lastImportId()));
            v.put("moves", history.of(c.code(), null, 100).items().stream().filter(HistoryStore.Change::moved)
                    .map(m -> Map.of("at", m.at(), "from", m.fromFolder(), "to", m.toFolder(), "cause", m.cause())).toList());
        }
        return v;
    }

    // ---- groups ----

    /** The group tree; a viewer limited to some folders gets only those, their ancestors counting only them. */
    public JsonNode groups(Access.Viewer viewer) {
        JsonNode index = objects.read(FolderExporter.ROOT + "_index.json").map(LookupService::parse)
                .orElseGet(() -> JSON.createObjectNode().put("total", 0).set("children", JSON.createArrayNode()));
        if (viewer.all() || !index.isObject()) {
            return index;
        }
        com.fasterxml.jackson.databind.node.ObjectNode scoped = ((com.fasterxml.jackson.databind.node.ObjectNode) index).deepCopy();
        scoped.put("total", prune(scoped, viewer));
        return scoped;
    }

    /** Keeps the children the viewer reads part of, each counting only what it reads; answers the node's count. */
    private static long prune(com.fasterxml.jackson.databind.node.ObjectNode node, Access.Viewer viewer) {
        com.fasterxml.jackson.databind.node.ArrayNode kept = JSON.createArrayNode();
        long total = 0;
        for (JsonNode child : node.path("children")) {
            String path = child.path("path").asText();
            if (!viewer.seesPartOf(path)) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) child;
            if (!viewer.sees(path)) {
                c.put("count", prune(c, viewer));
            }
            total += c.path("count").asLong();
            kept.add(c);
        }
        if (node.has("children")) {
            node.set("children", kept);
        }
        return total;
    }

    /** A folder's summary: 404 unless the viewer reads some of it; an ancestor of its folders counts only them. */
    public JsonNode group(String path, Access.Viewer viewer) {
        checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        JsonNode summary = objects.read(FolderExporter.ROOT + path + "/_summary.json").map(LookupService::parse)
                .orElseThrow(() -> ProblemException.notFound("no folder " + path));
        if (viewer.sees(path)) {
            return summary;
        }
        JsonNode node = groups(viewer);
        for (String segment : path.split("/")) {
            JsonNode next = null;
            for (JsonNode child : node.path("children")) {
                if (child.path("folder").asText().equals(segment)) {
                    next = child;
                }
            }
            if (next == null) {
                throw ProblemException.notFound("no folder " + path);
            }
            node = next;
        }
        com.fasterxml.jackson.databind.node.ObjectNode scoped = ((com.fasterxml.jackson.databind.node.ObjectNode) summary).deepCopy();
        scoped.put("total", node.path("count").asLong());
        scoped.remove("statistics"); // they count the folders this viewer does not see too
        com.fasterxml.jackson.databind.node.ArrayNode children = JSON.createArrayNode();
        for (JsonNode child : node.path("children")) {
            children.add(JSON.createObjectNode().put("folder", child.path("folder").asText()).put("label", child.path("label").asText())
                    .put("count", child.path("count").asLong()));
        }
        scoped.set("children", children);
        return scoped;
    }

    private static void checkFolder(String path) {
        if (!FOLDER_PATH.matcher(path).matches()) {
            throw ProblemException.badRequest("\"" + path + "\" is not a folder path (slugs of a-z, 0-9, '-', joined by '/')");
        }
    }

    /** Members of a folder and the folders below it, in code order, a page at a time. */
    public Map<String, Object> members(String path, String limitText, String cursor, Access.Viewer viewer) {
        checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        int limit = limit(limitText);
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor);
        List<String> leaves = folders.all().stream().map(FolderStore.FolderRecord::folder)
                .filter(l -> l.equals(path) || l.startsWith(path + "/")).filter(viewer::sees).sorted().toList();
        if (leaves.isEmpty()) {
            throw ProblemException.notFound("no folder " + path);
        }
        // Each leaf's next limit+1 members after the cursor, merged by code: the first limit+1 of
        // the merge are the page plus one, which tells whether there is a next page.
        List<Iterator<Customer>> pages = customers.folderPages(leaves, after, limit + 1).stream().map(List::iterator).toList();
        Iterator<Customer> merged = CodeOrder.merge(pages);
        Scheme scheme = schemes.current();
        List<Map<String, Object>> items = new ArrayList<>();
        String last = null;
        boolean more = false;
        while (merged.hasNext()) {
            Customer c = merged.next();
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(view(c, scheme, false, viewer));
            last = c.code();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", path);
        out.put("items", items);
        out.put("next", more ? Cursors.after(last) : null);
        return out;
    }

    // ---- probable duplicates ----

    /**
     * Open pairs of probable duplicates, a page at a time, each with both customers as they are
     * now; {@code folder}: pairs with a customer filed in it (or below) when found. A caller sees
     * the pairs whose two customers are both in folders it reads.
     */
    public Map<String, Object> duplicates(String folder, String limitText, String cursor, Access.Viewer viewer) {
        int limit = limit(limitText);
        String f = folder == null || folder.isBlank() ? null : folder.replaceAll("^/+|/+$", "");
        ImportStore.Page<ImportStore.DuplicatePair> page;
        try {
            page = imports.openPairs(f, cursor == null || cursor.isEmpty() ? null : cursor, limit);
        } catch (ImportStore.BadCursorException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        List<String> codes = page.items().stream().flatMap(p -> java.util.stream.Stream.of(p.code(), p.other())).distinct().toList();
        Map<String, Customer> now = new java.util.HashMap<>();
        customers.resolve(codes.stream().map(IdentityKeys::codeKey).toList()).values().forEach(c -> now.put(c.code(), c));
        Scheme scheme = schemes.current();
        List<Map<String, Object>> items = new ArrayList<>();
        for (ImportStore.DuplicatePair p : page.items()) {
            Customer a = now.get(p.code());
            Customer b = now.get(p.other());
            if (a == null || b == null || a.retired() || b.retired() || !viewer.sees(a.folder()) || !viewer.sees(b.folder())) {
                continue; // undone, merged away, or out of the caller's folders
            }
            items.add(pairView(p, List.of(a, b), scheme, viewer));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", f);
        out.put("items", items);
        out.put("next", page.next());
        return out;
    }

    /** Dismisses a pair: no import proposes it again. The caller must read both customers' folders. */
    public Map<String, Object> dismissDuplicate(String id, Access.Viewer viewer) {
        ImportStore.DuplicatePair p = imports.pair(id).orElseThrow(() -> ProblemException.notFound("no pair of probable duplicates " + id));
        Map<String, Customer> found = customers.resolve(List.of(IdentityKeys.codeKey(p.code()), IdentityKeys.codeKey(p.other())));
        for (Customer c : found.values()) {
            if (!viewer.sees(c.folder())) {
                throw ProblemException.notFound("no pair of probable duplicates " + id);
            }
        }
        ImportStore.DuplicatePair dismissed = imports.dismissPair(id, clock.instant())
                .orElseThrow(() -> ProblemException.notFound("no pair of probable duplicates " + id));
        List<Customer> both = java.util.stream.Stream.of(p.code(), p.other()).map(code -> found.get(IdentityKeys.codeKey(code)))
                .filter(java.util.Objects::nonNull).toList();
        return pairView(dismissed, both, schemes.current(), viewer);
    }

    private static Map<String, Object> pairView(ImportStore.DuplicatePair p, List<Customer> both, Scheme scheme, Access.Viewer viewer) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("status", p.status());
        v.put("score", p.score());
        v.put("reasons", p.reasons());
        v.put("foundBy", p.importId());
        v.put("line", p.line());
        v.put("foundAt", p.foundAt());
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Customer c : both) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", c.code());
            String name = c.attributes().get("name");
            m.put("name", name == null || viewer.personal() || !scheme.isPersonal("name") ? name : PersonalData.mask("name", name));
            m.put("folder", c.folder());
            customers.add(m);
        }
        v.put("customers", customers);
        return v;
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got \"" + text + "\"");
    }

    // ---- imports ----

    public Map<String, Object> importStatus(String importId) {
        return importStatus(importId, Access.Viewer.ALL);
    }

    /**
     * An import's status, counts and links. The row files hold rows of every folder (masked, but
     * with names): only a viewer of every folder gets links to them.
     */
    public Map<String, Object> importStatus(String importId, Access.Viewer viewer) {
        if (!IMPORT_ID.matcher(importId).matches()) {
            throw ProblemException.badRequest("\"" + importId + "\" is not an import id (20 hex digits)");
        }
        ImportRecord r = imports.find(importId).orElseThrow(() -> ProblemException.notFound("no import " + importId));
        Map<String, Object> out = importView(r);
        chunkProgress(r).ifPresent(p -> out.put("progress", p));
        if (r.status().finished()) {
            out.put("counts", objects.read(IngestService.reportKey(importId)).map(b -> parse(b).get("counts")).orElse(null));
            Map<String, String> links = new LinkedHashMap<>();
            links.put("report", objects.presignGet(IngestService.reportKey(importId), LINK_TTL).toString());
            if (viewer.all()) {
                links.put("rejected", objects.presignGet(IngestService.rejectedKey(importId), LINK_TTL).toString());
                links.put("conflicts", objects.presignGet(IngestService.conflictsKey(importId), LINK_TTL).toString());
                links.put("warnings", objects.presignGet(IngestService.warningsKey(importId), LINK_TTL).toString());
                links.put("duplicates", objects.presignGet(IngestService.duplicatesKey(importId), LINK_TTL).toString());
            }
            out.put("links", links);
            objects.read(dev.custcode.ingest.UndoService.reportKey(importId)).ifPresent(b -> out.put("undo", parse(b)));
            out.put("linksExpireAt", clock.instant().plus(LINK_TTL).toString());
        }
        return out;
    }

    /** A large import cut into chunks: how far along its chunks are. */
    private Optional<Map<String, Object>> chunkProgress(ImportRecord r) {
        return imports.progress(r.importId()).map(p -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("rowsRead", r.rowsRead());
            progress.put("chunks", Map.of("done", p.chunksDone(), "total", p.chunks()));
            progress.put("bytes", Map.of("done", p.bytesDone(), "total", p.bytes()));
            progress.put("percent", r.status().finished() ? 100.0 : p.percent());
            return progress;
        });
    }

    private static Map<String, Object> importView(ImportRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("importId", r.importId());
        out.put("status", r.status().name());
        out.put("source", Map.of("bucket", r.bucket(), "key", r.key()));
        out.put("startedAt", r.startedAt());
        out.put("finishedAt", r.finishedAt());
        out.put("progress", Map.of("rowsRead", r.rowsRead()));
        out.put("accepted", r.accepted());
        out.put("rejected", r.rejected());
        out.put("message", r.message());
        return out;
    }

    /**
     * The imports without a final status, oldest first, each with its age, when it was last seen
     * alive (its last lease, or its chunks') and how many times the sweep re-drove it; {@code stalled}
     * when no run holds it now (the sweep re-drives it once it has been quiet for its grace).
     */
    public Map<String, Object> unfinishedImports() {
        Instant now = clock.instant();
        List<Map<String, Object>> items = new ArrayList<>();
        imports.unfinished().stream().sorted(java.util.Comparator.comparing((ImportStore.Unfinished u) -> u.record().startedAt()))
                .forEach(u -> {
                    Map<String, Object> view = importView(u.record());
                    chunkProgress(u.record()).ifPresent(p -> view.put("progress", p));
                    view.put("ageSeconds", Math.max(0, java.time.Duration.between(Instant.parse(u.record().startedAt()), now).toSeconds()));
                    view.put("lastSeenAlive", u.quietSince().equals(Instant.EPOCH) ? null : u.quietSince().toString());
                    view.put("stalled", !u.quietSince().isAfter(now));
                    view.put("redrives", u.redrives());
                    items.add(view);
                });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", null);
        return out;
    }

    public Map<String, Object> recentImports(String limitText, String cursor, String status) {
        if (status != null && !status.isEmpty()) {
            if (!status.equals("RUNNING")) {
                throw ProblemException.badRequest("status may only be RUNNING (the imports not finished), got \"" + status
                        + "\"; finished imports are listed without it, newest first");
            }
            return unfinishedImports();
        }
        int limit = limit(limitText);
        ImportStore.Page<ImportRecord> page;
        try {
            page = imports.recent(limit, cursor == null || cursor.isEmpty() ? null : cursor);
        } catch (ImportStore.BadCursorException e) {
            throw ProblemException.badRequest("cursor \"" + cursor + "\" is not one this API issued; start without a cursor");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(LookupService::importView).toList());
        out.put("next", page.next());
        return out;
    }

    // ---- re-evaluation runs ----

    /**
     * A re-evaluation run: its report once it finished (counts, from→to matrix per dimension,
     * thresholds), else where it stands; the movement list (names of customers of every folder)
     * is linked for viewers of every folder only.
     */
    public Map<String, Object> evaluation(String runId, Access.Viewer viewer) {
        if (runId == null || !dev.custcode.evaluate.RunRequest.RUN_ID.matcher(runId).matches()) {
            throw ProblemException.badRequest("\"" + (runId == null ? "" : runId.substring(0, Math.min(60, runId.length()))) + "\" is not a run id (like 20261130T101502Z-request-1a2b3c4d)");
        }
        Map<String, Object> out = evaluationView(runId).orElseThrow(() -> ProblemException.notFound("no re-evaluation run " + runId));
        if (viewer.all() && "DONE".equals(out.get("status"))) {
            out.put("links", Map.of("movements", objects.presignGet(dev.custcode.evaluate.EvaluationReport.movementsKey(runId), LINK_TTL).toString()));
            out.put("linksExpireAt", clock.instant().plus(LINK_TTL).toString());
        }
        return out;
    }

    /** Re-evaluation runs, newest first, a page at a time ({@code cursor}: the last run id of the previous page). */
    public Map<String, Object> evaluations(String limitText, String cursor) {
        int limit = limit(limitText);
        java.util.TreeSet<String> runs = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        for (String key : objects.list("evaluations/")) {
            String[] parts = key.split("/");
            if (parts.length == 3 && parts[2].equals("run.json") || parts.length == 3 && parts[2].equals("report.json")) {
                runs.add(parts[1]);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        String next = null;
        for (String runId : cursor == null || cursor.isEmpty() ? runs : runs.tailSet(cursor, false)) {
            if (items.size() == limit) {
                next = items.get(items.size() - 1).get("runId").toString();
                break;
            }
            evaluationView(runId).ifPresent(v -> {
                v.remove("matrix");
                items.add(v);
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", next);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> evaluationView(String runId) {
        String prefix = dev.custcode.evaluate.EvaluationReport.prefix(runId);
        Optional<byte[]> bytes = objects.read(prefix + "report.json").or(() -> objects.read(prefix + "run.json"));
        return bytes.map(b -> {
            try {
                return (Map<String, Object>) JSON.readValue(b, LinkedHashMap.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(prefix + " holds an unreadable report", e);
            }
        });
    }

    // ---- dry-run classification ----

    /**
     * Classifies records without storing anything or consuming a number: for each, its folder,
     * code prefix, and the code the next new customer under that prefix would get now.
     * Accepts one record, an array, or {@code {"records": [...]}}; keys are field names or column headers.
     */
    // ---- uploads ----

    /** A file name a page may upload: no folders, a .csv ending in either case (the import trigger's suffixes). */
    private static final java.util.regex.Pattern UPLOAD_NAME = java.util.regex.Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}\\.(csv|CSV)");

    /**
     * A presigned PUT of one file into {@code incoming/} ({@code {"name":"customers.csv"}}): the
     * browser sends the file straight to the bucket, whatever its size, and the upload starts an
     * import as any other does. Only a caller who reads every folder may import (an import can
     * touch any folder); the URL allows that one key for 15 minutes.
     */
    public Map<String, Object> upload(String body, Access.Viewer viewer) {
        if (!viewer.all()) {
            throw new ProblemException(403, "Forbidden", "only a caller who reads every folder may upload customer files");
        }
        String name;
        try {
            name = body == null ? "" : JSON.readTree(body).path("name").asText("");
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("the body must be JSON: {\"name\": \"customers.csv\"}");
        }
        if (!UPLOAD_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("\"" + name + "\" is not a file name to upload: a name without folders, ending .csv");
        }
        String key = "incoming/" + name;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("method", "PUT");
        out.put("url", objects.presignPut(key, LINK_TTL).toString());
        out.put("expiresAt", clock.instant().plus(LINK_TTL).toString());
        return out;
    }

    /** Classification as an unrestricted caller with personal access sees it. */
    public Map<String, Object> classify(String body) {
        return classify(body, Access.Viewer.ALL);
    }

    /**
     * Where records would be filed and the code they would get. Whether a record's contact is
     * already a customer ({@code existingCode}) is said only to a viewer with personal access who
     * reads that customer's folder: otherwise the endpoint would tell anyone whose phone is whose.
     */
    public Map<String, Object> classify(String body, Access.Viewer viewer) {
        return classify(body, false, viewer);
    }

    /** @param explain whether each result also says why ({@code "explain"}, as {@code /customers/{code}/explain}) */
    public Map<String, Object> classify(String body, boolean explain, Access.Viewer viewer) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.isObject() && root.has("records")) {
            root = root.get("records");
        }
        List<JsonNode> records = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(records::add);
        } else if (root != null && root.isObject()) {
            records.add(root);
        }
        if (records.isEmpty() || records.size() > 100 || records.stream().anyMatch(r -> !r.isObject())) {
            throw ProblemException.badRequest("send 1 to 100 records: a JSON object, an array of objects, or {\"records\": [...]}");
        }
        Scheme scheme = schemes.current();
        Classifier classifier = new Classifier(scheme, latestPopulation());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode record : records) {
            List<String> headers = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            record.fields().forEachRemaining(f -> {
                headers.add(f.getKey());
                cells.add(f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            });
            Map<String, String> values = CustomerFields.derive(HeaderMapping.of(headers, scheme).values(cells));
            Classification c = classifier.classify(values, today);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("folder", c.folder());
            if (explain) {
                r.put("explain", explanations(classifier.explain(values, today), null, scheme, viewer));
            }
            FolderTree labels = new FolderTree(scheme, Map.of());
            r.put("labels", labels.labels(c.folder()));
            Map<String, String> dims = new LinkedHashMap<>();
            c.values().forEach((d, v) -> dims.put(d, v.key()));
            r.put("dimensions", dims);
            r.put("prefix", c.prefix());
            long next = counters.peek(c.prefix()) + 1;
            if (next <= classifier.codeTemplate().maxSequence()) {
                r.put("nextCode", classifier.codeTemplate().format(c.prefix(), next));
            } else {
                // An import would reject such a row with this reason; say so rather than fail.
                r.put("nextCode", null);
                r.put("problem", classifier.codeTemplate().noNumbersLeft(c.prefix()));
            }
            List<Identity> keys = IdentityKeys.all(values, scheme.identity());
            r.put("identity", keys.isEmpty() ? null : viewer.personal() ? keys.get(0).key() : PersonalData.maskKey(keys.get(0).key()));
            if (viewer.personal()) {
                customers.resolve(keys.stream().flatMap(k -> java.util.stream.Stream.concat(java.util.stream.Stream.of(k.key()),
                                k.legacy().stream())).toList()).values().stream().filter(x -> viewer.sees(x.folder()))
                        .map(Customer::code).sorted().findFirst().ifPresent(existing -> r.put("existingCode", existing));
            }
            results.add(r);
        }
        return Map.of("results", results);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
