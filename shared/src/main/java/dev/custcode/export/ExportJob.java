package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where an export run stands between two invocations: written to
 * {@code exports/work/<runId>/<step>.json} when an invocation nears its time limit, and read by the
 * next one, which goes on from there. Why: one folder of a million customers takes longer to
 * write than one invocation may run; its {@code _export.csv} is then one multipart upload whose
 * parts are sent by successive invocations, each resuming the code-ordered read after the last
 * code the previous one wrote.
 *
 * @param runId     this run (the cause and a random suffix: two runs for one cause never share state)
 * @param step      how many invocations came before this one
 * @param pass      the current pass (a pass rewrites folders changed during the one before)
 * @param passStart when the current pass planned its work (changes after it mean another pass)
 * @param pending   the leaf folders the current pass refreshes (its targets are these and their ancestors)
 * @param counts    members per leaf folder, counted when the current pass began
 * @param groups    the top-level folders still to write in this pass, the first one perhaps half done;
 *                  null between passes
 * @param written   every folder written by the passes so far
 * @param rows      customer rows read so far
 */
public record ExportJob(String runId, String cause, String startedAt, int step, int pass, String passStart,
                        List<String> pending, Map<String, Long> counts, List<Group> groups,
                        List<String> written, long rows) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WORK = "exports/work/";

    /**
     * One top-level folder's exports, written from one merge of its leaves.
     *
     * @param targets   the folders under this top whose exports the pass rewrites
     * @param leaves    the leaves whose members belong to at least one target
     * @param afterCode the last code written (null before the first): the read resumes after it
     * @param uploads   two per target: the masked ones in the order of {@code targets}, then the
     *                  {@code private/} ones in the same order; then the top's search index
     * @param rows      customers read for this group so far
     * @param counted   customers read so far per leaf (the leaves' counts, once the group is done)
     * @param stats     the numbers of the customers read so far, per leaf
     * @param columns   the other columns its exports show, key → header, as when the group began (one header for every part)
     */
    public record Group(String top, List<String> targets, List<String> leaves, String afterCode, List<Upload> uploads, long rows,
                        Map<String, Long> counted, Map<String, FolderStats> stats, Map<String, String> columns) {
        public Group {
            stats = stats == null ? Map.of() : stats;
            columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
        }

        /** This group at a later point of its read, its columns kept. */
        Group at(String afterCode, List<Upload> uploads, long rows, Map<String, Long> counted, Map<String, FolderStats> stats) {
            return new Group(top, targets, leaves, afterCode, uploads, rows, counted, stats, columns);
        }

        static Group fresh(String top, List<String> targets, List<String> leaves, Map<String, String> columns) {
            List<Upload> uploads = new ArrayList<>();
            targets.forEach(t -> uploads.add(Upload.fresh(t, false)));
            targets.forEach(t -> uploads.add(Upload.fresh(t, true)));
            if (targets.contains(top)) {
                uploads.add(Upload.freshIndex(top));
            }
            return new Group(top, targets, leaves, null, uploads, 0, Map.of(), Map.of(), columns);
        }
    }

    /**
     * One target's export in progress.
     *
     * @param uploadId  its multipart upload, once its first part was sent (null before)
     * @param eTags     the ETags of its parts sent so far, part 1 first
     * @param carryKey  the object holding what was encoded after the last part (null when empty):
     *                  less than a part, which S3 will not take except as the last one
     * @param personal  the {@code private/} copy, with personal fields in full (else masked, under {@code groups/})
     * @param index     the top-level folder's search index ({@link SearchIndex}) rather than an export
     */
    public record Upload(String folder, String uploadId, List<String> eTags, String carryKey, boolean personal, boolean index) {
        static Upload fresh(String folder, boolean personal) {
            return new Upload(folder, null, List.of(), null, personal, false);
        }

        static Upload freshIndex(String top) {
            return new Upload(top, null, List.of(), null, false, true);
        }

        boolean started() {
            return uploadId != null || carryKey != null;
        }
    }

    /** This state with the first group replaced by its state at a cut. */
    ExportJob withFirstGroup(Group cut) {
        List<Group> rest = new ArrayList<>(groups);
        rest.set(0, cut);
        return new ExportJob(runId, cause, startedAt, step, pass, passStart, pending, counts, rest, written, rows);
    }

    /** This state with the first group done: its rows and its leaves' counts taken in. */
    ExportJob withFirstGroupDone(Group done) {
        List<Group> rest = new ArrayList<>(groups.subList(1, groups.size()));
        Map<String, Long> all = new java.util.TreeMap<>(counts);
        done.leaves().forEach(leaf -> all.put(leaf, done.counted().getOrDefault(leaf, 0L)));
        return new ExportJob(runId, cause, startedAt, step, pass, passStart, pending, all, rest, written, rows + done.rows());
    }

    ExportJob nextStep() {
        return new ExportJob(runId, cause, startedAt, step + 1, pass, passStart, pending, counts, groups, written, rows);
    }

    String stateKey() {
        return stateKey(runId, step);
    }

    static String stateKey(String runId, int step) {
        return WORK + runId + "/" + String.format("%06d", step) + ".json";
    }

    String carryKey(int target) {
        return WORK + runId + "/" + String.format("%06d-%04d", step, target) + ".csv";
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ExportJob parse(byte[] json) {
        try {
            return JSON.readValue(json, ExportJob.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an export state: " + e.getMessage(), e);
        }
    }
}
