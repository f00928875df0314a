package dev.custcode.testing;

import dev.custcode.codes.CodeBlock;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.store.LeaseLostException;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The imports table: records, leases, chunk counts, created and touched codes, duplicate pairs. */
public final class InMemoryImportStore implements ImportStore {
    public final Map<String, ImportRecord> records = new ConcurrentHashMap<>();
    public final Map<String, String> runs = new ConcurrentHashMap<>();
    public final Map<String, Instant> leases = new ConcurrentHashMap<>();
    public final Map<String, Map<String, CodeBlock>> blocks = new ConcurrentHashMap<>();

    public final Map<String, dev.custcode.ingest.IncomingObject> sources = new ConcurrentHashMap<>();
    public final Map<String, Integer> redrives = new ConcurrentHashMap<>();
    public final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    public final Map<String, Instant> redrivenAt = new ConcurrentHashMap<>();
    public final java.util.TreeMap<String, DuplicatePair> pairs = new java.util.TreeMap<>();

    /** Runs when pairs are proposed, outside the store's lock: a test waits for it, holds the proposal back or fails it. */
    public volatile Runnable onProposePairs = () -> { };

    @Override
    public List<DuplicatePair> proposePairs(List<DuplicatePair> proposed, java.util.Set<String> fresh) {
        onProposePairs.run();
        return propose(proposed);
    }

    private synchronized List<DuplicatePair> propose(List<DuplicatePair> proposed) {
        List<DuplicatePair> out = new ArrayList<>();
        for (DuplicatePair p : proposed) {
            DuplicatePair known = pairs.putIfAbsent(p.id(), p);
            if (known == null || !DuplicatePair.DISMISSED.equals(known.status())) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public synchronized Page<DuplicatePair> openPairs(String folder, String cursor, int limit) {
        // One bounded read, as DynamoDB's Limit bounds the items a filtered query reads.
        java.util.SortedMap<String, DuplicatePair> after = pairs.tailMap(cursor == null ? "" : cursor, false);
        int size = Math.max(limit, PAIRS_READ);
        List<DuplicatePair> read = after.values().stream().limit(size).toList();
        List<DuplicatePair> open = read.stream().filter(p -> DuplicatePair.OPEN.equals(p.status()))
                .filter(p -> folder == null || under(p.folder(), folder) || under(p.otherFolder(), folder)).toList();
        if (open.size() > limit) {
            return new Page<>(open.subList(0, limit), open.get(limit - 1).id());
        }
        return new Page<>(open, after.size() > size ? read.get(read.size() - 1).id() : null);
    }

    private static boolean under(String f, String folder) {
        return f != null && (f.equals(folder) || f.startsWith(folder + "/"));
    }

    @Override
    public synchronized List<DuplicatePair> forgetPairs(String code) {
        List<DuplicatePair> its = pairs.values().stream().filter(p -> p.code().equals(code) || p.other().equals(code)).toList();
        its.forEach(p -> pairs.remove(p.id()));
        return its;
    }

    @Override
    public synchronized List<DuplicatePair> withdrawPairs(String importId) {
        List<DuplicatePair> its = pairs.values().stream().filter(p -> p.importId().equals(importId) && DuplicatePair.OPEN.equals(p.status())).toList();
        its.forEach(p -> pairs.remove(p.id()));
        return its;
    }

    @Override
    public synchronized Optional<DuplicatePair> pair(String id) {
        return Optional.ofNullable(pairs.get(id));
    }

    @Override
    public synchronized Optional<DuplicatePair> dismissPair(String id, Instant at) {
        return Optional.ofNullable(pairs.computeIfPresent(id, (k, p) -> new DuplicatePair(p.id(), p.code(), p.other(), p.score(),
                p.reasons(), p.importId(), p.line(), p.foundAt(), DuplicatePair.DISMISSED, p.folder(), p.otherFolder())));
    }

    @Override
    public synchronized Claim claim(ImportRecord start, dev.custcode.ingest.IncomingObject source, Instant now, Instant leaseUntil) {
        ImportRecord existing = records.get(start.importId());
        if (existing != null && existing.status().finished()) {
            return new Claim.AlreadyFinished(existing);
        }
        if (existing != null && leases.get(start.importId()).isAfter(now)) {
            return new Claim.Busy(leases.get(start.importId()));
        }
        String run = UUID.randomUUID().toString();
        records.put(start.importId(), existing == null ? start : existing);
        runs.put(start.importId(), run);
        leases.put(start.importId(), leaseUntil);
        sources.put(start.importId(), source);
        int attempt = attempts.merge(start.importId(), 1, Integer::sum);
        return new Claim.Started(run, existing != null, (existing == null ? start : existing).startedAt(),
                redrives.getOrDefault(start.importId(), 0), attempt);
    }

    /** Called with the import's id at every heartbeat, after the lease is checked (a test acts while a run is in the middle of its work). */
    public volatile java.util.function.Consumer<String> onHeartbeat = importId -> { };

    @Override
    public void heartbeat(String importId, String runId, long rowsRead, dev.custcode.store.RowCounts counted, Instant leaseUntil) {
        if (!runId.equals(runs.get(importId))) {
            throw new LeaseLostException(importId);
        }
        onHeartbeat.accept(importId);
        leases.put(importId, leaseUntil);
        ImportRecord r = records.get(importId);
        if (r != null) {
            records.put(importId, new ImportRecord(r.importId(), r.bucket(), r.key(), r.version(), r.status(), r.startedAt(), r.finishedAt(),
                    rowsRead, counted.accepted(), counted.rejected(), r.message()));
        }
    }

    @Override
    public synchronized void release(String importId, String runId, Instant now) {
        if (runId.equals(runs.get(importId)) && !records.get(importId).status().finished()) {
            leases.put(importId, now.minusMillis(1));
        }
    }

    @Override
    public synchronized List<Unfinished> unfinished() {
        List<Unfinished> out = new java.util.ArrayList<>();
        records.values().stream().filter(r -> !r.status().finished()).forEach(r -> {
            Instant quiet = leases.getOrDefault(r.importId(), Instant.EPOCH);
            Instant redriven = redrivenAt.get(r.importId());
            quiet = redriven != null && redriven.isAfter(quiet) ? redriven : quiet;
            for (Map.Entry<String, String[]> c : chunks.entrySet()) {
                if (c.getKey().startsWith(r.importId() + "#")) {
                    Instant lease = Instant.parse(c.getValue()[2]);
                    quiet = lease.isAfter(quiet) ? lease : quiet;
                }
            }
            out.add(new Unfinished(r, sources.get(r.importId()), quiet, redrives.getOrDefault(r.importId(), 0)));
        });
        return out;
    }

    @Override
    public synchronized boolean countRedrive(String importId, int seen, Instant now) {
        ImportRecord r = records.get(importId);
        if (r == null || r.status().finished() || !leases.get(importId).isBefore(now) || redrives.getOrDefault(importId, 0) != seen) {
            return false;
        }
        redrives.put(importId, seen + 1);
        redrivenAt.put(importId, now);
        return true;
    }

    public final Map<String, java.util.Set<String>> created = new ConcurrentHashMap<>();
    public final Map<String, dev.custcode.store.ImportPlan> plans = new ConcurrentHashMap<>();
    /** importId#chunk → [status, runId, leaseUntil, result] */
    public final Map<String, String[]> chunks = new ConcurrentHashMap<>();
    public final Map<String, long[]> counters = new ConcurrentHashMap<>();
    /** importId#chunk → rows its last heartbeat counted. */
    private final Map<String, Long> rowsRead = new ConcurrentHashMap<>();

    @Override
    public synchronized dev.custcode.store.ImportPlan savePlan(String importId, dev.custcode.store.ImportPlan plan) {
        counters.putIfAbsent(importId, new long[2]);
        return plans.computeIfAbsent(importId, k -> plan);
    }

    @Override
    public Optional<dev.custcode.store.ImportPlan> plan(String importId) {
        return Optional.ofNullable(plans.get(importId));
    }

    @Override
    public synchronized Optional<dev.custcode.store.ImportPlan.Progress> progress(String importId) {
        var plan = plans.get(importId);
        if (plan == null) {
            return Optional.empty();
        }
        java.util.Set<Integer> done = new java.util.HashSet<>();
        Map<Integer, Long> reading = new java.util.HashMap<>();
        dev.custcode.store.RowCounts counted = chunkCounts.entrySet().stream().filter(e -> e.getKey().startsWith(importId + "#"))
                .map(Map.Entry::getValue).reduce(dev.custcode.store.RowCounts.NONE, dev.custcode.store.RowCounts::plus);
        chunks.forEach((k, v) -> {
            if (k.startsWith(importId + "#")) {
                int index = Integer.parseInt(k.substring(importId.length() + 1));
                if (v[0].equals("DONE")) {
                    done.add(index);
                } else {
                    reading.put(index, Math.max(rowsRead.getOrDefault(k, 0L), rowsHigh.getOrDefault(k, 0L)));
                }
            }
        });
        return Optional.of(dev.custcode.store.ImportPlan.Progress.of(plan, done, reading, counted));
    }

    @Override
    public synchronized dev.custcode.store.ImportPlan.ChunkClaim claimChunk(String importId, int chunk, Instant now, Instant leaseUntil) {
        String[] cur = chunks.get(importId + "#" + chunk);
        if (cur != null && cur[0].equals("DONE")) {
            return new dev.custcode.store.ImportPlan.ChunkClaim.Done();
        }
        if (cur != null && Instant.parse(cur[2]).isAfter(now)) {
            return new dev.custcode.store.ImportPlan.ChunkClaim.Busy(Instant.parse(cur[2]));
        }
        String run = UUID.randomUUID().toString();
        String key = importId + "#" + chunk;
        chunks.put(key, new String[]{"RUNNING", run, leaseUntil.toString(), null});
        // A pause sets the attempts back to 0: the run after it goes on, it does not recover.
        int before = attempts.getOrDefault(key, 0);
        attempts.put(key, before + 1);
        String[] paused = this.paused.get(key);
        rowsHigh.merge(key, rowsRead.getOrDefault(key, 0L), Math::max);
        rowsRead.put(key, paused == null ? 0L : Long.parseLong(paused[0]));
        return new dev.custcode.store.ImportPlan.ChunkClaim.Started(run, cur != null && before > 0, before + 1,
                paused == null ? 0 : Long.parseLong(paused[0]), paused == null ? null : paused[1]);
    }

    /** Per chunk: the most rows any of its runs had read when the next run claimed it. */
    private final Map<String, Long> rowsHigh = new ConcurrentHashMap<>();

    /** Per chunk: rows done and the result so far its last pause recorded. */
    private final Map<String, String[]> paused = new ConcurrentHashMap<>();

    @Override
    public synchronized void pauseChunk(String importId, int chunk, String runId, long rowsDone, String soFar, Instant now) {
        String key = importId + "#" + chunk;
        String[] cur = chunks.get(key);
        if (cur == null || !cur[0].equals("RUNNING") || !cur[1].equals(runId)) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
        cur[2] = now.minusMillis(1).toString();
        paused.put(key, new String[]{Long.toString(rowsDone), soFar});
        rowsRead.put(key, rowsDone);
        attempts.put(key, 0);
    }

    @Override
    public synchronized void heartbeatChunk(String importId, int chunk, String runId, long rows, dev.custcode.store.RowCounts counted, Instant leaseUntil) {
        String[] cur = chunks.get(importId + "#" + chunk);
        if (cur == null || !cur[1].equals(runId)) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
        cur[2] = leaseUntil.toString();
        rowsRead.put(importId + "#" + chunk, rows);
        chunkCounts.put(importId + "#" + chunk, counted);
    }

    public final Map<String, dev.custcode.store.RowCounts> chunkCounts = new ConcurrentHashMap<>();

    @Override
    public synchronized long finishChunk(String importId, int chunk, String runId, String result, long bytes, dev.custcode.store.RowCounts counted) {
        String[] cur = chunks.get(importId + "#" + chunk);
        if (cur == null || !cur[0].equals("RUNNING") || !cur[1].equals(runId)) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
        chunks.put(importId + "#" + chunk, new String[]{"DONE", runId, cur[2], result});
        long[] c = counters.get(importId);
        c[0]++;
        c[1] += bytes;
        chunkCounts.put(importId + "#" + chunk, counted); // a finished chunk counts what it finished with
        return c[0];
    }

    public final Map<String, Integer> finishers = new ConcurrentHashMap<>();

    @Override
    public boolean claimFinishing(String importId, int chunk) {
        return finishers.computeIfAbsent(importId, k -> chunk) == chunk;
    }

    @Override
    public synchronized List<String> chunkResults(String importId) {
        return chunks.entrySet().stream().filter(e -> e.getKey().startsWith(importId + "#") && e.getValue()[0].equals("DONE"))
                .sorted(java.util.Map.Entry.comparingByKey(Comparator.comparingInt(k -> Integer.parseInt(k.substring(k.indexOf('#') + 1)))))
                .map(e -> e.getValue()[3]).toList();
    }

    @Override
    public void recordCreated(String importId, int batch, Collection<String> codes) {
        created.computeIfAbsent(importId, k -> ConcurrentHashMap.newKeySet()).addAll(codes);
    }

    @Override
    public java.util.Set<String> created(String importId) {
        return java.util.Set.copyOf(created.getOrDefault(importId, java.util.Set.of()));
    }

    public final Map<String, java.util.Set<String>> touched = new ConcurrentHashMap<>();

    @Override
    public void recordTouched(String importId, String part, Collection<String> codes) {
        touched.computeIfAbsent(importId, k -> ConcurrentHashMap.newKeySet()).addAll(codes);
    }

    @Override
    public java.util.Set<String> touched(String importId) {
        return java.util.Set.copyOf(touched.getOrDefault(importId, java.util.Set.of()));
    }

    @Override
    public Map<String, CodeBlock> reservations(String importId, int batch) {
        return Map.copyOf(blocks.getOrDefault(importId + "#" + batch, Map.of()));
    }

    @Override
    public synchronized Map<String, CodeBlock> recordReservations(String importId, int batch, Map<String, CodeBlock> reserved) {
        Map<String, CodeBlock> recorded = blocks.computeIfAbsent(importId + "#" + batch, k -> new HashMap<>());
        reserved.forEach(recorded::putIfAbsent);
        return Map.copyOf(recorded);
    }

    @Override
    public synchronized void finish(ImportRecord finished, String runId) {
        if (!runId.equals(runs.get(finished.importId()))) {
            throw new LeaseLostException(finished.importId());
        }
        records.put(finished.importId(), finished);
        leases.put(finished.importId(), Instant.EPOCH);
    }

    @Override
    public Optional<ImportRecord> find(String importId) {
        return Optional.ofNullable(records.get(importId));
    }

    @Override
    public void markUndone(String importId, Instant at) {
        records.computeIfPresent(importId, (id, r) -> r.undone(at.toString()));
    }

    @Override
    public Page<ImportRecord> recent(int limit, String cursor, ImportStatus status) {
        List<ImportRecord> all = records.values().stream().filter(r -> status == null || r.status() == status)
                .sorted(Comparator.comparing(ImportRecord::startedAt).thenComparing(ImportRecord::importId).reversed()).toList();
        int from = 0;
        if (cursor != null) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).importId().equals(cursor)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new BadCursorException("unknown cursor");
            }
        }
        List<ImportRecord> page = all.subList(from, Math.min(all.size(), from + limit));
        return new Page<>(page, from + limit < all.size() ? page.get(page.size() - 1).importId() : null);
    }
}
