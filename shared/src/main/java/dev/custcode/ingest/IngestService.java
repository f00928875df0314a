package dev.custcode.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.classify.Classifier;
import dev.custcode.csv.ChunkPlanner;
import dev.custcode.csv.DetectedEncoding;
import dev.custcode.csv.HeaderMapping;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.csv.InputFormatException;
import dev.custcode.export.ExportManifest;
import dev.custcode.normalize.NumberStyle;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.InvalidSchemeException;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.ImportPlan;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    private final ImportMetrics metrics;

    public IngestService(IngestStores stores, SchemeSource schemes, Clock clock, IngestSettings settings) {
        this(stores, schemes, clock, settings, ImportMetrics.NONE);
    }

    private IngestService(IngestStores stores, SchemeSource schemes, Clock clock, IngestSettings settings, ImportMetrics metrics) {
        this.stores = stores;
        this.objects = stores.objects();
        this.imports = stores.imports();
        this.schemes = schemes;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** This service, telling {@code metrics} of every report it writes. */
    public IngestService withMetrics(ImportMetrics metrics) {
        return new IngestService(stores, schemes, clock, settings, metrics);
    }

    public static String reportKey(String importId) {
        return "imports/" + importId + "/report.json";
    }

    /** Where the full copy of an import's row file holding personal data is (the file itself masks it). */
    public static String privateCopy(String key) {
        return RowFileSink.PRIVATE + key;
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

    public static String duplicatesKey(String importId) {
        return "imports/" + importId + "/duplicates.csv";
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
        return ingest(object, deadline, Instant.MAX);
    }

    /**
     * As {@link #ingest(IncomingObject, Instant)}, in an invocation that ends (its timeout) at
     * {@code invocationEnd}: the import's lease never outlasts it, so Lambda's retry of an
     * invocation killed at its timeout takes the import over at once rather than waiting out the lease.
     */
    public ImportReport ingest(IncomingObject object, Instant deadline, Instant invocationEnd) {
        // Every line logged while this import runs carries its id (a field of the JSON log line).
        try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("importId", object.importId())) {
            return ingestWithId(object, deadline, invocationEnd);
        }
    }

    private ImportReport ingestWithId(IncomingObject object, Instant deadline, Instant invocationEnd) {
        String importId = object.importId();
        String version = object.versionId() != null ? object.versionId() : ImportId.normalizeETag(object.eTag());
        Instant started;
        ImportStore.Claim claim;
        while (true) {
            started = clock.instant();
            ImportRecord start = new ImportRecord(importId, object.bucket(), object.key(), version, ImportStatus.RUNNING,
                    started.toString(), null, 0, 0, 0, null);
            claim = imports.claim(start, object, started, min(started.plus(settings.lease()), invocationEnd));
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
            undoAskedWhileRunning(importId); // a run that finished it may have stopped before it asked
            return summaryOf(done.record(), object);
        }
        ImportStore.Claim.Started run = (ImportStore.Claim.Started) claim;
        LOG.info("import {} of s3://{}/{} ({} bytes) started{}", importId, object.bucket(), object.key(), object.size(),
                run.resumed() ? ", redoing an interrupted run" : "");
        try {
            Optional<ImportPlan> plan = imports.plan(importId);
            if (plan.isPresent()) {
                // A fanned-out import: the finisher of its last chunk, or a redelivery of its event.
                ImportReport report = resumeFanOut(object, importId, run, plan.get(), started);
                if (report.status() == ImportStatus.RUNNING) {
                    return report;
                }
                return finished(object, version, run, report);
            }
            IngestSettings sized = within(invocationEnd);
            if (stores.chunks() != null && settings.chunkRecords() > 0 && object.size() > sized.fanOutBytes()) {
                ImportReport planned = fanOut(object, importId, run, sized.chunkRecords());
                if (planned != null) {
                    return planned;
                }
            }
            return finished(object, version, run, run(object, importId, run, started, invocationEnd));
        } catch (RuntimeException | Error e) {
            imports.release(importId, run.runId(), clock.instant());
            throw e;
        }
    }

    /**
     * Ends an import that cannot be finished (a sweep gave up re-driving it): FAILED, with its
     * reason, in its record and its report. Rows applied before it stopped stay applied, as their
     * history says; {@code undo/<importId>.json} reverts them. Does nothing to an import that is
     * held by a live run or finished by now.
     *
     * @return the report written, or empty when the import was not this sweep's to end
     */
    public Optional<ImportReport> abandon(ImportStore.Unfinished unfinished, String reason) {
        ImportRecord r = unfinished.record();
        Instant now = clock.instant();
        ImportStore.Claim claim = imports.claim(new ImportRecord(r.importId(), r.bucket(), r.key(), r.version(), ImportStatus.RUNNING,
                now.toString(), null, 0, 0, 0, null), unfinished.source(), now, now.plus(settings.lease()));
        if (!(claim instanceof ImportStore.Claim.Started run)) {
            return Optional.empty();
        }
        IncomingObject o = unfinished.source();
        String message = "not finished after " + unfinished.redrives() + " re-drives (" + reason + "); rows applied before it stopped stay"
                + " applied: undo/" + r.importId() + ".json reverts them";
        Instant first = Instant.parse(run.startedAt());
        ImportReport report = ImportReport.outline(r.importId(), ImportStatus.FAILED, message, source(o)).withTimings(
                new ImportReport.Timings(run.startedAt(), now.toString(), Math.max(1, Duration.between(first, now).toMillis()), 0),
                // The claim that ends it is not a run.
                new ImportReport.Recovery(true, Math.max(1, run.attempt() - 1), unfinished.redrives()));
        try {
            objects.put(reportKey(r.importId()), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.reported(report);
        finish(new ImportRecord(r.importId(), r.bucket(), r.key(), r.version(), ImportStatus.FAILED, run.startedAt(), now.toString(),
                r.rowsRead(), r.accepted(), r.rejected(), message), run);
        LOG.error("import {} of s3://{}/{} FAILED: {}", r.importId(), r.bucket(), r.key(), message);
        return Optional.of(report);
    }

    /** Records the run's report as the import's end (see {@link #finish}) and answers it. */
    private ImportReport finished(IncomingObject object, String version, ImportStore.Claim.Started run, ImportReport report) {
        finish(new ImportRecord(report.importId(), object.bucket(), object.key(), version, report.status(), run.startedAt(),
                report.timings().finishedAt(), report.counts().rows(), report.counts().accepted(), report.counts().rejected(),
                report.message()).withConflicts(report.counts().conflicts()), run);
        LOG.info("import {} {}: {}", report.importId(), report.status(), report.message());
        return report;
    }

    /** Ends the import as its record says, then asks again for an undo asked while it ran. */
    private void finish(ImportRecord end, ImportStore.Claim.Started run) {
        imports.finish(end, run.runId());
        undoAskedWhileRunning(end.importId());
    }

    /**
     * An undo asked for while the import ran undid nothing and answered {@code NOT_FINISHED}: now that
     * the import has finished, it is asked again (its request put again, which UndoFunction takes as
     * any other). The undo reads the import's record again after writing that answer, so whichever of
     * the two comes second sees the other; an undo asked twice undoes once.
     */
    private void undoAskedWhileRunning(String importId) {
        Optional<byte[]> answer = objects.read(UndoService.reportKey(importId));
        try {
            if (answer.isEmpty() || !"NOT_FINISHED".equals(JSON.readTree(answer.get()).path("status").asText())) {
                return;
            }
        } catch (IOException e) {
            return; // not an answer this asks again for
        }
        objects.put(UndoService.requestKey(importId), "{\"askedAgain\": \"the import finished\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
        LOG.info("import {} finished; the undo asked while it ran is asked again", importId);
    }

    /**
     * The population thresholds this import's population rules ({@code topPercent}) use: the latest
     * re-evaluation run's, pinned when the import first starts like its scheme (a retry decides as
     * the first run did). None for a scheme without population rules.
     */
    private dev.custcode.classify.Population pinnedPopulation(String importId, Scheme scheme, boolean resumed) {
        if (dev.custcode.classify.Population.rules(scheme).isEmpty() && scheme.quintiles().isEmpty()) {
            return dev.custcode.classify.Population.none();
        }
        String key = "imports/" + importId + "/population.json";
        Optional<byte[]> pinned = resumed ? objects.read(key) : Optional.empty();
        byte[] json = pinned.orElseGet(() -> {
            byte[] latest = objects.read(dev.custcode.export.FolderExporter.LATEST_RUN_KEY).orElse(null);
            byte[] thresholds;
            try {
                com.fasterxml.jackson.databind.JsonNode t = latest == null ? null : JSON.readTree(latest).get("thresholds");
                thresholds = JSON.writeValueAsBytes(t == null || !t.isObject() ? JSON.createObjectNode() : t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            objects.put(key, thresholds, "application/json");
            return thresholds;
        });
        try {
            return dev.custcode.classify.Population.of(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(key + " is unreadable: " + e.getMessage(), e);
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

    /** The report's word on the file's dates: null when day first (the default) or unambiguous. */
    private static String dateOrder(boolean monthFirst, Optional<String> mixed) {
        return mixed.isPresent() ? mixed.get() : monthFirst ? "month first (a date such as 11/28/2016 in the first rows): day/month dates stored as ISO yyyy-mm-dd" : null;
    }

    /**
     * Before any row is stored: the other columns of the file, so that exports show them (one write
     * per file or chunk). Columns without a header wait for a row with a value there ({@link BatchReader}):
     * the empty columns a spreadsheet leaves after its last are no column of any export.
     */
    private ImportReport run(IncomingObject object, String importId, ImportStore.Claim.Started claim, Instant started, Instant invocationEnd) {
        String runId = claim.runId();
        Scheme scheme = pinnedScheme(importId, claim.resumed());
        Classifier classifier = new Classifier(scheme, pinnedPopulation(importId, scheme, claim.resumed()));
        // The as-of date and the upload order are the import's first run's, on every retry.
        Instant firstStarted = Instant.parse(claim.startedAt());
        LocalDate asOf = LocalDate.ofInstant(firstStarted, ZoneOffset.UTC);
        String stampPrefix = Stamps.prefix(object.eventTime() != null ? object.eventTime() : firstStarted, object.key());
        ImportTally tally = new ImportTally();
        RowFiles files = new RowFiles(objects, importId);
        ImportStatus status;
        String message;
        ImportReport.Input input = null;
        CustomerCsvReader.Source again = () -> objects.open(object.key(), object.versionId(), object.eTag());
        try (CustomerCsvReader reader = CustomerCsvReader.open(again, scheme, settings.limits())) {
            input = new ImportReport.Input(reader.encoding().charset().name(), reader.encoding().evidence(),
                    reader.delimiter() == '\t' ? "tab" : String.valueOf(reader.delimiter()),
                    reader.header().recognized(), reader.header().unrecognized(), reader.header().derived(), dateOrder(reader.header().monthFirst(), reader.mixedDateOrders()),
                    reader.headerLine());
            RowValidator validator = new RowValidator(classifier, reader.header(), stampPrefix, asOf);
            LaterLines later = scanAhead(reader, validator, 0);
            java.util.function.LongConsumer heartbeat =
                    rows -> imports.heartbeat(importId, runId, rows, tally.counted(), min(clock.instant().plus(settings.lease()), invocationEnd));
            BatchApplier applier = applier(importId, scheme, classifier, asOf, claim.resumed(),
                    earlierImports(importId, stampPrefix, invocationEnd, () -> heartbeat.accept(tally.rows)), firstStarted);
            String unreadable = new BatchReader(stores.customers(), clock, scheme, applier, files, tally)
                    .readAll(reader, validator, 0, settings.batchSize(), settings.batchSize(), heartbeat, BatchReader.Pause.NEVER, later).unreadable();
            applier.finish();
            if (unreadable != null) {
                files.rejected.row(Long.toString(reader.lastLine() + 1), unreadable, "");
                tally.rows++; // the record that could not be read is a row, rejected: the counts add up
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
                message = summary(tally) + (tally.accepted() == 0 ? "; no row was applied, see rejected.csv"
                        + (tally.conflicts > 0 ? " and conflicts.csv" : "") + noNameColumn(scheme, input) : "");
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
        return report(object, importId, started, scheme, classifier, asOf, input, tally, status, message,
                ImportReport.Recovery.of(claim.resumed(), claim.attempt(), claim.redrives()));
    }

    /** The batch applier of one run, numbering new customers as the scheme says (blocks or gapless). */
    private BatchApplier applier(String importId, Scheme scheme, Classifier classifier, LocalDate asOf, boolean resumed, EarlierImports earlier,
                                 Instant importStarted) {
        Numbering numbering = scheme.gapless()
                ? new GaplessCreation(stores.gapless(), classifier.codeTemplate())
                : new BlockNumbering(stores.allocator(), imports, stores.customers(), classifier.codeTemplate(), importId, resumed);
        return new BatchApplier(stores, numbering, classifier, new BatchApplier.Run(importId, asOf, settings.duplicateSearch(), earlier, importStarted));
    }

    /** The longest an import waits for the imports of files uploaded before it ({@link EarlierImports}). */
    static final Duration MAX_WAIT_FOR_EARLIER = Duration.ofMinutes(10);

    /** The imports of earlier uploads this run waits for: at most half the invocation's time left, and ten minutes. */
    private EarlierImports earlierImports(String importId, String uploadOrder, Instant invocationEnd, Runnable keepAlive) {
        Instant now = clock.instant();
        Duration half = invocationEnd.equals(Instant.MAX) ? MAX_WAIT_FOR_EARLIER : Duration.between(now, invocationEnd).dividedBy(2);
        return new EarlierImports(imports, clock, importId, uploadOrder, now.plus(min(half, MAX_WAIT_FOR_EARLIER)), keepAlive);
    }

    /** Announces the changed folders to the export, writes the report and returns it. */
    private ImportReport report(IncomingObject object, String importId, Instant started, Scheme scheme, Classifier classifier,
                                LocalDate asOf, ImportReport.Input input, ImportTally tally, ImportStatus status, String message,
                                ImportReport.Recovery recovery) {
        LOG.info("import {} store phases: {}", importId, tally.phases());
        if (input != null) {
            java.util.Set<String> columns = new java.util.HashSet<>(input.columns().keySet());
            if (columns.contains("firstName") || columns.contains("lastName") || columns.contains("company")) {
                columns.add("name"); // made of them (CustomerFields.derive)
            }
            Map<String, List<String>> unfed = noColumnFor(scheme, columns);
            input = input.withNoColumnFor(unfed);
            if (tally.created > 0 && (status == ImportStatus.COMPLETED || status == ImportStatus.PARTIAL)) {
                message += filedByDefault(scheme, classifier, asOf, unfed, tally.created, input.otherColumns());
            }
        }
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
                source(object),
                scheme.name(), asOf.toString(), input, tally.counts(), byHeader(tally.fieldChanges, input), tally.folders,
                tally.codeRanges(classifier.codeTemplate()::format), rejectedKey(importId), conflictsKey(importId), warningsKey(importId),
                manifestKey == null ? null : ExportManifest.reportKey(importId),
                new ImportReport.Timings(started.toString(), finished.toString(), millis, Math.round(tally.rows * 1000.0 / millis * 10) / 10.0),
                recovery);
        try {
            objects.put(reportKey(importId), JSON.writeValueAsBytes(report), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.reported(report);
        if (!tally.changedFolders.isEmpty()) {
            reevaluateIfTheSchemeChanged(importId);
        }
        return report;
    }

    /**
     * An import classifies with the scheme in force when it started. If another became active since,
     * the run that followed the activation may have passed this import's customers before they were
     * written: a run is asked for, which files them by the scheme now in force.
     */
    private void reevaluateIfTheSchemeChanged(String importId) {
        byte[] inForce = schemes.currentJson();
        Optional<byte[]> pinned = objects.read(schemeKey(importId));
        if (inForce == null || pinned.isEmpty() || java.util.Arrays.equals(inForce, pinned.get())) {
            return;
        }
        LOG.info("import {} classified with the scheme in force when it started; another is in force now: a re-evaluation run is asked for"
                + " ({}), which files its customers by it", importId, dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY);
        objects.put(dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    // ---- fan-out: a large file cut into chunks, each imported by its own invocation ----

    private static String partKey(String importId, String partFolder, String file) {
        return "imports/" + importId + "/parts/" + partFolder + "/" + file;
    }

    /**
     * Cuts the file into chunks of whole records and queues them; returns a RUNNING report, or
     * null when the file is one chunk anyway (it is then imported here, at once).
     */
    private ImportReport fanOut(IncomingObject object, String importId, ImportStore.Claim.Started run, long chunkRecords) {
        Scheme scheme = pinnedScheme(importId, run.resumed());
        Instant firstStarted = Instant.parse(run.startedAt());
        String stampPrefix = Stamps.prefix(object.eventTime() != null ? object.eventTime() : firstStarted, object.key());
        ImportPlan plan;
        try (CustomerCsvReader reader = CustomerCsvReader.open(() -> objects.open(object.key(), object.versionId(), object.eTag()), scheme, settings.limits())) {
            List<ChunkPlanner.Chunk> chunks;
            try (InputStream all = objects.open(object.key(), object.versionId(), object.eTag())) {
                chunks = ChunkPlanner.plan(all, reader.encoding(), reader.delimiter(), chunkRecords, reader.headerEndLine());
            }
            if (chunks.size() <= 1) {
                return null;
            }
            plan = new ImportPlan(object.key(), object.versionId(), object.eTag(), reader.encoding().charset().name(),
                    reader.encoding().bomLength(), reader.encoding().evidence(), reader.delimiter(), reader.header().header(),
                    stampPrefix, LocalDate.ofInstant(firstStarted, ZoneOffset.UTC).toString(), object.size(), chunks, reader.header().monthFirst(),
                    reader.headerLine(), reader.mixedDateOrders().orElse(null));
        } catch (InputFormatException | ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            return null; // the inline run reports it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plan = imports.savePlan(importId, plan);
        List<Integer> all = new ArrayList<>();
        plan.chunks().forEach(c -> all.add(c.index()));
        stores.chunks().send(importId, all);
        // The chunks run in their own invocations; the last one to finish takes the import over to finish it.
        imports.release(importId, run.runId(), clock.instant());
        LOG.info("import {} of s3://{}/{} cut into {} chunks of up to {} rows; queued", importId, object.bucket(), object.key(),
                plan.chunks().size(), chunkRecords);
        return running(importId, object, plan, 0, 0);
    }

    /**
     * Rows and bytes one invocation imports per second at the least, here: about 60 new customers a
     * second (a chunk of 1,000 took up to 18 s on DynamoDB Local with two chunks at a time and the
     * duplicate search on), 8 KiB of a file of such rows.
     */
    static final long SURE_ROWS_PER_SECOND = 60;
    static final long SURE_BYTES_PER_SECOND = 8 << 10;

    /**
     * The settings for an invocation that ends at {@code invocationEnd}: a file it could not read
     * whole in that time is cut into chunks that fit it, even below the size and rows the settings
     * give (a function whose timeout was shortened: {@code --timeout IngestFunction=20} locally).
     * With Lambda's 900 s the settings stand (54,000 rows and 7 MB are above them).
     */
    IngestSettings within(Instant invocationEnd) {
        if (invocationEnd.equals(Instant.MAX)) {
            return settings;
        }
        long seconds = Math.max(1, Duration.between(clock.instant(), invocationEnd).toSeconds());
        return settings.withChunks(Math.min(settings.chunkRecords(), Math.max(100, seconds * SURE_ROWS_PER_SECOND)),
                Math.min(settings.fanOutBytes(), seconds * SURE_BYTES_PER_SECOND));
    }

    private ImportReport running(String importId, IncomingObject object, ImportPlan plan, long chunksDone, long bytesDone) {
        return ImportReport.outline(importId, ImportStatus.RUNNING,
                "cut into " + plan.chunks().size() + " chunks; " + chunksDone + " done (" + bytesDone + " of " + plan.size() + " bytes)", source(object))
                .withAsOf(plan.asOf()).withRowFiles(rejectedKey(importId), conflictsKey(importId), warningsKey(importId));
    }

    /** A fanned-out import claimed again: finish it when every chunk is done, else queue the chunks not done again. */
    private ImportReport resumeFanOut(IncomingObject object, String importId, ImportStore.Claim.Started run, ImportPlan plan, Instant started) {
        List<ChunkResult> results = imports.chunkResults(importId).stream().map(ChunkResult::parse).toList();
        if (results.size() < plan.chunks().size()) {
            java.util.Set<Integer> done = new java.util.HashSet<>();
            results.forEach(r -> done.add(r.chunk()));
            List<Integer> missing = new ArrayList<>();
            plan.chunks().forEach(c -> {
                if (!done.contains(c.index())) {
                    missing.add(c.index());
                }
            });
            stores.chunks().send(importId, missing);
            imports.release(importId, run.runId(), clock.instant());
            LOG.info("import {}: {} of {} chunks done; queued the other {} again", importId, done.size(), plan.chunks().size(), missing.size());
            return running(importId, object, plan, done.size(), 0);
        }
        Scheme scheme = pinnedScheme(importId, true);
        Classifier classifier = new Classifier(scheme, pinnedPopulation(importId, scheme, true));
        ImportTally tally = new ImportTally();
        String unreadable = null;
        for (ChunkResult r : results) {
            tally.add(r.tally());
            if (r.unreadable() != null && unreadable == null) {
                unreadable = r.unreadable();
            }
        }
        for (String copy : List.of("", RowFileSink.PRIVATE)) {
            concatenate(importId, plan, results, copy, "rejected.csv", rejectedKey(importId));
            concatenate(importId, plan, results, copy, "conflicts.csv", conflictsKey(importId));
            concatenate(importId, plan, results, copy, "warnings.csv", warningsKey(importId));
            concatenate(importId, plan, results, copy, "duplicates.csv", duplicatesKey(importId));
        }
        ImportStatus status;
        String message;
        if (unreadable != null) {
            status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
            message = "the file could not be read to the end: " + unreadable;
        } else if (tally.rejected == 0 && tally.conflicts == 0) {
            status = ImportStatus.COMPLETED;
            message = summary(tally);
        } else {
            status = tally.accepted() > 0 ? ImportStatus.PARTIAL : ImportStatus.FAILED;
            message = summary(tally);
        }
        HeaderMapping header = HeaderMapping.of(plan.header(), scheme);
        ImportReport.Input input = new ImportReport.Input(plan.encoding(), plan.evidence(),
                plan.delimiter() == '\t' ? "tab" : String.valueOf(plan.delimiter()),
                header.recognized(), header.unrecognized(), header.derived(), dateOrder(plan.monthFirst(), Optional.ofNullable(plan.datesDisagree())), plan.headerLine());
        boolean resumed = results.stream().anyMatch(ChunkResult::resumed);
        int attempts = results.stream().mapToInt(r -> Math.max(1, r.attempt())).max().orElse(1);
        return report(object, importId, Instant.parse(run.startedAt()), scheme, classifier, LocalDate.parse(plan.asOf()), input, tally, status,
                message + " (" + plan.chunks().size() + " chunks)", ImportReport.Recovery.of(resumed, attempts, run.redrives()));
    }

    /**
     * Joins the chunks' part files into the import's file: the first part whole (its BOM and
     * header), of the others only those that hold rows, without their BOM and header.
     */
    private void concatenate(String importId, ImportPlan plan, List<ChunkResult> results, String copy, String file, String target) {
        String first = ChunkResult.Parts.folder(plan.chunks().get(0).index(), 0) + "/" + file;
        List<String> parts = new ArrayList<>();
        parts.add(first);
        for (ChunkResult r : results) {
            if (r.parts() == null) {
                // Stored before chunks were read in parts: one part, whose files were all read.
                parts.add(ChunkResult.Parts.folder(r.chunk(), 0) + "/" + file);
            } else {
                r.parts().filesWithRows().stream().filter(f -> f.endsWith("/" + file)).forEach(parts::add);
            }
        }
        try (ObjectStore.ObjectWriter out = objects.create(copy + target, "text/csv; charset=utf-8")) {
            java.util.Set<String> written = new java.util.HashSet<>();
            for (String name : parts) {
                if (!written.add(name)) {
                    continue;
                }
                byte[] part = objects.read(copy + partKey(importId, name.substring(0, name.indexOf('/')), file)).orElse(new byte[0]);
                int from = 0;
                if (!name.equals(first)) {
                    int nl = indexOf(part, (byte) '\n');
                    from = nl < 0 ? part.length : nl + 1;
                }
                out.write(part, from, part.length - from);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Imports one chunk of a fanned-out import (the chunk function's work); when it is the last
     * one done, finishes the import.
     *
     * @throws ChunkBusyException when another invocation holds the chunk (the message comes back later)
     */
    public void importChunk(String importId, int chunkIndex, Instant deadline) {
        importChunk(importId, chunkIndex, deadline, Instant.MAX);
    }

    /**
     * As {@link #importChunk(String, int, Instant)}, in an invocation that cannot run past
     * {@code invocationEnd} (its timeout): the chunk's lease never outlasts it, so a redelivery
     * after a crash or a kill (at least a timeout later, by the queue's visibility timeout) finds
     * the chunk free instead of busy until a fixed lease runs out.
     */
    public void importChunk(String importId, int chunkIndex, Instant deadline, Instant invocationEnd) {
        try (org.slf4j.MDC.MDCCloseable id = org.slf4j.MDC.putCloseable("importId", importId);
             org.slf4j.MDC.MDCCloseable chunk = org.slf4j.MDC.putCloseable("chunk", Integer.toString(chunkIndex))) {
            importChunkWithId(importId, chunkIndex, deadline, invocationEnd);
        }
    }

    private void importChunkWithId(String importId, int chunkIndex, Instant deadline, Instant invocationEnd) {
        ImportPlan plan = imports.plan(importId).orElseThrow(() -> new IllegalStateException("import " + importId + " has no plan"));
        ChunkPlanner.Chunk chunk = plan.chunks().get(chunkIndex);
        Instant now = clock.instant();
        // Finishing is handed to a fresh invocation when less is left than it needs, or than half of this one's time (so that a fresh one does it).
        Duration finishing = min(FINISHING_TIME, Duration.between(now, invocationEnd).dividedBy(2));
        ImportPlan.ChunkClaim claim = imports.claimChunk(importId, chunkIndex, now, min(now.plus(settings.lease()), invocationEnd));
        if (claim instanceof ImportPlan.ChunkClaim.Busy busy) {
            throw new ChunkBusyException(importId, chunkIndex, busy.leaseUntil());
        }
        long done;
        if (claim instanceof ImportPlan.ChunkClaim.Started started) {
            LOG.info("import {} chunk {} ({} rows from line {}, {} bytes) started{}{}", importId, chunkIndex, chunk.records(), chunk.firstLine(),
                    chunk.bytes(), started.rowsDone() > 0 ? ", going on after its first " + started.rowsDone() + " rows" : "",
                    started.resumed() ? ", redoing an interrupted run" : "");
            PartRead part = runChunk(importId, plan, chunk, started, invocationEnd);
            ChunkResult result = part.result();
            if (part.paused()) {
                // Paused near the invocation's end: the rest of the chunk is the next invocation's.
                imports.pauseChunk(importId, chunkIndex, started.runId(), result.rows(), result.toJson(), clock.instant());
                stores.chunks().send(importId, List.of(chunkIndex));
                LOG.info("import {} chunk {} paused after {} of {} rows, in part {}; the rest is queued", importId, chunkIndex, result.rows(),
                        chunk.records(), result.parts().count());
                return;
            }
            done = imports.finishChunk(importId, chunkIndex, started.runId(), result.toJson(), chunk.bytes(), result.counted());
            LOG.info("import {} chunk {} done: {} rows; {} of {} chunks done", importId, chunkIndex, result.rows(), done, plan.chunks().size());
        } else {
            done = imports.progress(importId).map(ImportPlan.Progress::chunksDone).orElse(0L);
        }
        if (done >= plan.chunks().size() && imports.claimFinishing(importId, chunkIndex)) {
            if (Duration.between(clock.instant(), invocationEnd).compareTo(finishing) < 0) {
                // Too little time left to join the row files and write the report: a fresh invocation does it.
                stores.chunks().send(importId, List.of(chunkIndex));
                LOG.info("import {}: every chunk done; finishing it is queued, with chunk {}", importId, chunkIndex);
                return;
            }
            ImportRecord record = imports.find(importId).orElseThrow();
            ImportReport report = ingest(new IncomingObject(record.bucket(), plan.key(), plan.versionId(), plan.eTag(), plan.size(), null), deadline);
            if (report.status() == ImportStatus.RUNNING) {
                throw new ChunkBusyException(importId, chunkIndex, null);
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /**
     * Reads a chunk, or its rest after a pause, until its end or until the invocation's end is
     * near (then it pauses after a whole batch, and says so).
     */
    private PartRead runChunk(String importId, ImportPlan plan, ChunkPlanner.Chunk chunk, ImportPlan.ChunkClaim.Started claim, Instant invocationEnd) {
        Scheme scheme = pinnedScheme(importId, true);
        Classifier classifier = new Classifier(scheme, pinnedPopulation(importId, scheme, true));
        LocalDate asOf = LocalDate.parse(plan.asOf());
        ChunkResult soFar = claim.soFar() == null ? null : ChunkResult.parse(claim.soFar());
        ImportTally tally = soFar == null ? new ImportTally() : soFar.tally();
        int part = soFar == null ? 0 : soFar.parts().count();
        // Batch numbers are the chunk's own (a million per chunk), so a redo of a chunk reuses its blocks.
        int firstBatch = soFar == null ? (chunk.index() + 1) * 1_000_000 : soFar.parts().nextBatch();
        String folder = ChunkResult.Parts.folder(chunk.index(), part);
        RowFiles files = new RowFiles(objects, file -> partKey(importId, folder, file));
        BatchReader.End end;
        DetectedEncoding encoding = new DetectedEncoding(java.nio.charset.Charset.forName(plan.encoding()), plan.bomLength(), plan.evidence());
        // The plan keeps the delimiter, and with it the file's number style: every chunk reads 250.000 alike.
        HeaderMapping header = HeaderMapping.of(plan.header(), scheme).withMonthFirst(plan.monthFirst())
                .withNumberStyle(NumberStyle.ofDelimiter(plan.delimiter()));
        CustomerCsvReader.Source again = () -> objects.openRange(plan.key(), plan.versionId(), plan.eTag(), chunk.start(), chunk.end());
        try (InputStream in = again.open();
             CustomerCsvReader reader = CustomerCsvReader.openChunk(in, encoding, plan.delimiter(), header, chunk.firstLine(), settings.limits())
                     .readingPastUnclosedQuotes(again)) {
            skip(reader, claim.rowsDone());
            RowValidator validator = new RowValidator(classifier, header, plan.stampPrefix(), asOf);
            LaterLines later = scanAhead(reader, validator, claim.rowsDone());
            java.util.function.LongConsumer heartbeat = rows -> imports.heartbeatChunk(importId, chunk.index(), claim.runId(), rows, tally.counted(),
                    min(clock.instant().plus(settings.lease()), invocationEnd));
            BatchApplier applier = applier(importId, scheme, classifier, asOf, claim.resumed(),
                    earlierImports(importId, plan.stampPrefix(), invocationEnd, () -> heartbeat.accept(tally.rows)),
                    imports.find(importId).map(r -> Instant.parse(r.startedAt())).orElse(Instant.EPOCH));
            end = new BatchReader(stores.customers(), clock, scheme, applier, files, tally)
                    .readAll(reader, validator, firstBatch, Math.max(1, batchRows(chunk) / 4), batchRows(chunk), heartbeat,
                            new PauseNearEnd(clock, invocationEnd), later);
            applier.finish();
            if (end.unreadable() != null) {
                // The chunk's other records are not read, but the next chunk is: the rest of the chunk is
                // told as such, line by line range and counted, each record a row rejected (the counts add up).
                long unread = Math.max(1, chunk.records() - tally.rows);
                int next = chunk.index() + 1;
                String to = next < plan.chunks().size() ? " to line " + (plan.chunks().get(next).firstLine() - 1) : " to the end of the file";
                String why = end.unreadable().replace("; the rest of the file was not read", "")
                        + "; the rest of its chunk (" + unread + (unread == 1 ? " record" : " records") + ", from line "
                        + (reader.lastLine() + 1) + to + ") was not read";
                files.rejected.row(Long.toString(reader.lastLine() + 1), why, "");
                tally.rows += unread;
                tally.rejected += unread;
                end = new BatchReader.End(why, end.paused(), end.nextBatch());
            }
        } catch (ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            // Gone or overwritten before this run of the chunk could open it: no retry can read it. The
            // chunk ends unread from here, and the import PARTIAL (or FAILED) with the other chunks' rows.
            String why = BatchReader.uploadGone(e);
            files.rejected.row(Long.toString(chunk.firstLine()), why, "");
            tally.rows++;
            tally.rejected++;
            end = new BatchReader.End(why, false, firstBatch);
        } catch (IOException e) {
            files.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            files.abort();
            throw e;
        }
        files.close();
        LOG.info("import {} chunk {} store phases: {}", importId, chunk.index(), tally.phases());
        List<String> withRows = new ArrayList<>(soFar == null ? List.of() : soFar.parts().filesWithRows());
        files.withRows().forEach(f -> withRows.add(folder + "/" + f));
        boolean resumed = claim.resumed() || soFar != null && soFar.resumed();
        int attempt = Math.max(claim.attempt(), soFar == null ? 1 : soFar.attempt());
        return new PartRead(ChunkResult.of(chunk.index(), tally, end.unreadable(), resumed, attempt,
                new ChunkResult.Parts(part + 1, end.nextBatch(), withRows)), end.paused());
    }

    /** What one invocation did with a chunk: all of it (or all of the rest), or a part, {@code paused} before its end. */
    private record PartRead(ChunkResult result, boolean paused) {
    }

    /**
     * Rows per batch of a chunk: the settings' batch, or an eighth of the chunk when that is less
     * (at least 50), so that a chunk cut small for a short timeout can pause well before its end
     * (a pause comes after a whole batch). From the plan alone, so every run of a chunk cuts the
     * same batches.
     */
    int batchRows(ChunkPlanner.Chunk chunk) {
        return (int) Math.min(settings.batchSize(), Math.max(50, (chunk.records() + 7) / 8));
    }

    /**
     * The lines of the rows the reader will read that name a customer again further on
     * ({@link LaterLines}), from a second reader of the same bytes, past the rows already done.
     */
    private static LaterLines scanAhead(CustomerCsvReader reader, RowValidator validator, long rowsDone) throws IOException {
        try (CustomerCsvReader ahead = reader.reopened()) {
            skip(ahead, rowsDone);
            return LaterLines.scan(ahead, validator);
        }
    }

    /** Reads past the rows an earlier part of the chunk applied (read then, so readable now: the object is pinned by version and ETag). */
    private static void skip(CustomerCsvReader reader, long rows) throws IOException {
        try {
            for (long skipped = 0; skipped < rows && reader.hasNext(); skipped++) {
                reader.next();
            }
        } catch (InputFormatException e) {
            throw new IllegalStateException("a row read before the chunk paused is unreadable now: " + e.getMessage(), e);
        }
    }

    /** Seconds left at which the finishing of an import is handed to a fresh invocation. */
    private static final Duration FINISHING_TIME = Duration.ofSeconds(10);

    /**
     * Whether a chunk pauses after the batch just read: when what is left of its invocation, less a
     * reserve for closing its row files and queuing the rest, would not hold that batch and the
     * next at the slowest rate per row so far (a pause still applies the batch read; a batch held
     * by its rows' later lines counts as its rows). The first batch of a part is a small one
     * ({@link BatchReader#readAll}), so that the rate is known before a whole batch is risked: with
     * a short timeout and a slow machine, a first batch as large as the others ran the invocation
     * past its end before the first pause could be decided (QA, 30 s timeouts under load).
     */
    static final class PauseNearEnd implements BatchReader.Pause {
        /** Publishing the part's row files, recording the pause and queuing the rest. */
        static final Duration RESERVE = Duration.ofSeconds(4);
        private final java.time.Clock clock;
        private final Instant end;
        private Instant last;
        /** The slowest rate so far, nanoseconds per row applied (reading included). */
        private long nanosPerRow;

        PauseNearEnd(java.time.Clock clock, Instant invocationEnd) {
            this.clock = clock;
            this.end = invocationEnd;
            this.last = clock.instant();
        }

        @Override
        public boolean before(int applied, int holding, int next) {
            Instant now = clock.instant();
            if (applied > 0) {
                nanosPerRow = Math.max(nanosPerRow, Duration.between(last, now).toNanos() / applied);
            }
            last = now;
            long ahead = nanosPerRow * ((long) holding + next);
            return !now.plus(RESERVE).plusNanos(ahead).isBefore(end);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another invocation's import", e);
        }
    }

    /**
     * Why a file applied no row, when no column gives the customer's name: the headers that were
     * not recognized and some the name is read from ({@code 客户名称}, {@code Name}); empty otherwise.
     */
    static String noNameColumn(Scheme scheme, ImportReport.Input input) {
        java.util.Set<String> fields = input == null || input.columns() == null ? java.util.Set.of() : input.columns().keySet();
        if (input == null || fields.contains("name") || fields.contains("firstName") || fields.contains("lastName") || fields.contains("company")) {
            return "";
        }
        var name = scheme.fields().get("name");
        List<String> spellings = name == null ? List.of() : name.aliases().stream().limit(6).toList();
        List<String> others = input.otherColumns() == null ? List.of() : input.otherColumns();
        return "; no column gives the customer's name (" + (others.isEmpty() ? "every column of the file was read as another field"
                : "the file's other columns: " + String.join(", ", others))
                + "; the name is read from a column headed " + String.join(", ", spellings) + " or another name of it in the scheme's fields)";
    }

    /**
     * Dimension → the fields its rules read, for each dimension that reads fields of which the file
     * has no column: every customer the file creates takes that dimension's default.
     */
    static Map<String, List<String>> noColumnFor(Scheme scheme, java.util.Set<String> columns) {
        Map<String, List<String>> unfed = new java.util.LinkedHashMap<>();
        for (var dimension : scheme.dimensions()) {
            java.util.Set<String> read = scheme.fieldsRead(dimension);
            if (!read.isEmpty() && read.stream().noneMatch(columns::contains)) {
                unfed.put(dimension.name(), List.copyOf(read));
            }
        }
        return unfed;
    }

    /**
     * The message's note on the folder levels no column of the file gives ("; no column gives region
     * (province, city, address, country): its 12 new customers are filed under unknown"), so that a
     * file whose customers all land in one default folder says why; empty when there are none.
     */
    static String filedByDefault(Scheme scheme, Classifier classifier, LocalDate asOf, Map<String, List<String>> unfed, long created,
                                 List<String> otherColumns) {
        var nothing = classifier.classify(Map.of(), asOf).values();
        StringBuilder note = new StringBuilder();
        for (String level : scheme.folders()) {
            List<String> fields = unfed.get(level);
            if (fields != null && nothing.get(level) != null) {
                note.append("; no column gives ").append(level).append(" (").append(String.join(", ", fields)).append("): its ")
                        .append(created).append(created == 1 ? " new customer is" : " new customers are").append(" filed under ")
                        .append(nothing.get(level).folder());
                var dimension = scheme.dimension(level);
                String letter = nothing.get(level).letter();
                if (dimension.isPresent() && dimension.get().coded() && letter != null) {
                    // A code is permanent: what a user most needs to know before dropping more files like it.
                    note.append(", and ").append(created == 1 ? "its code carries" : "their codes carry").append(" the letter ").append(letter)
                            .append(" for it for good");
                }
                List<String> named = otherColumns == null || dimension.isEmpty() ? List.of()
                        : otherColumns.stream().filter(h -> namesDimension(h, dimension.get())).toList();
                if (!named.isEmpty()) {
                    note.append(" (the file's ").append(String.join(", ", named)).append(named.size() == 1 ? " column is kept as data of its own"
                            : " columns are kept as data of their own").append(", not read for ").append(level).append(": ").append(level)
                            .append(" is read from ").append(String.join(", ", fields)).append(")");
                }
            }
        }
        return note.toString();
    }

    /** Whether a header the scheme does not read looks like a dimension's own name or label ({@code Region}, {@code 区域}). */
    private static boolean namesDimension(String header, dev.custcode.scheme.DimensionSpec dimension) {
        String h = dev.custcode.normalize.Text.normalize(header).toLowerCase(java.util.Locale.ROOT);
        if (h.isEmpty()) {
            return false;
        }
        List<String> words = new java.util.ArrayList<>(List.of(dimension.name().toLowerCase(java.util.Locale.ROOT)));
        if (dimension.label() != null) {
            for (String w : dimension.label().toLowerCase(java.util.Locale.ROOT).split("[\\s/|,，]+")) {
                if (!w.isBlank()) {
                    words.add(w);
                }
            }
        }
        return words.stream().anyMatch(w -> h.contains(w) || w.contains(h) && h.length() >= 2);
    }

    private static String summary(ImportTally t) {
        return t.rows + (t.rows == 1 ? " row: " : " rows: ") + t.accepted() + " accepted (" + t.created + " new, " + t.updated + " updated, "
                + t.unchanged + " unchanged), " + t.rejected + " rejected, " + t.conflicts + " in conflict"
                + (t.warnings > 0 ? ", " + t.warnings + " warnings" : "")
                + (t.duplicateCandidates > 0 ? ", " + t.duplicateCandidates + " probable duplicates (duplicates.csv)" : "");
    }

    /**
     * What a finished import answers a duplicate delivery: its report as the run wrote it, or, when
     * that object cannot be read, what its record says (status, message and where its files are).
     */
    private ImportReport summaryOf(ImportRecord r, IncomingObject object) {
        Optional<byte[]> written = objects.read(reportKey(r.importId()));
        if (written.isPresent()) {
            try {
                return JSON.readValue(written.get(), ImportReport.class);
            } catch (IOException e) {
                LOG.warn("report of import {} is not readable ({}); answering from its record", r.importId(), e.getMessage());
            }
        }
        return ImportReport.outline(r.importId(), r.status(), r.message(), source(object))
                .withRowFiles(rejectedKey(r.importId()), conflictsKey(r.importId()), warningsKey(r.importId()));
    }

    /** The uploaded object as a report names it. */
    private static ImportReport.Source source(IncomingObject o) {
        return new ImportReport.Source(o.bucket(), o.key(), o.versionId(), ImportId.normalizeETag(o.eTag()), o.size());
    }

    /**
     * Field changes counted by field, another column named by its header as the file wrote it ({@code Shop Id},
     * not the key it is stored under, {@code shopid}), as exports show it.
     */
    static Map<String, Long> byHeader(Map<String, Long> fieldChanges, ImportReport.Input input) {
        if (input == null || input.otherColumns() == null || input.otherColumns().isEmpty()) {
            return fieldChanges;
        }
        Map<String, String> headers = new HashMap<>();
        input.otherColumns().forEach(h -> headers.putIfAbsent(dev.custcode.scheme.HeaderNames.normalize(h), h));
        Map<String, Long> out = new TreeMap<>();
        fieldChanges.forEach((field, n) -> out.merge(headers.getOrDefault(field, field), n, Long::sum));
        return out;
    }
}
