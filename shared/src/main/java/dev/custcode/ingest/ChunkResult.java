package dev.custcode.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What one chunk of a fanned-out import did, stored with the chunk and summed into the report
 * when the last chunk is done.
 *
 * @param unreadable why the chunk could not be read to its end, or null
 * @param resumed    whether this run redid the chunk after an earlier run of it died
 * @param attempt    which run of the chunk this was (1 for the first; 0 in results stored before it was kept)
 * @param parts      how the chunk was read: in how many parts (one per invocation that paused or
 *                   finished it) and which of their row files hold rows; null in results stored
 *                   before chunks were read in parts (one part, every row file read)
 */
record ChunkResult(int chunk, long rows, long rejected, long created, long updated, long unchanged, long duplicates, long moved,
                   long conflicts, long warnings, Map<String, Long> fieldChanges, Map<String, Long> folders,
                   List<String> changedFolders, Map<String, long[]> codeRanges, String unreadable, boolean resumed, int attempt,
                   long duplicateCandidates, Parts parts) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The parts a chunk was read in so far.
     *
     * @param count         parts read (each wrote its row files under its own folder, see {@link #folder})
     * @param nextBatch     the batch number the next part starts with
     * @param filesWithRows the row files that hold rows, as {@code <part folder>/<file>}, in file order
     */
    record Parts(int count, int nextBatch, List<String> filesWithRows) {
        Parts {
            filesWithRows = List.copyOf(filesWithRows);
        }

        /** Where part {@code part} of chunk {@code chunk} writes its row files, under the import's {@code parts/}. */
        static String folder(int chunk, int part) {
            return part == 0 ? String.format("%06d", chunk) : String.format("%06d.%d", chunk, part);
        }
    }

    static ChunkResult of(int chunk, ImportTally t, String unreadable, boolean resumed, int attempt, Parts parts) {
        return new ChunkResult(chunk, t.rows, t.rejected, t.created, t.updated, t.unchanged, t.duplicates, t.moved, t.conflicts,
                t.warnings, Map.copyOf(t.fieldChanges), Map.copyOf(t.folders), List.copyOf(t.changedFolders), Map.copyOf(t.codeRangesRaw()),
                unreadable, resumed, attempt, t.duplicateCandidates, parts);
    }

    ImportTally tally() {
        ImportTally t = new ImportTally();
        t.rows = rows;
        t.rejected = rejected;
        t.created = created;
        t.updated = updated;
        t.unchanged = unchanged;
        t.duplicates = duplicates;
        t.moved = moved;
        t.conflicts = conflicts;
        t.warnings = warnings;
        t.duplicateCandidates = duplicateCandidates;
        t.fieldChanges.putAll(fieldChanges);
        t.folders.putAll(folders);
        t.changedFolders.addAll(changedFolders);
        codeRanges.forEach((p, r) -> t.codeRangesRaw().put(p, r.clone()));
        return t;
    }

    /** The chunk's rows accepted and rejected. */
    dev.custcode.store.RowCounts counted() {
        return new dev.custcode.store.RowCounts(created + updated + unchanged, rejected);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChunkResult parse(String json) {
        try {
            return JSON.readValue(json, ChunkResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("a chunk's stored result is not readable: " + e.getMessage(), e);
        }
    }
}
