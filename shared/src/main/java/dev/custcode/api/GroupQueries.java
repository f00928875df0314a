package dev.custcode.api;

import dev.custcode.customer.CodeOrder;
import dev.custcode.customer.Customer;
import dev.custcode.export.FolderExporter;
import dev.custcode.export.Summary;
import dev.custcode.export.Tree;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.ObjectStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The group tree (the index the exports write, pruned to what the caller reads), one group and a page of its members.
 */
public final class GroupQueries {
    private final ApiReads reads;
    private final CustomerStore customers;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final SchemeSource schemes;

    GroupQueries(ApiReads reads) {
        this.reads = reads;
        this.customers = reads.customers;
        this.folders = reads.folders;
        this.objects = reads.objects;
        this.schemes = reads.schemes;
    }

    /** The group tree; a viewer limited to some folders gets only those, their ancestors counting only them. */
    public Tree groups(Access.Viewer viewer) {
        Tree index = objects.read(FolderExporter.ROOT + "_index.json").map(json -> ApiReads.read(json, Tree.class))
                .orElseGet(() -> new Tree(null, null, null, List.of(), 0, List.of()));
        if (viewer.all()) {
            return index;
        }
        List<Tree.Node> kept = prune(index.children(), viewer);
        return new Tree(index.generatedAt(), index.cause(), index.scheme(), index.levels(), count(kept), kept);
    }

    /** The nodes the viewer reads part of, each counting only what it reads (a node it reads whole as it is). */
    private static List<Tree.Node> prune(List<Tree.Node> nodes, Access.Viewer viewer) {
        List<Tree.Node> kept = new ArrayList<>();
        for (Tree.Node n : nodes == null ? List.<Tree.Node>of() : nodes) {
            if (!viewer.seesPartOf(n.path())) {
                continue;
            }
            if (viewer.sees(n.path())) {
                kept.add(n);
            } else {
                List<Tree.Node> children = prune(n.children(), viewer);
                kept.add(new Tree.Node(n.folder(), n.path(), n.label(), n.dimension(), count(children), children));
            }
        }
        return kept;
    }

    private static long count(List<Tree.Node> nodes) {
        return nodes.stream().mapToLong(Tree.Node::count).sum();
    }

    /** A folder's summary: 404 unless the viewer reads some of it; an ancestor of its folders counts only them, without statistics. */
    public Summary group(String path, Access.Viewer viewer) {
        ApiReads.checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        Summary summary = objects.read(FolderExporter.ROOT + path + "/_summary.json").map(json -> ApiReads.read(json, Summary.class))
                .orElseThrow(() -> ProblemException.notFound("no folder " + path));
        if (viewer.sees(path)) {
            return summary;
        }
        List<Tree.Node> level = groups(viewer).children();
        Tree.Node node = null;
        for (String segment : path.split("/")) {
            node = level == null ? null : level.stream().filter(n -> segment.equals(n.folder())).reduce((a, b) -> b).orElse(null);
            if (node == null) {
                throw ProblemException.notFound("no folder " + path);
            }
            level = node.children();
        }
        List<Summary.Child> children = level == null ? List.of()
                : level.stream().map(n -> new Summary.Child(n.folder(), n.label(), n.count())).toList();
        // The statistics count the folders this viewer does not see too.
        return new Summary(summary.path(), summary.folder(), summary.label(), summary.labels(), node.count(), children,
                summary.lastChange(), summary.importIds(), null);
    }

    /** Members of a folder and the folders below it, in code order, a page at a time. */
    public CustomerView.Members members(String path, String limitText, String cursor, Access.Viewer viewer) {
        ApiReads.checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        int limit = ApiReads.limit(limitText);
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode("groups/" + path, cursor, Cursors.CODE);
        List<FolderStore.FolderRecord> records = folders.all().stream()
                .filter(r -> r.folder().equals(path) || r.folder().startsWith(path + "/")).filter(r -> viewer.sees(r.folder())).toList();
        // A folder emptied for good (a re-evaluation moved everyone out, a scheme dropped it) is gone, as its summary is.
        if (records.stream().allMatch(r -> r.currentCount().map(n -> n == 0).orElse(false))) {
            throw ProblemException.notFound("no folder " + path);
        }
        List<String> leaves = records.stream().map(FolderStore.FolderRecord::folder).sorted().toList();
        // Each leaf's next limit+1 members after the cursor, merged by code: the first limit+1 of
        // the merge are the page plus one, which tells whether there is a next page.
        List<Iterator<Customer>> pages = customers.folderPages(leaves, after, limit + 1).stream().map(List::iterator).toList();
        Iterator<Customer> merged = CodeOrder.merge(pages);
        Scheme scheme = schemes.current();
        List<CustomerView> items = new ArrayList<>();
        String last = null;
        boolean more = false;
        while (merged.hasNext()) {
            Customer c = merged.next();
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(reads.view(c, scheme, false, viewer));
            last = c.code();
        }
        return new CustomerView.Members(path, items, more ? Cursors.after("groups/" + path, last) : null);
    }
}
