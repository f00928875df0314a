package dev.custcode.api;

import dev.custcode.ingest.IngestService;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports (status with chunk progress, recent and unfinished ones), re-evaluation runs, and presigned
 * uploads into {@code incoming/}.
 */
public final class ImportQueries {
    private final ApiReads reads;
    private final CustomerStore customers;
    private final ImportStore imports;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final Clock clock;

    ImportQueries(ApiReads reads) {
        this.reads = reads;
        this.customers = reads.customers;
        this.imports = reads.imports;
        this.folders = reads.folders;
        this.objects = reads.objects;
        this.clock = reads.clock;
    }

    public Map<String, Object> importStatus(String importId) {
        return importStatus(importId, Access.Viewer.ALL);
    }

    /**
     * An import's status, counts and links. The row files hold rows of every folder (masked, but
     * with names): only a viewer of every folder gets links to them.
     */
    public Map<String, Object> importStatus(String importId, Access.Viewer viewer) {
        if (!ApiReads.IMPORT_ID.matcher(importId).matches()) {
            throw ProblemException.badRequest("\"" + importId + "\" is not an import id (20 hex digits)");
        }
        ImportRecord r = imports.find(importId).orElseThrow(() -> ProblemException.notFound("no import " + importId));
        Map<String, Object> out = importView(r);
        chunkProgress(r).ifPresent(p -> out.put("progress", p));
        if (r.status().finished()) {
            out.put("counts", objects.read(IngestService.reportKey(importId)).map(b -> ApiReads.parse(b).get("counts")).orElse(null));
            Map<String, String> links = new LinkedHashMap<>();
            links.put("report", objects.presignGet(IngestService.reportKey(importId), ApiReads.LINK_TTL).toString());
            if (viewer.all()) {
                links.put("rejected", objects.presignGet(IngestService.rejectedKey(importId), ApiReads.LINK_TTL).toString());
                links.put("conflicts", objects.presignGet(IngestService.conflictsKey(importId), ApiReads.LINK_TTL).toString());
                links.put("warnings", objects.presignGet(IngestService.warningsKey(importId), ApiReads.LINK_TTL).toString());
                links.put("duplicates", objects.presignGet(IngestService.duplicatesKey(importId), ApiReads.LINK_TTL).toString());
            }
            out.put("links", links);
            objects.read(dev.custcode.ingest.UndoService.reportKey(importId)).ifPresent(b -> out.put("undo", ApiReads.parse(b)));
            out.put("linksExpireAt", clock.instant().plus(ApiReads.LINK_TTL).toString());
        }
        return out;
    }

    /** A large import cut into chunks: how far along its chunks are. */
    private Optional<Map<String, Object>> chunkProgress(ImportRecord r) {
        return imports.progress(r.importId()).map(p -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("rowsRead", r.rowsRead());
            progress.put("chunks", Map.of("done", p.chunksDone(), "total", p.chunks()));
            progress.put("bytes", Map.of("done", p.bytesDone(), "total", p.bytes()));
            progress.put("percent", r.status().finished() ? 100.0 : p.percent());
            return progress;
        });
    }

    private static Map<String, Object> importView(ImportRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("importId", r.importId());
        out.put("status", r.status().name());
        out.put("source", Map.of("bucket", r.bucket(), "key", r.key()));
        out.put("startedAt", r.startedAt());
        out.put("finishedAt", r.finishedAt());
        out.put("progress", Map.of("rowsRead", r.rowsRead()));
        out.put("accepted", r.accepted());
        out.put("rejected", r.rejected());
        out.put("message", r.message());
        return out;
    }

    /**
     * The imports without a final status, oldest first, each with its age, when it was last seen
     * alive (its last lease, or its chunks') and how many times the sweep re-drove it; {@code stalled}
     * when no run holds it now (the sweep re-drives it once it has been quiet for its grace).
     */
    public Map<String, Object> unfinishedImports() {
        Instant now = clock.instant();
        List<Map<String, Object>> items = new ArrayList<>();
        imports.unfinished().stream().sorted(java.util.Comparator.comparing((ImportStore.Unfinished u) -> u.record().startedAt()))
                .forEach(u -> {
                    Map<String, Object> view = importView(u.record());
                    chunkProgress(u.record()).ifPresent(p -> view.put("progress", p));
                    view.put("ageSeconds", Math.max(0, java.time.Duration.between(Instant.parse(u.record().startedAt()), now).toSeconds()));
                    view.put("lastSeenAlive", u.quietSince().equals(Instant.EPOCH) ? null : u.quietSince().toString());
                    view.put("stalled", !u.quietSince().isAfter(now));
                    view.put("redrives", u.redrives());
                    items.add(view);
                });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", null);
        return out;
    }

    public Map<String, Object> recentImports(String limitText, String cursor, String status) {
        if (status != null && !status.isEmpty()) {
            if (!status.equals("RUNNING")) {
                throw ProblemException.badRequest("status may only be RUNNING (the imports not finished), got \"" + status
                        + "\"; finished imports are listed without it, newest first");
            }
            return unfinishedImports();
        }
        int limit = ApiReads.limit(limitText);
        ImportStore.Page<ImportRecord> page;
        try {
            page = imports.recent(limit, cursor == null || cursor.isEmpty() ? null : cursor);
        } catch (ImportStore.BadCursorException e) {
            throw ProblemException.badRequest("cursor \"" + cursor + "\" is not one this API issued; start without a cursor");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(ImportQueries::importView).toList());
        out.put("next", page.next());
        return out;
    }

    /**
     * A re-evaluation run: its report once it finished (counts, from→to matrix per dimension,
     * thresholds), else where it stands; the movement list (names of customers of every folder)
     * is linked for viewers of every folder only.
     */
    public Map<String, Object> evaluation(String runId, Access.Viewer viewer) {
        if (runId == null || !dev.custcode.evaluate.RunRequest.RUN_ID.matcher(runId).matches()) {
            throw ProblemException.badRequest("\"" + (runId == null ? "" : runId.substring(0, Math.min(60, runId.length()))) + "\" is not a run id (like 20261130T101502Z-request-1a2b3c4d)");
        }
        Map<String, Object> out = evaluationView(runId).orElseThrow(() -> ProblemException.notFound("no re-evaluation run " + runId));
        if (viewer.all() && "DONE".equals(out.get("status"))) {
            out.put("links", Map.of("movements", objects.presignGet(dev.custcode.evaluate.EvaluationReport.movementsKey(runId), ApiReads.LINK_TTL).toString()));
            out.put("linksExpireAt", clock.instant().plus(ApiReads.LINK_TTL).toString());
        }
        return out;
    }

    /** Re-evaluation runs, newest first, a page at a time ({@code cursor}: the last run id of the previous page). */
    public Map<String, Object> evaluations(String limitText, String cursor) {
        int limit = ApiReads.limit(limitText);
        java.util.TreeSet<String> runs = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        for (String key : objects.list("evaluations/")) {
            String[] parts = key.split("/");
            if (parts.length == 3 && parts[2].equals("run.json") || parts.length == 3 && parts[2].equals("report.json")) {
                runs.add(parts[1]);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        String next = null;
        for (String runId : cursor == null || cursor.isEmpty() ? runs : runs.tailSet(cursor, false)) {
            if (items.size() == limit) {
                next = items.get(items.size() - 1).get("runId").toString();
                break;
            }
            evaluationView(runId).ifPresent(v -> {
                v.remove("matrix");
                items.add(v);
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", next);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> evaluationView(String runId) {
        String prefix = dev.custcode.evaluate.EvaluationReport.prefix(runId);
        Optional<byte[]> bytes = objects.read(prefix + "report.json").or(() -> objects.read(prefix + "run.json"));
        return bytes.map(b -> {
            try {
                return (Map<String, Object>) ApiReads.JSON.readValue(b, LinkedHashMap.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(prefix + " holds an unreadable report", e);
            }
        });
    }

    /**
     * Classifies records without storing anything or consuming a number: for each, its folder,
     * code prefix, and the code the next new customer under that prefix would get now.
     * Accepts one record, an array, or {@code {"records": [...]}}; keys are field names or column headers.
     */

    /** A file name a page may upload: no folders, a .csv ending in either case (the import trigger's suffixes). */
    private static final java.util.regex.Pattern UPLOAD_NAME = java.util.regex.Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}\\.(csv|CSV)");

    /**
     * A presigned PUT of one file into {@code incoming/} ({@code {"name":"customers.csv"}}): the
     * browser sends the file straight to the bucket, whatever its size, and the upload starts an
     * import as any other does. Only a caller who reads every folder may import (an import can
     * touch any folder); the URL allows that one key for 15 minutes.
     */
    public Map<String, Object> upload(String body, Access.Viewer viewer) {
        if (!viewer.all()) {
            throw new ProblemException(403, "Forbidden", "only a caller who reads every folder may upload customer files");
        }
        String name;
        try {
            name = body == null ? "" : ApiReads.JSON.readTree(body).path("name").asText("");
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("the body must be JSON: {\"name\": \"customers.csv\"}");
        }
        if (!UPLOAD_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("\"" + name + "\" is not a file name to upload: a name without folders, ending .csv");
        }
        String key = "incoming/" + name;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("method", "PUT");
        out.put("url", objects.presignPut(key, ApiReads.LINK_TTL).toString());
        out.put("expiresAt", clock.instant().plus(ApiReads.LINK_TTL).toString());
        return out;
    }
}
