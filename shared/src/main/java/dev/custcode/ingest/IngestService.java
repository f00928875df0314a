package dev.custcode.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.ValueWarning;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.csv.InputFormatException;
import dev.custcode.export.ExportManifest;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.InvalidSchemeException;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports one uploaded customer CSV: claims the import, streams the rows through validation,
 * classification, identity and code allocation in batches, then writes the rejection file,
 * refreshes the changed folders' exports and writes the report.
 *
 * <p>Idempotent: the import id derives from the object's bucket, key and version, a finished
 * import is never run twice, and a crashed run is redone to the same result. Failures of the
 * input (empty, binary, no header …) end the import as FAILED with a report; failures of the
 * infrastructure propagate so that Lambda retries.
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore objects;
    private final ImportStore imports;
    private final IngestStores stores;
    private final SchemeSource schemes;
    private final Clock clock;
    private final IngestSettings settings;

    public IngestService(IngestStores stores, SchemeSource schemes, Clock clock, IngestSettings settings) {
        this.stores = stores;
        this.objects = stores.objects();
        this.imports = stores.imports();
        this.schemes = schemes;
        this.clock = clock;
        this.settings = settings;
    }

    public static String reportKey(String importId) {
        return "imports/" + importId + "/report.json";
    }

    public static String rejectedKey(String importId) {
        return "imports/" + importId + "/rejected.csv";
    }

    public static String conflictsKey(String importId) {
        return "imports/" + importId + "/conflicts.csv";
    }

    public static String warningsKey(String importId) {
        return "imports/" + importId + "/warnings.csv";
    }

    /** Where the scheme an import classifies with is pinned when it starts, for its retries. */
    public static String schemeKey(String importId) {
        return "imports/" + importId + "/scheme.json";
    }

    /** Runs the import, waiting at most one lease for a duplicate delivery that holds it. */
    public ImportReport ingest(IncomingObject object) {
        return ingest(object, clock.instant().plus(settings.lease()));
    }

    /**
     * Runs the import of one uploaded object.
     *
     * <p>When another invocation holds the import (S3 delivered the event twice, at once), this
     * one waits for it: until it finishes (then this returns its outcome) or its lease runs out
     * (it died; this one takes over and redoes its work). Why wait rather than fail: a failed
     * duplicate would be retried by Lambda and, if still unlucky, end in the failure destination
     * as a false alarm; why not return at once: if the holder then dies, nobody would finish.
     *
     * @param deadline when to give up waiting (the invocation's own time limit, with a margin)
     * @return the report (also written to {@code imports/<id>/report.json}); for an import that
     *         finished before, the stored record's summary
     * @throws ImportInProgressException when another invocation still holds the import at the deadline
     */
    public ImportReport ingest(IncomingObject object, Instant deadline) {
        String importId = object.importId();
        String version = object.versionId() != null ? object.versionId() : ImportId.normalizeETag(object.eTag());
        Instant started;
        ImportStore.Claim claim;
        while (true) {
            started = clock.instant();
            ImportRecord start = new ImportRecord(importId, object.bucket(), object.key(), version, ImportStatus.RUNNING,
                    started.toString(), null, 0, 0, 0, null);
            claim = imports.claim(start, started, started.plus(settings.lease()));
            if (!(claim instanceof ImportStore.Claim.Busy busy)) {
                break;
            }
            Instant wake = busy.leaseUntil().isBefore(started.plusSeconds(1)) ? busy.leaseUntil().plusMillis(50) : started.plusSeconds(1);
            if (wake.isAfter(deadline)) {
                throw new ImportInProgressException(importId, busy.leaseUntil().toString());
            }
            LOG.info("import {} is held by another invocation until {}; waiting", importId, busy.leaseUntil());
            pause(Duration.between(started, wake));
        }
        if (claim instanceof ImportStore.Claim.AlreadyFinished done) {
            LOG.info("import {} of s3://{}/{} already finished as {}; nothing to do", importId, object.bucket(), object.key(), done.record().status());
            return summaryOf(done.record(), object);
        }
        ImportStore.Claim.Started run = (ImportStore.Claim.Started) claim;
        LOG.info("import {} of s3://{}/{} ({} bytes) started{}", importId, object.bucket(), object.key(), object.size(),
                run.resumed() ? ", redoing an interrupted run" : "");
        try {
            ImportReport report = run(object, importId, run, started);
            imports.finish(new ImportRecord(importId, object.bucket(), object.key(), version, report.status(), run.startedAt(),
                    report.timings().finishedAt(), report.counts().rows(), report.counts().accepted(), report.counts().rejected(),
                    report.message()), run.runId());
            LOG.info("import {} {}: {}", importId, report.status(), report.message());
            return report;
        } catch (RuntimeException | Error e) {
            imports.release(importId, run.runId());
            throw e;
        }
    }

    /**
     * The scheme this import classifies with: pinned when it first starts, so that a retry after a
     * crash decides exactly as the first run did even if the scheme changed in between.
     */
    private Scheme pinnedScheme(String importId, boolean resumed) {
        if (resumed) {
            Optional<byte[]> pinned = objects.read(schemeKey(importId));
            if (pinned.isPresent()) {
                try {
                    return SchemeLoader.parse(pinned.get());
                } catch (InvalidSchemeException e) {
                    throw new IllegalStateException(schemeKey(importId) + " is not a valid scheme: " + e.getMessage(), e);
                }
            }
        }
        byte[] json = schemes.currentJson();
        if (json == null) {
            return schemes.current();
        }
        try {
            Scheme scheme = SchemeLoader.parse(json);
            objects.put(schemeKey(importId), json, "application/json");
            return scheme;
        } catch (InvalidSchemeException e) {
            throw new IllegalStateException("the scheme in force is not valid: " + e.getMessage(), e);
        }
    }

    private ImportReport run(IncomingObject object, String importId, ImportStore.Claim.Started claim, Instant started) {
        String runId = claim.runId();
        Scheme scheme = pinnedScheme(importId, claim.resumed());
        Classifier classifier = new Classifier(scheme);
        // The as-of date and the upload order are the import's first run's, on every retry.
        Instant firstStarted = Instant.parse(claim.startedAt());
        LocalDate asOf = LocalDate.ofInstant(firstStarted, ZoneOffset.UTC);
        String stampPrefix = Stamps.prefix(object.eventTime() != null ? object.eventTime() : firstStarted, object.key());
        ImportTally tally = new ImportTally();
        RowFiles files = new RowFiles(objects, importId);
        ImportStatus status;
        String message;
        ImportReport.Input input = null;
        try (InputStream in = objects.open(object.key(), object.versionId(), object.eTag());
             CustomerCsvReader reader = CustomerCsvReader.open(in, scheme, settings.limits())) {
            input = new ImportReport.Input(reader.encoding().charset().name(), reader.encoding().evidence(),
                    reader.delimiter() == '\t' ? "tab" : String.valueOf(reader.delimiter()),
                    reader.header().recognized(), reader.header().unrecognized());
            RowValidator validator = new RowValidator(classifier, reader.header(), stampPrefix, asOf);
            Numbering numbering = scheme.gapless()
                    ? new GaplessCreation(stores.gapless(), classifier.codeTemplate())
                    : new BlockNumbering(stores.allocator(), imports, stores.customers(), classifier.codeTemplate(), importId, claim.resumed());
            BatchApplier applier = new BatchApplier(stores.customers(), imports, stores.history(), numbering, classifier, asOf, importId);
            String unreadable = readAll(reader, validator, applier, files, tally, importId, runId);
            if (unreadable != null) {
                files.rejected.row(Long.toString(reader.lastLine() + 1), unreadable, "");
                tally.rejected++;
                status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
                message = "the file could not be read to the end: " + unreadable;
            } else if (tally.rows == 0) {
                status = ImportStatus.FAILED;
                message = "the file has a header but no data rows";
            } else if (tally.rejected == 0 && tally.conflicts == 0) {
                status = ImportStatus.COMPLETED;
                message = summary(tally);
            } else {
                status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
                message = summary(tally) + (tally.accepted() == 0 ? "; no row was applied, see rejected.csv and conflicts.csv" : "");
            }
        } catch (InputFormatException e) {
            status = ImportStatus.FAILED;
            message = e.getMessage();
        } catch (ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            status = ImportStatus.SUPERSEDED;
            message = e.getMessage() + "; a newer upload is imported on its own";
        } catch (IOException e) {
            files.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            files.abort();
            throw e;
        }
        files.close();
        LOG.info("import {} store phases: {}", importId, tally.phases());
        String manifestKey = null;
        if (!tally.changedFolders.isEmpty()) {
            // Registry first, then the manifest: an export that reads the registry after the
            // manifest exists sees this change, and one that started before sees a later lastChange.
            Instant changedAt = clock.instant();
            stores.folders().touch(tally.changedFolders, importId, changedAt);
            ExportManifest manifest = new ExportManifest(importId, changedAt.toString(), List.copyOf(tally.changedFolders));
            objects.put(manifest.key(), manifest.toJson(), "application/json");
            manifestKey = manifest.key();
        }
        Instant finished = clock.instant();
        long millis = Math.max(1, Duration.between(started, finished).toMillis());
        ImportReport report = new ImportReport(importId, status, message,
                new ImportReport.Source(object.bucket(), object.key(), object.versionId(), ImportId.normalizeETag(object.eTag()), object.size()),
                scheme.name(), asOf.toString(), input, tally.counts(), tally.fieldChanges, tally.folders,
                tally.codeRanges(classifier.codeTemplate()::format), rejectedKey(importId), conflictsKey(importId), warningsKey(importId),
                manifestKey == null ? null : ExportManifest.reportKey(importId),
                new ImportReport.Timings(started.toString(), finished.toString(), millis, Math.round(tally.rows * 1000.0 / millis * 10) / 10.0));
        try {
            objects.put(reportKey(importId), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    /** The import's three row files, written as it goes and published together. */
    private static final class RowFiles {
        final RowFileSink rejected;
        final RowFileSink conflicts;
        final RowFileSink warnings;

        RowFiles(ObjectStore objects, String importId) {
            rejected = new RowFileSink(objects, rejectedKey(importId), "line", "reason", "content");
            conflicts = new RowFileSink(objects, conflictsKey(importId), "line", "reason", "codes", "keys", "content");
            warnings = new RowFileSink(objects, warningsKey(importId), "line", "field", "value", "action");
        }

        void close() {
            rejected.close();
            conflicts.close();
            warnings.close();
        }

        void abort() {
            rejected.abort();
            conflicts.abort();
            warnings.abort();
        }
    }

    /** Reads every row; returns why the rest of the file is unreadable, or null when it was read to the end. */
    private String readAll(CustomerCsvReader reader, RowValidator validator, BatchApplier applier, RowFiles files,
                           ImportTally tally, String importId, String runId) throws IOException {
        List<AcceptedRow> batch = new ArrayList<>(settings.batchSize());
        int batchIndex = 0;
        int rowsInBatch = 0;
        String unreadable = null;
        try {
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                tally.rows++;
                rowsInBatch++;
                RowValidator.Outcome outcome = validator.validate(row);
                if (outcome.accepted() != null) {
                    batch.add(outcome.accepted());
                } else {
                    tally.rejected++;
                    files.rejected.row(Long.toString(row.line()), outcome.rejection(), reader.rawLine(row.cells()));
                }
                // Batches are cut by rows read, not rows accepted, so a redo cuts the same batches.
                if (rowsInBatch == settings.batchSize()) {
                    flush(reader, applier, batchIndex++, batch, files, tally, importId, runId);
                    rowsInBatch = 0;
                }
            }
        } catch (InputFormatException e) {
            unreadable = e.getMessage();
        }
        flush(reader, applier, batchIndex, batch, files, tally, importId, runId);
        return unreadable;
    }

    private void flush(CustomerCsvReader reader, BatchApplier applier, int batchIndex, List<AcceptedRow> batch, RowFiles files,
                       ImportTally tally, String importId, String runId) {
        if (!batch.isEmpty()) {
            List<BatchApplier.Unapplied> unapplied = applier.apply(batchIndex, batch, clock.instant().toString(), tally);
            java.util.Set<Long> notApplied = new java.util.HashSet<>();
            unapplied.forEach(u -> notApplied.add(u.row().line()));
            for (AcceptedRow row : batch) {
                if (!notApplied.contains(row.line())) {
                    for (ValueWarning w : row.warnings()) {
                        tally.warnings++;
                        files.warnings.row(Long.toString(row.line()), w.field(), w.value(), w.action());
                    }
                }
            }
            for (BatchApplier.Unapplied u : unapplied) {
                String raw = reader.rawLine(u.row().cells());
                if (u.conflict()) {
                    tally.conflicts++;
                    files.conflicts.row(Long.toString(u.row().line()), u.reason(), String.join(" ", u.codes()), String.join(" ", u.keys()), raw);
                } else {
                    tally.rejected++;
                    files.rejected.row(Long.toString(u.row().line()), u.reason(), raw);
                }
            }
            batch.clear();
        }
        imports.heartbeat(importId, runId, tally.rows, clock.instant().plus(settings.lease()));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another invocation's import", e);
        }
    }

    private static String summary(ImportTally t) {
        return t.rows + " rows: " + t.accepted() + " accepted (" + t.created + " new, " + t.updated + " updated, "
                + t.unchanged + " unchanged), " + t.rejected + " rejected, " + t.conflicts + " in conflict"
                + (t.warnings > 0 ? ", " + t.warnings + " warnings" : "");
    }

    private ImportReport summaryOf(ImportRecord r, IncomingObject object) {
        return new ImportReport(r.importId(), r.status(), r.message(),
                new ImportReport.Source(object.bucket(), object.key(), object.versionId(), ImportId.normalizeETag(object.eTag()), object.size()),
                null, null, null, null, null, null, null, rejectedKey(r.importId()), conflictsKey(r.importId()), warningsKey(r.importId()), null, null);
    }
}
