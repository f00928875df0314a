package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.FolderStore.FolderRecord;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderExporter.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CustomerStore customers;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final SchemeSource schemes;
    private final Clock clock;

    public FolderExporter(CustomerStore customers, FolderStore folders, ObjectStore objects, SchemeSource schemes, Clock clock) {
        this.customers = customers;
        this.folders = folders;
        this.objects = objects;
        this.schemes = schemes;
        this.clock = clock;
    }

    /** Refreshes the files of these changed leaf folders, their ancestors, and the index. */
    public void export(Collection<String> changedLeaves, String cause) {
        if (changedLeaves.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        folders.touch(changedLeaves, cause, clock.instant());
        Scheme scheme = schemes.current();
        Map<String, FolderRecord> registry = new TreeMap<>();
        folders.all().forEach(r -> registry.put(r.folder(), r));
        Map<String, Long> counts = new TreeMap<>();
        registry.keySet().parallelStream().forEach(leaf -> {
            long n = customers.countFolder(leaf);
            synchronized (counts) {
                counts.put(leaf, n);
            }
        });
        FolderTree tree = new FolderTree(scheme, counts);
        Set<String> targets = new TreeSet<>();
        changedLeaves.forEach(leaf -> targets.addAll(FolderTree.selfAndAncestors(leaf)));
        ExportColumns columns = new ExportColumns(scheme);
        // One pass per top-level folder: its leaves merged in code order, each row written to the
        // export of every target folder that contains it (a subsequence of a sorted stream is
        // sorted), so each customer is read once however deep the tree.
        Map<String, List<String>> targetsByTop = new TreeMap<>();
        targets.forEach(t -> targetsByTop.computeIfAbsent(top(t), k -> new ArrayList<>()).add(t));
        for (var e : targetsByTop.entrySet()) {
            List<String> leaves = registry.keySet().stream().filter(l -> top(l).equals(e.getKey())).toList();
            writeExports(e.getValue(), leaves, columns);
            for (String folder : e.getValue()) {
                writeSummary(folder, tree, leaves.stream().filter(l -> contains(folder, l)).map(registry::get).toList());
            }
        }
        writeIndex(tree, scheme);
        LOG.info("exported {} folders for {} in {} ms", targets.size(), cause, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String top(String folder) {
        int slash = folder.indexOf('/');
        return slash < 0 ? folder : folder.substring(0, slash);
    }

    private static boolean contains(String folder, String leaf) {
        return leaf.equals(folder) || leaf.startsWith(folder + "/");
    }

    /** Writes the exports of {@code folders} (all under one top-level folder) from one merge of its {@code leaves}. */
    private void writeExports(List<String> folders, List<String> leaves, ExportColumns columns) {
        Map<String, ObjectStore.ObjectWriter> outs = new LinkedHashMap<>();
        Map<String, ExcelCsvWriter> writers = new LinkedHashMap<>();
        try {
            for (String folder : folders) {
                ObjectStore.ObjectWriter out = objects.create(ROOT + folder + "/_export.csv", "text/csv; charset=utf-8");
                outs.put(folder, out);
                ExcelCsvWriter csv = new ExcelCsvWriter(out);
                csv.writeRow(columns.header());
                writers.put(folder, csv);
            }
            // leaf → the writers of the target folders containing it
            Map<String, List<ExcelCsvWriter>> routes = new TreeMap<>();
            for (String leaf : leaves) {
                routes.put(leaf, folders.stream().filter(f -> contains(f, leaf)).map(writers::get).toList());
            }
            List<String> needed = leaves.stream().filter(l -> !routes.get(l).isEmpty()).toList();
            Iterator<Customer> merged = merge(needed.stream().map(customers::folderMembers).toList());
            while (merged.hasNext()) {
                Customer c = merged.next();
                List<String> row = columns.row(c);
                for (ExcelCsvWriter w : routes.getOrDefault(c.folder(), List.of())) {
                    w.writeRow(row);
                }
            }
            for (ExcelCsvWriter w : writers.values()) {
                w.close();
            }
        } catch (RuntimeException e) {
            outs.values().forEach(ObjectStore.ObjectWriter::abort);
            throw e;
        }
    }

    /** Merges code-ordered streams into one code-ordered stream. */
    static Iterator<Customer> merge(List<Iterator<Customer>> sources) {
        record Head(Customer customer, Iterator<Customer> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.customer().code()));
        for (Iterator<Customer> s : sources) {
            if (s.hasNext()) {
                heads.add(new Head(s.next(), s));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Customer next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new java.util.NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head(h.rest().next(), h.rest()));
                }
                return h.customer();
            }
        };
    }

    private void writeSummary(String folder, FolderTree tree, List<FolderRecord> leafRecords) {
        FolderTree.Node node = tree.find(folder);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("path", folder);
        String[] segments = folder.split("/");
        summary.put("folder", segments[segments.length - 1]);
        summary.put("label", tree.label(segments.length - 1, segments[segments.length - 1]));
        summary.put("labels", tree.labels(folder));
        summary.put("total", node == null ? 0 : node.count());
        List<Map<String, Object>> children = new ArrayList<>();
        if (node != null) {
            for (FolderTree.Node child : node.children()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("folder", child.segment());
                c.put("label", child.label());
                c.put("count", child.count());
                children.add(c);
            }
        }
        summary.put("children", children);
        String lastChange = leafRecords.stream().map(FolderRecord::lastChange).max(String::compareTo).orElse(null);
        summary.put("lastChange", lastChange);
        Set<String> importIds = new TreeSet<>();
        leafRecords.forEach(r -> importIds.addAll(r.importIds()));
        summary.put("importIds", importIds);
        put(ROOT + folder + "/_summary.json", summary);
    }

    private void writeIndex(FolderTree tree, Scheme scheme) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("generatedAt", clock.instant().toString());
        index.put("scheme", scheme.name());
        index.put("levels", scheme.folders());
        index.put("total", tree.root().count());
        index.put("children", nodes(tree.root()));
        put(ROOT + "_index.json", index);
    }

    private static List<Map<String, Object>> nodes(FolderTree.Node parent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FolderTree.Node n : parent.children()) {
            if (n.count() == 0) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", n.segment());
            m.put("path", n.path());
            m.put("label", n.label());
            m.put("dimension", n.dimension());
            m.put("count", n.count());
            List<Map<String, Object>> children = nodes(n);
            if (!children.isEmpty()) {
                m.put("children", children);
            }
            out.add(m);
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
