package dev.custcode.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.customer.CodeOrder;
import dev.custcode.customer.Customer;
import dev.custcode.export.FolderExporter;
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
    public JsonNode groups(Access.Viewer viewer) {
        JsonNode index = objects.read(FolderExporter.ROOT + "_index.json").map(ApiReads::parse)
                .orElseGet(() -> ApiReads.JSON.createObjectNode().put("total", 0).set("children", ApiReads.JSON.createArrayNode()));
        if (viewer.all() || !index.isObject()) {
            return index;
        }
        ObjectNode scoped = ((ObjectNode) index).deepCopy();
        scoped.put("total", prune(scoped, viewer));
        return scoped;
    }

    /** Keeps the children the viewer reads part of, each counting only what it reads; answers the node's count. */
    private static long prune(ObjectNode node, Access.Viewer viewer) {
        ArrayNode kept = ApiReads.JSON.createArrayNode();
        long total = 0;
        for (JsonNode child : node.path("children")) {
            String path = child.path("path").asText();
            if (!viewer.seesPartOf(path)) {
                continue;
            }
            ObjectNode c = (ObjectNode) child;
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
        ApiReads.checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        JsonNode summary = objects.read(FolderExporter.ROOT + path + "/_summary.json").map(ApiReads::parse)
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
        ObjectNode scoped = ((ObjectNode) summary).deepCopy();
        scoped.put("total", node.path("count").asLong());
        scoped.remove("statistics"); // they count the folders this viewer does not see too
        ArrayNode children = ApiReads.JSON.createArrayNode();
        for (JsonNode child : node.path("children")) {
            children.add(ApiReads.JSON.createObjectNode().put("folder", child.path("folder").asText()).put("label", child.path("label").asText())
                    .put("count", child.path("count").asLong()));
        }
        scoped.set("children", children);
        return scoped;
    }

    /** Members of a folder and the folders below it, in code order, a page at a time. */
    public CustomerView.Members members(String path, String limitText, String cursor, Access.Viewer viewer) {
        ApiReads.checkFolder(path);
        if (!viewer.seesPartOf(path)) {
            throw ProblemException.notFound("no folder " + path);
        }
        int limit = ApiReads.limit(limitText);
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor);
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
        return new CustomerView.Members(path, items, more ? Cursors.after(last) : null);
    }
}
