package dev.custcode.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.ValueWarning;
import dev.custcode.codes.CodeAllocator;
import dev.custcode.csv.HeaderMapping;
import dev.custcode.customer.Customer;
import dev.custcode.customer.CustomerFields;
import dev.custcode.customer.PersonalData;
import dev.custcode.export.FolderTree;
import dev.custcode.identity.Identity;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.identity.IdentityKind;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeRegistry;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies records without storing anything or consuming a number: for each, its folder, code
 * prefix, and the code the next new customer under that prefix would get now. Accepts one record, an
 * array, or {@code {"records": [...]}}; keys are field names or column headers.
 */
public final class ClassifyQueries {
    private final ApiReads reads;
    private final CustomerStore customers;
    private final ObjectStore objects;
    private final CodeAllocator counters;
    private final SchemeSource schemes;
    private final Clock clock;

    ClassifyQueries(ApiReads reads) {
        this.reads = reads;
        this.customers = reads.customers;
        this.objects = reads.objects;
        this.counters = reads.counters;
        this.schemes = reads.schemes;
        this.clock = reads.clock;
    }

    /** Classification as an unrestricted caller with personal access sees it. */
    public Classified.Results classify(String body) {
        return classify(body, Access.Viewer.ALL);
    }

    /**
     * Where records would be filed and the code they would get. Whether a record's contact is
     * already a customer ({@code existingCode}) is said only to a viewer with personal access who
     * reads that customer's folder: otherwise the endpoint would tell anyone whose phone is whose.
     */
    public Classified.Results classify(String body, Access.Viewer viewer) {
        return classify(body, false, viewer);
    }

    /** @param explain whether each result also says why ({@code "explain"}, as {@code /customers/{code}/explain}) */
    public Classified.Results classify(String body, boolean explain, Access.Viewer viewer) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : ApiReads.JSON.readTree(body);
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
        Classifier classifier = new Classifier(scheme, reads.latestPopulation());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Classified> results = new ArrayList<>();
        FolderTree labels = new FolderTree(scheme, Map.of());
        for (JsonNode record : records) {
            List<String> headers = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            record.fields().forEachRemaining(f -> {
                headers.add(f.getKey());
                cells.add(f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            });
            Map<String, String> values = CustomerFields.derive(HeaderMapping.of(headers, scheme).values(cells));
            Classification c = classifier.classify(values, today);
            Map<String, String> dims = new LinkedHashMap<>();
            c.values().forEach((d, v) -> dims.put(d, v.key()));
            long next = counters.peek(c.prefix()) + 1;
            // An import would reject a row whose prefix has no numbers left with this reason: said rather than failed.
            boolean numbered = next <= classifier.codeTemplate().maxSequence();
            List<Identity> keys = IdentityKeys.all(values, scheme.identity());
            String codeKey = values.containsKey("code") ? IdentityKeys.codeKey(values.get("code")) : null;
            // The customers its keys (and its code) belong to, as an import would match it: a merged one's survivor.
            Set<String> owners = new TreeSet<>();
            List<String> wanted = new ArrayList<>();
            if (codeKey != null) {
                wanted.add(codeKey);
            }
            keys.stream().filter(k -> !k.kind().weak()).forEach(k -> {
                wanted.add(k.key());
                wanted.addAll(k.legacy());
            });
            List<Customer> found = new ArrayList<>(wanted.isEmpty() ? List.of() : customers.resolve(wanted).values());
            for (Customer x : found) {
                Customer at = x;
                for (int hop = 0; hop < 8 && at != null && at.mergedInto() != null && !at.erased(); hop++) {
                    at = customers.resolve(List.of(IdentityKeys.codeKey(at.mergedInto()))).values().stream().findFirst().orElse(null);
                }
                if (at != null && !at.retired() && viewer.sees(at.folder())) {
                    owners.add(at.code());
                }
            }
            String existing = viewer.personal() && owners.size() == 1 ? owners.iterator().next() : null;
            String problem = numbered ? null : classifier.codeTemplate().noNumbersLeft(c.prefix());
            if (owners.size() > 1) {
                problem = "its keys belong to different customers" + (viewer.personal() ? " (" + String.join(", ", owners) + ")" : "")
                        + ": an import puts such a row in conflicts.csv, untouched";
            }
            String identity = !keys.isEmpty() ? keys.get(0).key() : codeKey;
            results.add(new Classified(c.folder(),
                    explain ? CustomerQueries.explanations(classifier.explain(values, today), null, scheme, viewer) : null,
                    labels.labels(c.folder()), dims, c.prefix(),
                    numbered ? classifier.codeTemplate().format(c.prefix(), next) : null,
                    problem,
                    identity == null ? null : viewer.personal() ? identity : IdentityKind.masked(identity),
                    existing, warnings(scheme, values, classifier.check(values, c), viewer)));
        }
        return new Classified.Results(results);
    }

    /** What an import would warn about in the record: values not understood, contacts that are none; personal values masked. */
    private static List<Classified.Warning> warnings(Scheme scheme, Map<String, String> values, List<ValueWarning> checked,
                                                     Access.Viewer viewer) {
        List<ValueWarning> all = new ArrayList<>(checked);
        IdentityKeys.problems(values).forEach((field, problem) -> all.add(new ValueWarning(field, values.get(field), problem)));
        return all.stream().map(w -> new Classified.Warning(w.field(), w.value() == null || viewer.personal() ? w.value()
                : PersonalData.masked(w.field(), w.value(), scheme), w.action())).toList();
    }

    /**
     * The scheme in force: the last upload accepted ({@code config/active-scheme.json}), else the
     * built-in default, with what the last check of an upload said.
     */
    public SchemeInForce scheme() {
        Optional<byte[]> active = objects.read(SchemeRegistry.ACTIVE_KEY);
        try {
            JsonNode scheme = ApiReads.JSON.readTree(active.orElseGet(SchemeLoader::defaultSchemeJson));
            SchemeRegistry.Status lastCheck = objects.read(SchemeRegistry.STATUS_KEY).map(b -> ApiReads.read(b, SchemeRegistry.Status.class)).orElse(null);
            return new SchemeInForce(active.isPresent() ? SchemeRegistry.ACTIVE_KEY : "built-in", scheme.path("name").asText(null), lastCheck, scheme);
        } catch (IOException e) {
            // Only validated schemes and statuses are written there: a broken deployment, not bad input.
            throw new UncheckedIOException(e);
        }
    }
}
