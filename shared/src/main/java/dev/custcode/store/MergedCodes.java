package dev.custcode.store;

import java.util.ArrayList;
import java.util.List;

/**
 * How a merge is written in the histories of both its customers ({@code merge-<merged code>} as the
 * change's import), and the codes merged into a customer, read back from its history.
 */
public final class MergedCodes {
    /** The import a merge's history entries name: this, then the merged code. */
    public static final String PREFIX = "merge-";

    private MergedCodes() {
    }

    /** What the history entries of merging this code name as their import. */
    public static String cause(String mergedCode) {
        return PREFIX + mergedCode;
    }

    /** The code a change says was merged, or null when it is no merge. */
    public static String mergedBy(HistoryStore.Change change) {
        return "merged".equals(change.kind()) && change.importId() != null && change.importId().startsWith(PREFIX)
                ? change.importId().substring(PREFIX.length()) : null;
    }

    /** The customers merged into this one whose merges are not undone (still merged into it), newest first. */
    public static List<String> into(String survivor, HistoryStore history, CustomerStore customers) {
        List<String> codes = new ArrayList<>();
        for (HistoryStore.Change change : history.all(survivor)) {
            String merged = mergedBy(change);
            if (merged != null && !codes.contains(merged)
                    && customers.findByCode(merged).filter(m -> survivor.equals(m.mergedInto())).isPresent()) {
                codes.add(merged);
            }
        }
        return codes;
    }
}
