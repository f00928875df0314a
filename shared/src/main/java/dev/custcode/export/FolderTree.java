package dev.custcode.export;

import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The group hierarchy built from leaf folders and their member counts: every prefix of a leaf
 * path is a folder whose count is the sum of the leaves below it.
 */
public final class FolderTree {
    /** One folder of the tree. */
    public static final class Node {
        private final String path;
        private final String segment;
        private final String label;
        private final String dimension;
        private long count;
        private final Map<String, Node> children = new TreeMap<>();

        Node(String path, String segment, String label, String dimension) {
            this.path = path;
            this.segment = segment;
            this.label = label;
            this.dimension = dimension;
        }

        public String path() {
            return path;
        }

        public String segment() {
            return segment;
        }

        public String label() {
            return label;
        }

        public String dimension() {
            return dimension;
        }

        public long count() {
            return count;
        }

        public List<Node> children() {
            return List.copyOf(children.values());
        }
    }

    private final Node root = new Node("", "", "", null);
    private final Scheme scheme;

    public FolderTree(Scheme scheme, Map<String, Long> leafCounts) {
        this.scheme = scheme;
        leafCounts.forEach(this::add);
    }

    private void add(String leaf, long count) {
        String[] segments = leaf.split("/");
        Node node = root;
        node.count += count;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(segments[i]);
            String dimension = i < scheme.folders().size() ? scheme.folders().get(i) : null;
            String p = path.toString();
            int level = i;
            node = node.children.computeIfAbsent(segments[i], s -> new Node(p, s, label(level, s), dimension));
            node.count += count;
        }
    }

    /** The display label of a folder segment at a level, from the scheme; the slug itself if the scheme no longer has it. */
    public String label(int level, String segment) {
        if (level >= scheme.folders().size()) {
            return segment;
        }
        return scheme.dimension(scheme.folders().get(level))
                .flatMap(d -> d.values().stream().filter(v -> v.folder().equals(segment)).findFirst())
                .map(GroupValue::label)
                .orElse(segment);
    }

    public Node root() {
        return root;
    }

    /** The node at a path, or null. */
    public Node find(String path) {
        Node node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String s : path.split("/")) {
            node = node.children.get(s);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Labels of each level of a path: {@code north/enterprise} → {@code [华北 North China, 企业客户 Enterprise]}. */
    public List<String> labels(String path) {
        List<String> out = new ArrayList<>();
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            out.add(label(i, segments[i]));
        }
        return out;
    }

    /** {@code a/b/c} → {@code [a, a/b, a/b/c]}. */
    public static List<String> selfAndAncestors(String leaf) {
        List<String> out = new ArrayList<>();
        int i = -1;
        while ((i = leaf.indexOf('/', i + 1)) >= 0) {
            out.add(leaf.substring(0, i));
        }
        out.add(leaf);
        return out;
    }
}
