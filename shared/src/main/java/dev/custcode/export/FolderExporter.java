package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /**
     * What one export run did, also written to {@code exports/<cause>.json}.
     *
     * @param passes    how many passes it took to converge (a folder changed during a pass is redone)
     * @param folders   the folders whose files were written
     * @param rows      customer rows written over all exports
     */
    public record Result(String cause, String startedAt, String finishedAt, long millis, int passes, List<String> folders,
                         long rows, long total) {
    }

    private static final int MAX_PASSES = 5;

    /**
     * Refreshes the files of a manifest's changed leaf folders, their ancestors, and the index.
     *
     * <p>Converges under concurrency: if a leaf under a folder written in this pass changed after
     * the pass began (a concurrent import), that leaf and its ancestors are written again, so the
     * last files written for a folder always reflect a read made after its last change.
     */
    public Result export(ExportManifest manifest) {
        long t0 = System.nanoTime();
        Instant started = clock.instant();
        Scheme scheme = schemes.current();
        ExportColumns columns = new ExportColumns(scheme);
        Set<String> pending = new TreeSet<>(manifest.folders());
        Set<String> written = new TreeSet<>();
        long rows = 0;
        long total = 0;
        int passes = 0;
        while (!pending.isEmpty() && passes < MAX_PASSES) {
            passes++;
            Instant passStart = clock.instant();
            Map<String, FolderRecord> registry = registry();
            FolderTree tree = new FolderTree(scheme, counts(registry.keySet()));
            Set<String> targets = new TreeSet<>();
            pending.forEach(leaf -> targets.addAll(FolderTree.selfAndAncestors(leaf)));
            // One pass per top-level folder: its leaves merged in code order, each row written to the
            // export of every target folder that contains it (a subsequence of a sorted stream is
            // sorted), so each customer is read once however deep the tree.
            Map<String, List<String>> targetsByTop = new TreeMap<>();
            targets.forEach(t -> targetsByTop.computeIfAbsent(top(t), k -> new ArrayList<>()).add(t));
            for (var e : targetsByTop.entrySet()) {
                List<String> leaves = registry.keySet().stream().filter(l -> top(l).equals(e.getKey())).toList();
                rows += writeExports(e.getValue(), leaves, columns);
                for (String folder : e.getValue()) {
                    writeSummary(folder, tree, leaves.stream().filter(l -> contains(folder, l)).map(registry::get).toList());
                }
            }
            writeIndex(tree, scheme, manifest.cause());
            written.addAll(targets);
            total = tree.root().count();
            pending = new TreeSet<>();
            for (FolderRecord r : registry().values()) {
                boolean changedSince = r.lastChange() != null && Instant.parse(r.lastChange()).isAfter(passStart);
                if (changedSince && targets.stream().anyMatch(t -> contains(t, r.folder()))) {
                    pending.add(r.folder());
                }
            }
        }
        Instant finished = clock.instant();
        Result result = new Result(manifest.cause(), started.toString(), finished.toString(),
                (System.nanoTime() - t0) / 1_000_000, passes, List.copyOf(written), rows, total);
        put(ExportManifest.reportKey(manifest.cause()), result);
        LOG.info("exported {} folders ({} rows) for {} in {} ms, {} pass(es)", written.size(), rows, manifest.cause(), result.millis(), passes);
        return result;
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
     * Writes the exports of {@code folders} (all under one top-level folder) from one merge of its
     * {@code leaves}; returns the number of customers read.
     */
    private long writeExports(List<String> folders, List<String> leaves, ExportColumns columns) {
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
            Iterator<Customer> merged = CodeOrder.merge(needed.stream().map(customers::folderMembers).toList());
            long read = 0;
            while (merged.hasNext()) {
                Customer c = merged.next();
                read++;
                List<String> row = columns.row(c);
                for (ExcelCsvWriter w : routes.getOrDefault(c.folder(), List.of())) {
                    w.writeRow(row);
                }
            }
            for (ExcelCsvWriter w : writers.values()) {
                w.close();
            }
            return read;
        } catch (RuntimeException e) {
            outs.values().forEach(ObjectStore.ObjectWriter::abort);
            throw e;
        }
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

    private void writeIndex(FolderTree tree, Scheme scheme, String cause) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("generatedAt", clock.instant().toString());
        index.put("cause", cause);
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
