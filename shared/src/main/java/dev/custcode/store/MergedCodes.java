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
    /** The import the history entries of a merge's undo name: this, then the merged code. */
    public static final String UNDO_PREFIX = "unmerge-";
    private static final String MERGED_INTO = "merged into ";
    private static final String UNMERGED_FROM = "undo of its merge into ";

    private MergedCodes() {
    }

    /** What the history entries of merging this code name as their import. */
    public static String cause(String mergedCode) {
        return PREFIX + mergedCode;
    }

    /** What the history entries of undoing the merge of this code name as their import. */
    public static String undoCause(String mergedCode) {
        return UNDO_PREFIX + mergedCode;
    }

    /** The merged customer's entry of its merge: its cause names the survivor. */
    public static String mergedIntoCause(String survivor) {
        return MERGED_INTO + survivor;
    }

    /** The merged customer's entry of its merge's undo: its cause names the survivor. */
    public static String unmergedFromCause(String survivor) {
        return UNMERGED_FROM + survivor;
    }

    /**
     * The customers this one was merged into, ever (merges undone too), read from its own history:
     * their histories hold its values in the entries of those merges and their undoing.
     */
    public static java.util.Set<String> survivorsOf(String code, List<HistoryStore.Change> itsHistory) {
        java.util.Set<String> survivors = new java.util.LinkedHashSet<>();
        for (HistoryStore.Change c : itsHistory) {
            String cause = c.cause() == null ? "" : c.cause();
            if (cause(code).equals(c.importId()) && cause.startsWith(MERGED_INTO)) {
                survivors.add(firstWord(cause.substring(MERGED_INTO.length())));
            } else if (undoCause(code).equals(c.importId()) && cause.startsWith(UNMERGED_FROM)) {
                survivors.add(firstWord(cause.substring(UNMERGED_FROM.length())));
            }
        }
        return survivors;
    }

    /** The code that starts a cause: an erasure since may have noted why it lost values after it ("… (values of X erased)"). */
    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
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
