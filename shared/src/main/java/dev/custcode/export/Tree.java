package dev.custcode.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The group tree, {@code groups/_index.json} (openapi.yaml, schema {@code Tree}; {@code GET /groups}
 * answers it, pruned to the caller's folders): every folder holding customers, with its count.
 *
 * @param levels the scheme's folder dimensions, outermost first
 */
public record Tree(String generatedAt, String cause, String scheme, List<String> levels, long total, List<Node> children) {

    /** A folder: {@code children} only when it has some (a leaf has none). */
    public record Node(String folder, String path, String label, String dimension, long count,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Node> children) {
    }
}
