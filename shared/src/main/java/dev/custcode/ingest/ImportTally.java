package dev.custcode.ingest;

import dev.custcode.classify.ValueWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Running counts of one import run; turned into the report's counts, folders and code ranges. */
final class ImportTally {
    long rows;
    long rejected;
    long created;
    long updated;
    long unchanged;
    long duplicates;
    long moved;
    long conflicts;
    long warnings;
    long duplicateCandidates;
    /** Probable duplicates found by the batch being applied; written to duplicates.csv and cleared after each batch. */
    final List<DuplicateSearch.Pair> candidates = new ArrayList<>();
    /** Lines of the batch being applied merged with an earlier line of the same customer; written to warnings.csv and cleared after each batch. */
    final List<SameCustomer> sameCustomer = new ArrayList<>();
    /** Line → its warnings as they stand for the stored customer it updated (when fewer than the row's own). */
    final Map<Long, List<ValueWarning>> revisedWarnings = new HashMap<>();
    /** Line → warnings found against the stored customer (a masked cell edited), beside the row's own; cleared with them. */
    final Map<Long, List<ValueWarning>> storedWarnings = new HashMap<>();

    /** Adds warnings found against the stored customer to a line's, after those it has. */
    void warn(long line, List<ValueWarning> found) {
        if (!found.isEmpty()) {
            storedWarnings.merge(line, found, (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
        }
    }

    /** A line merged into the customer an earlier line of the same file gave: the later line's values win. */
    record SameCustomer(long line, long earlierLine, String code) {
    }

    /** Cells of exports dropped back that the stored data changed after (kept stored); written to warnings.csv and cleared after each batch. */
    final List<StaleCell> staleCells = new ArrayList<>();

    /**
     * A cell of an export dropped back whose field changed after the export's {@code updatedAt}:
     * the stored value is kept, {@code value} (null: a clear) is not applied.
     */
    record StaleCell(long line, String field, String value, String stored, String exportedAsOf) {
    }
    /** field → customers whose stored value of it changed. */
    final Map<String, Long> fieldChanges = new TreeMap<>();
    /** Time spent per phase: lookup, merge-and-classify, updates, codes-and-inserts, history, duplicate search. */
    final long[] nanos = new long[6];

    String phases() {
        return String.format("lookup %d ms, merge %d ms, updates %d ms, codes and inserts %d ms, history %d ms, duplicate search %d ms",
                nanos[0] / 1_000_000, nanos[1] / 1_000_000, nanos[2] / 1_000_000, nanos[3] / 1_000_000, nanos[4] / 1_000_000,
                nanos[5] / 1_000_000);
    }
    /** Folder → accepted rows filed there. */
    final Map<String, Long> folders = new TreeMap<>();
    /** Leaf folders whose contents changed: they (and their ancestors) need exporting. */
    final Set<String> changedFolders = new TreeSet<>();
    private final Map<String, long[]> codeRanges = new TreeMap<>();

    long accepted() {
        return created + updated + unchanged;
    }

    /** Rows accepted and rejected so far, as a heartbeat records them. */
    dev.custcode.store.RowCounts counted() {
        return new dev.custcode.store.RowCounts(accepted(), rejected);
    }

    /**
     * A customer this import filed (an earlier batch or chunk of it), moved by a later line of it:
     * counted where it ends. A partial tally may hold -1 for a folder another part counted it in.
     */
    void refiled(String from, String to) {
        folders.merge(from, -1L, Long::sum);
        folders.merge(to, 1L, Long::sum);
        folders.values().removeIf(n -> n == 0);
    }

    void filed(String folder) {
        folders.merge(folder, 1L, Long::sum);
    }

    void issued(String prefix, long sequence) {
        codeRanges.compute(prefix, (p, r) -> r == null
                ? new long[]{sequence, sequence, 1}
                : new long[]{Math.min(r[0], sequence), Math.max(r[1], sequence), r[2] + 1});
    }

    /** prefix → [lowest, highest, count] of the sequences issued. */
    Map<String, long[]> codeRangesRaw() {
        return codeRanges;
    }

    /** Adds another tally (a chunk's) to this one. */
    void add(ImportTally o) {
        rows += o.rows;
        rejected += o.rejected;
        created += o.created;
        updated += o.updated;
        unchanged += o.unchanged;
        duplicates += o.duplicates;
        moved += o.moved;
        conflicts += o.conflicts;
        warnings += o.warnings;
        duplicateCandidates += o.duplicateCandidates;
        o.fieldChanges.forEach((k, v) -> fieldChanges.merge(k, v, Long::sum));
        o.folders.forEach((k, v) -> folders.merge(k, v, Long::sum));
        folders.values().removeIf(n -> n == 0);
        changedFolders.addAll(o.changedFolders);
        o.codeRanges.forEach((p, r) -> codeRanges.merge(p, r.clone(),
                (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]}));
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] += o.nanos[i];
        }
    }

    void fieldChanged(String field) {
        fieldChanges.merge(field, 1L, Long::sum);
    }

    ImportReport.Counts counts() {
        return new ImportReport.Counts(rows, accepted(), created, updated, unchanged, rejected, conflicts, warnings, duplicates, moved,
                duplicateCandidates);
    }

    List<ImportReport.CodeRange> codeRanges(java.util.function.BiFunction<String, Long, String> format) {
        List<ImportReport.CodeRange> out = new ArrayList<>();
        codeRanges.forEach((prefix, r) -> out.add(new ImportReport.CodeRange(prefix, format.apply(prefix, r[0]), format.apply(prefix, r[1]), r[2])));
        return out;
    }
}
