package dev.custcode.ingest;

import dev.custcode.export.ExportManifest;
import dev.custcode.store.ChunkQueue;
import dev.custcode.store.FolderStore;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds imports nobody is finishing and delivers them again, so that no accepted upload stays
 * {@code RUNNING} for ever: an import whose event was spent (Lambda's retries ran out), lost, or
 * deleted by hand; a fanned-out import whose chunk messages were dead-lettered.
 *
 * <p>An import is quiet when its last lease (its own, or any chunk's: leases are renewed while a
 * run makes progress) ran out more than {@code grace} ago: longer than Lambda's own retries of an
 * event take. A quiet import is re-driven through the chunks queue (the chunk function runs it
 * again from its object: an unfinished plain import is redone with its claims and reservations;
 * a fanned-out one has its unfinished chunks queued again, or is finished). After
 * {@code maxRedrives} re-drives it is ended {@code FAILED} with a report instead.
 *
 * <p>Exports too: a leaf folder that changed more than {@code grace} ago and that no export has
 * counted since (its export's event was spent, its steps dead-lettered, its run killed for good)
 * is announced again in a manifest of its own, {@code manifests/sweep-<time>.json}, which starts
 * an export as an import's manifest does. The folders are touched first, so the next sweep waits
 * another grace for that export before announcing them again.
 */
public final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    /**
     * @param grace       how long an import must have been quiet before it is re-driven
     * @param maxRedrives re-drives before it is given up as FAILED
     */
    public record Settings(Duration grace, int maxRedrives) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(10), 3);

        public Settings {
            if (grace.isNegative() || maxRedrives < 0) {
                throw new IllegalArgumentException("grace must not be negative and maxRedrives at least 0: " + grace + ", " + maxRedrives);
            }
        }
    }

    /**
     * What one sweep did: import ids re-driven, given up, and still running (not quiet yet); the
     * leaf folders announced again for export, and the manifest that announced them (or null).
     */
    public record Outcome(List<String> redriven, List<String> failed, List<String> running, List<String> reexported, String manifest) {
    }

    private final ImportStore imports;
    private final ChunkQueue queue;
    private final IngestService ingest;
    private final FolderStore folders;
    private final ObjectStore objects;
    private final Clock clock;
    private final Settings settings;

    public Sweeper(ImportStore imports, ChunkQueue queue, IngestService ingest, FolderStore folders, ObjectStore objects, Clock clock,
                   Settings settings) {
        this.imports = imports;
        this.queue = queue;
        this.ingest = ingest;
        this.folders = folders;
        this.objects = objects;
        this.clock = clock;
        this.settings = settings;
    }

    public Outcome sweep() {
        List<String> redriven = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (ImportStore.Unfinished u : imports.unfinished()) {
            String id = u.record().importId();
            Instant now = clock.instant();
            if (now.isBefore(u.quietSince().plus(settings.grace()))) {
                running.add(id);
                continue;
            }
            if (u.redrives() >= settings.maxRedrives()) {
                ingest.abandon(u, "quiet since " + u.quietSince()).ifPresent(r -> failed.add(id));
                continue;
            }
            if (imports.countRedrive(id, u.redrives(), now)) {
                queue.redrive(u.source());
                redriven.add(id);
                LOG.warn("import {} of s3://{}/{} has been quiet since {}: re-driven (re-drive {} of at most {})", id, u.record().bucket(),
                        u.record().key(), u.quietSince(), u.redrives() + 1, settings.maxRedrives());
            }
        }
        List<String> stale = staleFolders();
        String manifest = null;
        if (!stale.isEmpty()) {
            Instant now = clock.instant();
            String cause = "sweep-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(java.time.ZoneOffset.UTC)
                    .format(now);
            // Registry first, then the manifest, as an import announces its changes.
            folders.touch(stale, cause, now);
            ExportManifest m = new ExportManifest(cause, now.toString(), stale);
            objects.put(m.key(), m.toJson(), "application/json");
            manifest = m.key();
            LOG.warn("{} folders changed more than {} ago and not exported since: announced again in {}", stale.size(), settings.grace(), manifest);
        }
        LOG.info("sweep: {} re-driven, {} given up as FAILED, {} still running, {} folders to export again", redriven.size(), failed.size(),
                running.size(), stale.size());
        return new Outcome(redriven, failed, running, stale, manifest);
    }

    /** Leaf folders whose last change is older than the grace and that no export has counted since. */
    private List<String> staleFolders() {
        Instant before = clock.instant().minus(settings.grace());
        List<String> out = new ArrayList<>();
        for (FolderStore.FolderRecord r : folders.all()) {
            if (r.lastChange() != null && Instant.parse(r.lastChange()).isBefore(before) && r.currentCount().isEmpty()) {
                out.add(r.folder());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }
}
