package dev.custcode.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code imports/<importId>/report.json} says about one import.
 *
 * @param importId     the import's id
 * @param status       COMPLETED, PARTIAL, FAILED or SUPERSEDED
 * @param message      one line: what happened, or why it failed
 * @param source       the object read
 * @param scheme       the scheme's name
 * @param asOf         the date "days since" rules counted to
 * @param input        how the file was read (encoding, delimiter, columns)
 * @param counts       row counts; {@code rows = accepted + rejected + conflicts} and {@code accepted = new + updated + unchanged}
 * @param fieldChanges field → how many customers' stored value of it this import changed
 * @param folders      folder → customers of this import now filed there
 * @param codeRanges   codes issued, per prefix
 * @param rejectedFile the key of the rejection file
 * @param conflictsFile the key of the conflicts file (rows whose keys point at different customers)
 * @param warningsFile the key of the warnings file (values kept or ignored that were not understood); and
 *                     {@link #duplicatesFile} that of the probable duplicates, when there are any
 * @param exportReport where the export of the changed folders reports, once done (absent when nothing changed)
 * @param timings      start, end, duration, rows per second
 * @param recovery     present when the import was interrupted and taken up again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "duplicatesFile", allowGetters = true)
public record ImportReport(
        String importId,
        ImportStatus status,
        String message,
        Source source,
        String scheme,
        String asOf,
        Input input,
        Counts counts,
        Map<String, Long> fieldChanges,
        Map<String, Long> folders,
        List<CodeRange> codeRanges,
        String rejectedFile,
        String conflictsFile,
        String warningsFile,
        String exportReport,
        Timings timings,
        Recovery recovery) {

    /**
     * A report that says only what an import is and where it stands: the counts, files and timings
     * are added by the withers below (a report of a finished run is made whole by the run itself).
     */
    public static ImportReport outline(String importId, ImportStatus status, String message, Source source) {
        return new ImportReport(importId, status, message, source, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The key of the import's {@code duplicates.csv} when it found probable duplicates (written beside the row files), else null. */
    @JsonProperty("duplicatesFile")
    public String duplicatesFile() {
        return counts != null && counts.duplicateCandidates() > 0 ? IngestService.duplicatesKey(importId) : null;
    }

    /** The same report with the row files of its import (rejected, conflicts, warnings). */
    public ImportReport withRowFiles(String rejected, String conflicts, String warnings) {
        return new ImportReport(importId, status, message, source, scheme, asOf, input, counts, fieldChanges, folders, codeRanges,
                rejected, conflicts, warnings, exportReport, timings, recovery);
    }

    /** The same report with the date its classification is as of. */
    public ImportReport withAsOf(String date) {
        return new ImportReport(importId, status, message, source, scheme, date, input, counts, fieldChanges, folders, codeRanges,
                rejectedFile, conflictsFile, warningsFile, exportReport, timings, recovery);
    }

    /** The same report with its timings and how it was taken up again. */
    public ImportReport withTimings(Timings t, Recovery r) {
        return new ImportReport(importId, status, message, source, scheme, asOf, input, counts, fieldChanges, folders, codeRanges,
                rejectedFile, conflictsFile, warningsFile, exportReport, t, r);
    }

    /**
     * How an interrupted import was taken up again.
     *
     * @param resumed  a run (or a chunk's run) died or failed midway and a later one redid its work
     * @param attempts the runs it took, this one included (for an import cut into chunks: the most
     *                 runs any one chunk took)
     * @param redrives how many times the sweep delivered the import again after nothing was left to
     *                 deliver it (its events spent or lost)
     */
    public record Recovery(boolean resumed, int attempts, int redrives) {
        /** Null when there is nothing to say (a first run that was not interrupted). */
        static Recovery of(boolean resumed, int attempts, int redrives) {
            return resumed || attempts > 1 || redrives > 0 ? new Recovery(resumed, Math.max(1, attempts), redrives) : null;
        }
    }

    /** The uploaded object. */
    public record Source(String bucket, String key, String versionId, String eTag, long size) {
    }

    /**
     * How the file was read: {@code columns} field → header, {@code otherColumns} kept under their
     * header, {@code derivedColumns} (an export's dimension, folder and date columns, header → what
     * it is) read and not kept, since classification recomputes them; {@code dateOrder} when the
     * file writes its dates month first (else absent: day first, the default); {@code headerLine} when
     * the header is not on the first line: the lines before it (a report's title, an empty row) are no
     * customers, and rows are numbered by their lines in the file. {@code noColumnFor}: dimension →
     * the fields its rules read, for each dimension none of whose fields is a column of the file: the
     * file's new customers take the dimension's default (its customers already stored keep theirs).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String encoding, String encodingEvidence, String delimiter,
                        Map<String, String> columns, List<String> otherColumns, Map<String, String> derivedColumns, String dateOrder,
                        Long headerLine, Map<String, List<String>> noColumnFor) {
        public Input {
            derivedColumns = derivedColumns == null || derivedColumns.isEmpty() ? null : derivedColumns;
            headerLine = headerLine == null || headerLine <= 1 ? null : headerLine;
            noColumnFor = noColumnFor == null || noColumnFor.isEmpty() ? null : noColumnFor;
        }

        public Input(String encoding, String encodingEvidence, String delimiter, Map<String, String> columns, List<String> otherColumns,
                     Map<String, String> derivedColumns, String dateOrder, Long headerLine) {
            this(encoding, encodingEvidence, delimiter, columns, otherColumns, derivedColumns, dateOrder, headerLine, null);
        }

        /** This reading, noting the dimensions no column of the file gives. */
        public Input withNoColumnFor(Map<String, List<String>> dimensions) {
            return new Input(encoding, encodingEvidence, delimiter, columns, otherColumns, derivedColumns, dateOrder, headerLine, dimensions);
        }
    }

    /**
     * Row counts. Every row read is accepted, rejected or in conflict; every accepted row is new,
     * updated or unchanged; {@code warnings} counts values not understood in accepted rows;
     * {@code duplicateCandidates} counts the pairs of probable duplicates written to duplicates.csv.
     */
    public record Counts(
            long rows,
            long accepted,
            @JsonProperty("new") long created,
            long updated,
            long unchanged,
            long rejected,
            long conflicts,
            long warnings,
            long duplicates,
            long moved,
            long duplicateCandidates) {
    }

    /** Codes issued for one prefix in this import: {@code first}..{@code last}, {@code count} of them used. */
    public record CodeRange(String prefix, String first, String last, long count) {
    }

    /** When it ran. */
    public record Timings(String startedAt, String finishedAt, long millis, double rowsPerSecond) {
    }
}
