package dev.custcode.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder's {@code _summary.json} (openapi.yaml, schema {@code Summary}; {@code GET /groups/{path}}
 * answers it): the folder, its labels, how many customers it holds in all and in each child, when
 * and by which imports it last changed, and its statistics.
 *
 * @param statistics the figures of {@link FolderStats}, and what changed since the latest re-evaluation run
 */
public record Summary(String path, String folder, String label, List<String> labels, long total, List<Child> children,
                      String lastChange, Set<String> importIds, Statistics statistics) {

    /**
     * The folder's members' figures: how many; amount, profit and orders; per dimension how many
     * take each value (tier mix, lifecycle mix …); once a re-evaluation ran, what changed since.
     */
    public record Statistics(long count, Figures amount, Figures profit, Figures orders, Map<String, Map<String, Long>> mix,
                             @JsonInclude(JsonInclude.Include.NON_NULL) SinceLastRun sinceLastRun) {
        Statistics since(SinceLastRun s) {
            return new Statistics(count, amount, profit, orders, mix, s);
        }
    }

    /** A field's sum, its average over the members that have a value (null when none has), and how many have one. */
    public record Figures(BigDecimal sum, BigDecimal average, long members) {
    }

    /** A child folder and its count. */
    public record Child(String folder, String label, long count) {
    }

    /** What changed in the folder since the latest re-evaluation run: customers new, moved in and moved out. */
    public record SinceLastRun(String runId, String asOf, @JsonProperty("new") long created, long movedIn, long movedOut) {
    }
}
