package dev.custcode.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.codes.CodeAllocator;
import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.export.FolderExporter;
import dev.custcode.export.FolderTree;
import dev.custcode.identity.IdentityKind;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What every part of the API's lookups reads from (the stores, the scheme, the clock) and the checks
 * and views they share: a code or folder path checked before it reaches a key, a customer the caller
 * may see, a customer as the API shows it, a page size.
 */
final class ApiReads {

    /** Folder paths in URLs are slugs joined by '/': nothing else reaches a key or a query. */
    static final Pattern FOLDER_PATH = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?){0,15}");
    static final Pattern IMPORT_ID = Pattern.compile("[0-9a-f]{20}");
    static final Duration LINK_TTL = Duration.ofMinutes(15);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final ObjectMapper JSON = new ObjectMapper();

    final CustomerStore customers;
    final ImportStore imports;
    final HistoryStore history;
    final FolderStore folders;
    final ObjectStore objects;
    final CodeAllocator counters;
    final SchemeSource schemes;
    final Clock clock;

    ApiReads(dev.custcode.ingest.IngestStores stores, SchemeSource schemes, Clock clock) {
        this.customers = stores.customers();
        this.imports = stores.imports();
        this.history = stores.history();
        this.folders = stores.folders();
        this.objects = stores.objects();
        this.counters = stores.allocator();
        this.schemes = schemes;
        this.clock = clock;
    }

    /** The thresholds of the latest finished re-evaluation run (none before the first). */
    dev.custcode.classify.Population latestPopulation() {
        return FolderExporter.latestPopulation(objects);
    }

    /** The customer with this code, or 404 when there is none or the viewer may not read its folder: the answers are the same. */
    Customer visible(String code, Access.Viewer viewer) {
        return customers.findByCode(code).filter(c -> c.folder() == null ? viewer.all() : viewer.sees(c.folder()))
                .orElseThrow(() -> ProblemException.notFound("no customer with code " + code));
    }

    static void checkCode(String code) {
        if (code.length() > 64) {
            throw ProblemException.badRequest("\"" + code.substring(0, 16) + "…\" is not a code (codes are at most 64 characters)");
        }
        // NED000001%00 is not NED000001: a lookup would find that customer once the key is normalized.
        if (code.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw ProblemException.badRequest("not a code: it holds a control or format character (U+"
                    + String.format("%04X", code.chars().filter(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
                    .findFirst().orElse(0)) + ")");
        }
    }

    CustomerView view(Customer c, Scheme scheme, boolean withHistory, Access.Viewer viewer) {
        Map<String, String> attributes = viewer.personal() ? c.attributes() : PersonalData.mask(c.attributes(), scheme);
        List<CustomerView.Step> path = new ArrayList<>();
        String[] segments = c.folder().split("/");
        FolderTree labels = new FolderTree(scheme, Map.of());
        for (int i = 0; i < segments.length; i++) {
            path.add(new CustomerView.Step(segments[i], labels.label(i, segments[i])));
        }
        Map<String, CustomerView.Value> dims = new LinkedHashMap<>();
        for (DimensionSpec d : scheme.dimensions()) {
            String key = c.dimensions().get(d.name());
            if (key != null) {
                dims.put(d.name(), new CustomerView.Value(key, d.value(key).map(GroupValue::label).orElse(key)));
            }
        }
        // Not on member pages: the folder index does not carry the last import (see template.yaml).
        CustomerView.ImportIds importIds = withHistory ? new CustomerView.ImportIds(c.firstImportId(), c.lastImportId()) : null;
        List<CustomerView.Move> moves = withHistory ? history.of(c.code(), null, 100).items().stream().filter(HistoryStore.Change::moved)
                .map(m -> new CustomerView.Move(m.at(), m.fromFolder(), m.toFolder(), m.cause())).toList() : null;
        return new CustomerView(c.code(), attributes.get("name"), viewer.personal() ? c.keys() : IdentityKind.masked(c.keys()),
                c.folder(), path, dims, new TreeMap<>(attributes), c.createdAt(), c.updatedAt(), importIds, moves);
    }

    static void checkFolder(String path) {
        if (!FOLDER_PATH.matcher(path).matches()) {
            throw ProblemException.badRequest("\"" + abbreviated(path) + "\" is not a folder path (slugs of a-z, 0-9, '-', joined by '/')");
        }
    }

    /** A value a caller gave, as an answer quotes it: its first 64 characters, then "…". */
    static String abbreviated(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    static int limit(String text) {
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

    /** A stored document read as its record; fields a newer or older writer added are ignored. */
    static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
