package dev.custcode.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder's {@code _summary.json} (openapi.yaml, schema {@code Summary}; {@code GET /groups/{path}}
 * answers it): the folder, its labels, how many customers it holds in all and in each child, when
 * and by which imports it last changed, and its statistics.
 *
 * @param statistics the figures of {@link FolderStats} per field, and {@code sinceLastRun} ({@link SinceLastRun}) once a re-evaluation ran
 */
public record Summary(String path, String folder, String label, List<String> labels, long total, List<Child> children,
                      String lastChange, Set<String> importIds, Map<String, Object> statistics) {

    /** A child folder and its count. */
    public record Child(String folder, String label, long count) {
    }

    /** What changed in the folder since the latest re-evaluation run: customers new, moved in and moved out. */
    public record SinceLastRun(String runId, String asOf, @JsonProperty("new") long created, long movedIn, long movedOut) {
    }
}
