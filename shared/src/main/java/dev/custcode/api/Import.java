package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.UndoService;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportPlan;
import java.util.List;

/**
 * An import as the API answers it (openapi.yaml, schema {@code Import}): what the imports table
 * holds, its chunks' progress when it was cut into chunks, and, once finished ({@link Finished}) or
 * while not finished in the list of those ({@link Unfinished}), what those add.
 */
public record Import(String importId, String status, Source source, String startedAt, String finishedAt, Progress progress,
                     long accepted, long rejected, long conflicts, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String undoneAt,
                     @JsonUnwrapped Finished finished, @JsonUnwrapped Unfinished unfinished) {

    /** The imports table's record alone (as {@code GET /imports} lists it). */
    static Import of(ImportRecord r) {
        return new Import(r.importId(), r.status().name(), new Source(r.bucket(), r.key()), r.startedAt(), r.finishedAt(),
                Progress.rows(r.rowsRead()), r.accepted(), r.rejected(), r.conflicts(), r.message(), r.undoneAt(), null, null);
    }

    Import withCounts(dev.custcode.store.RowCounts counted) {
        return new Import(importId, status, source, startedAt, finishedAt, progress, counted.accepted(), counted.rejected(), conflicts, message, undoneAt, finished, unfinished);
    }

    Import withProgress(Progress p) {
        return new Import(importId, status, source, startedAt, finishedAt, p, accepted, rejected, conflicts, message, undoneAt, finished, unfinished);
    }

    Import with(Finished f) {
        return new Import(importId, status, source, startedAt, finishedAt, progress, accepted, rejected, conflicts, message, undoneAt, f, unfinished);
    }

    Import with(Unfinished u) {
        return new Import(importId, status, source, startedAt, finishedAt, progress, accepted, rejected, conflicts, message, undoneAt, finished, u);
    }

    /** The object the import read. */
    public record Source(String bucket, String key) {
    }

    /** Rows read; for an import cut into chunks also its chunks and bytes done, and the percent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(long rowsRead, Count chunks, Count bytes, Double percent) {
        static Progress rows(long rowsRead) {
            return new Progress(rowsRead, null, null, null);
        }

        static Progress of(long rowsRead, ImportPlan.Progress p, boolean finished) {
            return new Progress(Math.max(rowsRead, p.rowsRead()), new Count(p.chunksDone(), p.chunks()),
                    new Count(finished ? p.bytesDone() : p.bytesSoFar(), p.bytes()),
                    finished ? 100.0 : Math.min(99.9, p.percent())); // 100 only once finished: the last rows may still be applied
        }
    }

    /** How many of how many. */
    public record Count(long done, long total) {
    }

    /**
     * A finished import's counts (from its report; null without one), presigned links to its files,
     * the report of its undo if it was undone, and when the links expire.
     */
    public record Finished(ImportReport.Counts counts, Links links, @JsonInclude(JsonInclude.Include.NON_NULL) UndoService.UndoReport undo,
                           String linksExpireAt) {
    }

    /** The report, and for a viewer of every folder the row files (masked, but with names of every folder). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Links(String report, String rejected, String conflicts, String warnings, String duplicates) {
    }

    /**
     * An import without a final status: its age, when it was last seen alive (its lease or its
     * chunks'; null if never), whether no run holds it now, how often the sweep re-drove it.
     */
    public record Unfinished(long ageSeconds, String lastSeenAlive, boolean stalled, int redrives) {
    }

    /** A page of imports, newest first; {@code next} continues it (null after the last). */
    public record Page(List<Import> items, String next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** A presigned PUT into {@code incoming/} ({@code POST /uploads}). */
    public record Upload(String key, String method, String url, String expiresAt) {
    }
}
