package dev.custcode.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.RunRequest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.UndoService;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Imports (status with chunk progress, recent and unfinished ones), re-evaluation runs, and presigned
 * uploads into {@code incoming/}.
 */
public final class ImportQueries {
    private final ImportStore imports;
    private final ObjectStore objects;
    private final Clock clock;

    ImportQueries(ApiReads reads) {
        this.imports = reads.imports;
        this.objects = reads.objects;
        this.clock = reads.clock;
    }

    public Import importStatus(String importId) {
        return importStatus(importId, Access.Viewer.ALL);
    }

    /**
     * An import's status, counts and links. The row files hold rows of every folder (masked, but
     * with names): only a viewer of every folder gets links to them.
     */
    public Import importStatus(String importId, Access.Viewer viewer) {
        if (!ApiReads.IMPORT_ID.matcher(importId).matches()) {
            throw ProblemException.badRequest("\"" + importId + "\" is not an import id (20 hex digits)");
        }
        ImportRecord r = imports.find(importId).orElseThrow(() -> ProblemException.notFound("no import " + importId));
        Import out = withChunks(r);
        if (!r.status().finished()) {
            return out;
        }
        ImportReport.Counts counts = objects.read(IngestService.reportKey(importId)).map(b -> ApiReads.read(b, CountsOnly.class).counts()).orElse(null);
        Import.Links links = viewer.all()
                ? new Import.Links(link(IngestService.reportKey(importId)), link(IngestService.rejectedKey(importId)),
                        link(IngestService.conflictsKey(importId)), link(IngestService.warningsKey(importId)),
                        link(IngestService.duplicatesKey(importId)))
                : new Import.Links(link(IngestService.reportKey(importId)), null, null, null, null);
        UndoService.UndoReport undo = objects.read(UndoService.reportKey(importId)).map(b -> ApiReads.read(b, UndoService.UndoReport.class)).orElse(null);
        return out.with(new Import.Finished(counts, links, undo, clock.instant().plus(ApiReads.LINK_TTL).toString()));
    }

    /** Of an import's report, what its answer shows: the counts. */
    private record CountsOnly(ImportReport.Counts counts) {
    }

    private String link(String key) {
        return objects.presignGet(key, ApiReads.LINK_TTL).toString();
    }

    /** The import, with how far along its chunks are when it was cut into chunks. */
    private Import withChunks(ImportRecord r) {
        Import view = Import.of(r);
        return imports.progress(r.importId()).map(p -> {
            Import withProgress = view.withProgress(Import.Progress.of(r.rowsRead(), p, r.status().finished()));
            // While its chunks run, the rows they accepted and rejected so far (the record has the totals once it ends).
            return r.status().finished() ? withProgress : withProgress.withCounts(p.counted());
        }).orElse(view);
    }

    /**
     * The imports without a final status, oldest first, each with its age, when it was last seen
     * alive (its last lease, or its chunks') and how many times the sweep re-drove it; {@code stalled}
     * when no run holds it now (the sweep re-drives it once it has been quiet for its grace).
     */
    public Import.Page unfinishedImports() {
        Instant now = clock.instant();
        List<Import> items = imports.unfinished().stream()
                .sorted(Comparator.comparing((ImportStore.Unfinished u) -> u.record().startedAt()))
                .map(u -> withChunks(u.record()).with(new Import.Unfinished(
                        Math.max(0, Duration.between(Instant.parse(u.record().startedAt()), now).toSeconds()),
                        u.quietSince().equals(Instant.EPOCH) ? null : u.quietSince().toString(),
                        !u.quietSince().isAfter(now), u.redrives())))
                .toList();
        return new Import.Page(items, null);
    }

    /**
     * Imports newest first, a page at a time; {@code status} RUNNING: the unfinished ones, oldest
     * first ({@link #unfinishedImports}); another status: the imports that ended so, a page of which
     * may be short (follow {@code next}).
     */
    public Import.Page recentImports(String limitText, String cursor, String status) {
        ImportStatus only = null;
        if (status != null && !status.isEmpty()) {
            only = java.util.Arrays.stream(ImportStatus.values()).filter(s -> s.name().equalsIgnoreCase(status.strip())).findFirst()
                    .orElseThrow(() -> ProblemException.badRequest("status may be " + java.util.Arrays.toString(ImportStatus.values())
                            + " (RUNNING: the imports not finished), got \"" + status + "\""));
            if (only == ImportStatus.RUNNING) {
                return unfinishedImports();
            }
        }
        int limit = ApiReads.limit(limitText);
        ImportStore.Page<ImportRecord> page;
        try {
            page = imports.recent(limit, cursor == null || cursor.isEmpty() ? null : cursor, only);
        } catch (ImportStore.BadCursorException e) {
            throw ProblemException.badRequest("cursor \"" + cursor + "\" is not one this API issued; start without a cursor");
        }
        // An import still running shows how far its chunks are, as it does alone (one query per running import on the page).
        return new Import.Page(page.items().stream().map(r -> r.status().finished() ? Import.of(r) : withChunks(r)).toList(), page.next());
    }

    /**
     * A re-evaluation run: its report once it finished (counts, from→to matrix per dimension,
     * thresholds), else where it stands; the movement list (names of customers of every folder)
     * is linked for viewers of every folder only.
     */
    public Evaluation evaluation(String runId, Access.Viewer viewer) {
        if (runId == null || !RunRequest.RUN_ID.matcher(runId).matches()) {
            throw ProblemException.badRequest("\"" + (runId == null ? "" : runId.substring(0, Math.min(60, runId.length())))
                    + "\" is not a run id (like 20261130T101502Z-request-1a2b3c4d)");
        }
        Evaluation out = evaluationView(runId).orElseThrow(() -> ProblemException.notFound("no re-evaluation run " + runId));
        return viewer.all() && out.done()
                ? out.withLinks(new Evaluation.Links(link(EvaluationReport.movementsKey(runId))), clock.instant().plus(ApiReads.LINK_TTL).toString())
                : out;
    }

    /** A page of re-evaluation runs, newest first, without their matrices; {@code next} continues it (null after the last). */
    public record EvaluationPage(List<Evaluation> items, String next) {
        public EvaluationPage {
            items = List.copyOf(items);
        }
    }

    /**
     * A run as the list sorts it: newest first by when its first attempt started, to the instant
     * (ISO-8601 as written, any fraction of a second), then by run id, greatest first.
     */
    private record Listed(String runId, Instant startedAt, Evaluation view) {
        static final Comparator<Listed> NEWEST_FIRST = Comparator.comparing(Listed::startedAt).thenComparing(Listed::runId).reversed();

        /** A document without a start time that reads (none written so far lacks one) counts from when the run was asked for. */
        static Listed of(String runId, Evaluation view) {
            try {
                return new Listed(runId, Instant.parse(java.util.Objects.requireNonNullElse(view.startedAt(), "")), view);
            } catch (java.time.format.DateTimeParseException e) {
                return new Listed(runId, RunRequest.askedAt(runId), view);
            }
        }
    }

    /**
     * Re-evaluation runs, newest first, a page at a time ({@code cursor}: the last run id of the previous page).
     * A run id holds the second the run was asked for only (a redelivered request must name the same run), so two
     * runs of one second, or a scheduled run (named after its day) and a request, are sorted by their start times:
     * every run's document is read for that (one small object a run; a run's start time never changes).
     */
    public EvaluationPage evaluations(String limitText, String cursor) {
        int limit = ApiReads.limit(limitText);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String key : objects.list("evaluations/")) {
            String[] parts = key.split("/");
            if (parts.length == 3 && (parts[2].equals("run.json") || parts[2].equals("report.json")) && RunRequest.RUN_ID.matcher(parts[1]).matches()) {
                ids.add(parts[1]);
            }
        }
        List<Listed> runs = ids.stream().flatMap(id -> evaluationView(id).map(v -> Listed.of(id, v)).stream())
                .sorted(Listed.NEWEST_FIRST).toList();
        int from = 0;
        if (cursor != null && !cursor.isEmpty()) {
            // A cursor is the last run of the page before: one that names no run was not issued here.
            from = runs.stream().map(Listed::runId).toList().indexOf(cursor) + 1;
            if (from == 0) {
                throw ProblemException.badRequest("cursor \"" + cursor + "\" is not one this API issued; start without a cursor");
            }
        }
        List<Evaluation> items = new ArrayList<>();
        for (Listed run : runs.subList(from, Math.min(runs.size(), from + limit))) {
            items.add(run.view().withoutMatrix());
        }
        return new EvaluationPage(items, from + limit < runs.size() ? runs.get(from + limit - 1).runId() : null);
    }

    /**
     * A run's report once it finished, else its run record with how far it is ({@code progress}, as
     * the run last wrote it): the stored documents as they were written.
     */
    private Optional<Evaluation> evaluationView(String runId) {
        String prefix = EvaluationReport.prefix(runId);
        Optional<byte[]> report = objects.read(prefix + "report.json");
        Optional<byte[]> bytes = report.or(() -> objects.read(prefix + "run.json"));
        return bytes.map(b -> {
            Evaluation run = ApiReads.read(b, Evaluation.class);
            return report.isEmpty()
                    ? objects.read(prefix + "progress.json").map(p -> run.withProgress(ApiReads.read(p, Evaluation.Progress.class))).orElse(run)
                    : run;
        });
    }

    /** A file name a page may upload: no folders, a .csv ending in either case (the import trigger's suffixes). */
    private static final Pattern UPLOAD_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}\\.(?i:csv)");

    /**
     * A presigned PUT of one file into {@code incoming/} ({@code {"name":"customers.csv"}}): the
     * browser sends the file straight to the bucket, whatever its size, and the upload starts an
     * import as any other does. Only a caller who reads every folder may import (an import can
     * touch any folder); the URL allows that one key for 15 minutes.
     */
    public Import.Upload upload(String body, Access.Viewer viewer) {
        if (!viewer.all()) {
            throw new ProblemException(403, "Forbidden", "only a caller who reads every folder may upload customer files");
        }
        String name;
        try {
            JsonNode asked = body == null ? null : ApiReads.JSON.readTree(body);
            if (asked == null || !asked.has("name")) {
                throw ProblemException.badRequest("give the file's name as \"name\": {\"name\": \"customers.csv\"}");
            }
            name = asked.path("name").asText("");
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("the body must be JSON: {\"name\": \"customers.csv\"}");
        }
        if (!UPLOAD_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("\"" + name + "\" is not a file name to upload: a name without folders, ending .csv");
        }
        String key = "incoming/" + name;
        return new Import.Upload(key, "PUT", objects.presignPut(key, ApiReads.LINK_TTL).toString(),
                clock.instant().plus(ApiReads.LINK_TTL).toString());
    }
}
