package dev.custcode.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Classifier;
import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.GaplessNumbering;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.csv.InputFormatException;
import dev.custcode.export.ExportManifest;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
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
    private final CustomerStore customers;
    private final CodeAllocator allocator;
    private final ImportStore imports;
    private final HistoryStore history;
    private final FolderStore folders;
    private final SchemeSource schemes;
    private final Clock clock;
    private final IngestSettings settings;
    private final GaplessNumbering gapless;

    public IngestService(ObjectStore objects, CustomerStore customers, CodeAllocator allocator, ImportStore imports,
                         HistoryStore history, FolderStore folders, SchemeSource schemes, Clock clock, IngestSettings settings,
                         GaplessNumbering gapless) {
        this.gapless = gapless;
        this.objects = objects;
        this.customers = customers;
        this.allocator = allocator;
        this.imports = imports;
        this.history = history;
        this.folders = folders;
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
            imports.finish(new ImportRecord(importId, object.bucket(), object.key(), version, report.status(), started.toString(),
                    report.timings().finishedAt(), report.counts().rows(), report.counts().accepted(), report.counts().rejected(),
                    report.message()));
            LOG.info("import {} {}: {}", importId, report.status(), report.message());
            return report;
        } catch (RuntimeException | Error e) {
            imports.release(importId, run.runId());
            throw e;
        }
    }

    private ImportReport run(IncomingObject object, String importId, ImportStore.Claim.Started claim, Instant started) {
        String runId = claim.runId();
        Scheme scheme = schemes.current();
        Classifier classifier = new Classifier(scheme);
        LocalDate asOf = LocalDate.ofInstant(started, ZoneOffset.UTC);
        ImportTally tally = new ImportTally();
        RejectionSink rejections = new RejectionSink(objects, rejectedKey(importId));
        ImportStatus status;
        String message;
        ImportReport.Input input = null;
        try (InputStream in = objects.open(object.key(), object.versionId(), object.eTag());
             CustomerCsvReader reader = CustomerCsvReader.open(in, scheme, settings.limits())) {
            input = new ImportReport.Input(reader.encoding().charset().name(), reader.encoding().evidence(),
                    reader.delimiter() == '\t' ? "tab" : String.valueOf(reader.delimiter()),
                    reader.header().recognized(), reader.header().unrecognized());
            RowValidator validator = new RowValidator(classifier, reader.header(), asOf);
            BatchApplier applier = new BatchApplier(customers, allocator, imports, history, classifier.codeTemplate(), importId, claim.resumed(),
                    scheme.gapless() ? gapless : null);
            String unreadable = readAll(reader, validator, applier, rejections, tally, importId, runId);
            if (unreadable != null) {
                rejections.reject(reader.lastLine() + 1, unreadable, "");
                tally.rejected++;
                status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
                message = "the file could not be read to the end: " + unreadable;
            } else if (tally.rows == 0) {
                status = ImportStatus.FAILED;
                message = "the file has a header but no data rows";
            } else if (tally.rejected == 0) {
                status = ImportStatus.COMPLETED;
                message = summary(tally);
            } else {
                status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
                message = summary(tally) + (tally.accepted() == 0 ? "; every row was rejected, see rejected.csv" : "");
            }
        } catch (InputFormatException e) {
            status = ImportStatus.FAILED;
            message = e.getMessage();
        } catch (ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            status = ImportStatus.SUPERSEDED;
            message = e.getMessage() + "; a newer upload is imported on its own";
        } catch (IOException e) {
            rejections.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            rejections.abort();
            throw e;
        }
        rejections.close();
        LOG.info("import {} store phases: {}", importId, tally.phases());
        String manifestKey = null;
        if (!tally.changedFolders.isEmpty()) {
            // Registry first, then the manifest: an export that reads the registry after the
            // manifest exists sees this change, and one that started before sees a later lastChange.
            Instant changedAt = clock.instant();
            folders.touch(tally.changedFolders, importId, changedAt);
            ExportManifest manifest = new ExportManifest(importId, changedAt.toString(), List.copyOf(tally.changedFolders));
            objects.put(manifest.key(), manifest.toJson(), "application/json");
            manifestKey = manifest.key();
        }
        Instant finished = clock.instant();
        long millis = Math.max(1, Duration.between(started, finished).toMillis());
        ImportReport report = new ImportReport(importId, status, message,
                new ImportReport.Source(object.bucket(), object.key(), object.versionId(), ImportId.normalizeETag(object.eTag()), object.size()),
                scheme.name(), asOf.toString(), input, tally.counts(), tally.folders,
                tally.codeRanges(classifier.codeTemplate()::format), rejectedKey(importId),
                manifestKey == null ? null : ExportManifest.reportKey(importId),
                new ImportReport.Timings(started.toString(), finished.toString(), millis, Math.round(tally.rows * 1000.0 / millis * 10) / 10.0));
        try {
            objects.put(reportKey(importId), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    /** Reads every row; returns why the rest of the file is unreadable, or null when it was read to the end. */
    private String readAll(CustomerCsvReader reader, RowValidator validator, BatchApplier applier, RejectionSink rejections,
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
                    rejections.reject(row.line(), outcome.rejection(), reader.rawLine(row.cells()));
                }
                // Batches are cut by rows read, not rows accepted, so a redo cuts the same batches.
                if (rowsInBatch == settings.batchSize()) {
                    flush(applier, batchIndex++, batch, tally, importId, runId);
                    rowsInBatch = 0;
                }
            }
        } catch (InputFormatException e) {
            unreadable = e.getMessage();
        }
        flush(applier, batchIndex, batch, tally, importId, runId);
        return unreadable;
    }

    private void flush(BatchApplier applier, int batchIndex, List<AcceptedRow> batch, ImportTally tally, String importId, String runId) {
        if (!batch.isEmpty()) {
            applier.apply(batchIndex, batch, clock.instant().toString(), tally);
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
                + t.unchanged + " unchanged), " + t.rejected + " rejected";
    }

    private ImportReport summaryOf(ImportRecord r, IncomingObject object) {
        return new ImportReport(r.importId(), r.status(), r.message(),
                new ImportReport.Source(object.bucket(), object.key(), object.versionId(), ImportId.normalizeETag(object.eTag()), object.size()),
                null, null, null, null, null, null, rejectedKey(r.importId()), null, null);
    }
}
