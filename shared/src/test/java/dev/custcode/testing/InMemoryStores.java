package dev.custcode.testing;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import dev.custcode.codes.GaplessNumbering;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.customer.Customer;
import dev.custcode.export.FolderExporter;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.LeaseLostException;
import dev.custcode.ingest.IngestStores;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory implementations of the domain's ports, for unit tests of the ingest logic that need
 * no AWS at all. They follow the contracts the DynamoDB and S3 adapters implement (conditional
 * creates, ADD-style counters, leases), which the integration tests check against the real thing.
 */
public final class InMemoryStores {
    public final Objects objects = new Objects();
    public final Customers customers = new Customers();
    public final Counters counters = new Counters();
    public final Imports imports = new Imports();
    public final History history = new History();
    public final Folders folders = new Folders();
    public final Gapless gapless = new Gapless(customers, counters);

    /** The chunk messages sent, in order ({@code importId#chunk}). */
    public final List<String> queued = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The re-drives a sweep sent, in order. */
    public final List<dev.custcode.ingest.IncomingObject> redriven = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The chunks queue: chunk messages into {@link #queued}, re-drives into {@link #redriven}. */
    public final dev.custcode.store.ChunkQueue chunkQueue = new dev.custcode.store.ChunkQueue() {
        @Override
        public void send(String importId, Collection<Integer> chunks) {
            chunks.forEach(c -> queued.add(importId + "#" + c));
        }

        @Override
        public void redrive(dev.custcode.ingest.IncomingObject source) {
            redriven.add(source);
        }
    };

    /** An ingest whose large files fan out into {@link #queued} messages. */
    public IngestService fanningIngest(SchemeSource schemes, Clock clock, IngestSettings settings) {
        return new IngestService(new IngestStores(objects, customers, counters, gapless, imports, history, folders, chunkQueue),
                schemes, clock, settings);
    }

    public IngestService ingest(SchemeSource schemes, Clock clock, IngestSettings settings) {
        return new IngestService(new IngestStores(objects, customers, counters, gapless, imports, history, folders), schemes, clock, settings);
    }

    public FolderExporter exporter(SchemeSource schemes, Clock clock) {
        return new FolderExporter(customers, folders, objects, schemes, clock);
    }

    /** A bucket. ETags are content hashes, as S3's are for single-part uploads. */
    public static final class Objects implements ObjectStore {
        public final Map<String, byte[]> content = new ConcurrentHashMap<>();

        public String put(String key, byte[] bytes) {
            content.put(key, bytes);
            return eTag(bytes);
        }

        public static String eTag(byte[] bytes) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream open(String key, String versionId, String eTag) throws IOException {
            byte[] bytes = content.get(key);
            if (bytes == null) {
                throw new ObjectMissingException(key + " no longer exists");
            }
            if (eTag != null && !eTag(bytes).equals(eTag.replace("\"", ""))) {
                throw new ObjectChangedException(key + " was overwritten");
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream openRange(String key, String versionId, String eTag, long start, long end) throws IOException {
            InputStream all = open(key, versionId, eTag);
            all.skipNBytes(start);
            return new ByteArrayInputStream(all.readNBytes((int) (end - start)));
        }

        @Override
        public Optional<byte[]> read(String key) {
            return Optional.ofNullable(content.get(key));
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            content.put(key, bytes);
        }

        /** No versions are kept here. */
        @Override
        public int deleteOlderVersions(String key) {
            return 0;
        }

        @Override
        public void delete(String key) {
            content.remove(key);
        }

        @Override
        public List<String> list(String prefix) {
            return content.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        }

        /** S3 refuses parts under 5 MiB but the last (EntityTooSmall); tests of many small parts lower it. */
        public int minPartSize = 5 * 1024 * 1024;
        /** Multipart uploads in progress: upload id → part number → content. */
        private final Map<String, java.util.TreeMap<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong uploadIds = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public String startUpload(String key, String contentType) {
            String id = key + "#" + uploadIds.incrementAndGet();
            uploads.put(id, new java.util.TreeMap<>());
            return id;
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
            byte[] part = java.util.Arrays.copyOf(bytes, length);
            var parts = uploads.get(uploadId);
            if (parts == null) {
                throw new UploadMissingException("no such upload: " + uploadId, null);
            }
            synchronized (parts) {
                parts.put(partNumber, part);
            }
            return eTag(part);
        }

        @Override
        public void completeUpload(String key, String uploadId, List<String> partETags) {
            var parts = uploads.remove(uploadId);
            if (parts == null) {
                throw new UploadMissingException("no such upload: " + uploadId, null);
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (int i = 1; i <= partETags.size(); i++) {
                byte[] part = parts.get(i);
                if (part == null || !eTag(part).equals(partETags.get(i - 1))) {
                    throw new IllegalStateException("part " + i + " of " + uploadId + " is missing or differs");
                }
                if (i < partETags.size() && part.length < minPartSize) {
                    throw new IllegalStateException("part " + i + " of " + uploadId + " is under 5 MiB (S3's EntityTooSmall)");
                }
                whole.writeBytes(part);
            }
            content.put(key, whole.toByteArray());
        }

        /** Uploads started and not completed. */
        public int openUploads() {
            return uploads.size();
        }

        @Override
        public ObjectWriter create(String key, String contentType) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            return new ObjectWriter() {
                private boolean done;

                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }

                @Override
                public void close() {
                    if (!done) {
                        done = true;
                        content.put(key, buffer.toByteArray());
                    }
                }

                @Override
                public void abort() {
                    done = true;
                }
            };
        }

        @Override
        public String bucket() {
            return "test-bucket";
        }

        @Override
        public java.net.URI presignPut(String key, java.time.Duration ttl) {
            return java.net.URI.create("memory://upload/" + key);
        }

        @Override
        public java.net.URI presignGet(String key, java.time.Duration ttl) {
            return java.net.URI.create("memory://test-bucket/" + key + "?ttl=" + ttl.toSeconds());
        }

        public String text(String key) {
            return new String(content.get(key), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Customers under their codes, and the claims of their keys, in one key space as in DynamoDB. */
    public static final class Customers implements CustomerStore {
        public final Map<String, Customer> byCode = new ConcurrentHashMap<>();
        public final Map<String, String> owners = new ConcurrentHashMap<>();
        public final Map<String, java.util.Set<String>> blocks = new ConcurrentHashMap<>();

        @Override
        public Map<String, java.util.Set<String>> blockMembers(Collection<String> keys) {
            Map<String, java.util.Set<String>> out = new HashMap<>();
            keys.forEach(k -> {
                java.util.Set<String> m = blocks.get(k);
                if (m != null) {
                    out.put(k, java.util.Set.copyOf(m));
                }
            });
            return out;
        }

        @Override
        public synchronized void leaveBlocks(String code, java.util.Set<String> left) {
            left.forEach(b -> {
                java.util.Set<String> m = blocks.get(b);
                if (m != null) {
                    m.remove(code);
                }
            });
        }

        @Override
        public synchronized void storeBlocks(Map<String, java.util.Set<String>> membersByBlock) {
            membersByBlock.forEach((block, codes) -> blocks.put(block, new java.util.TreeSet<>(codes)));
        }

        /** The live (not retired) customer owning this identity key, or null. */
        public Customer byKey(String key) {
            String code = owners.get(key);
            Customer c = code == null ? null : byCode.get(code);
            return c == null || c.retired() ? null : c;
        }

        public Collection<Customer> all() {
            return byCode.values();
        }

        @Override
        public Iterator<Customer> scan(int segment, int segments) {
            return byCode.values().stream()
                    .filter(c -> !c.retired() && c.folder() != null && Math.floorMod(c.code().hashCode(), segments) == segment)
                    .toList().iterator();
        }

        @Override
        public synchronized Map<String, Customer> resolve(Collection<String> keys) {
            Map<String, Customer> out = new HashMap<>();
            for (String k : keys) {
                if (k.startsWith("code:")) {
                    Customer c = byCode.get(k.substring("code:".length()));
                    if (c != null) {
                        out.put(k, c);
                    }
                } else if (byKey(k) != null) {
                    out.put(k, byKey(k));
                }
            }
            return out;
        }

        @Override
        public synchronized List<Rejected> write(List<CustomerWrite> writes) {
            List<Rejected> rejected = new ArrayList<>();
            for (CustomerWrite w : writes) {
                if (w instanceof CustomerWrite.Transfer t) {
                    Customer to = byCode.get(t.to().code());
                    Customer from = byCode.get(t.from().code());
                    if (to == null || from == null || to.version() != t.toRead() || from.version() != t.fromRead()) {
                        rejected.add(new Rejected(w, Reason.STALE));
                    } else if (!t.moved().stream().allMatch(k -> t.from().code().equals(owners.get(k)))) {
                        rejected.add(new Rejected(w, Reason.KEY_TAKEN));
                    } else {
                        byCode.put(t.to().code(), t.to());
                        byCode.put(t.from().code(), t.from());
                        t.moved().forEach(k -> owners.put(k, t.to().code()));
                    }
                    continue;
                }
                Customer c = w.customer();
                List<String> claims;
                if (w instanceof CustomerWrite.Update u) {
                    Customer cur = byCode.get(c.code());
                    if (cur == null || cur.version() != u.read()) {
                        rejected.add(new Rejected(w, Reason.STALE));
                        continue;
                    }
                    claims = u.added();
                } else {
                    if (byCode.containsKey(c.code())) {
                        rejected.add(new Rejected(w, Reason.CODE_TAKEN));
                        continue;
                    }
                    claims = c.keys();
                }
                if (claims.stream().anyMatch(owners::containsKey)) {
                    rejected.add(new Rejected(w, Reason.KEY_TAKEN));
                    continue;
                }
                byCode.put(c.code(), c);
                claims.forEach(k -> owners.put(k, c.code()));
                if (w instanceof CustomerWrite.Update u) {
                    u.removed().forEach(k -> owners.remove(k, c.code()));
                }
            }
            return rejected;
        }

        private java.util.stream.Stream<Customer> live() {
            return byCode.values().stream().filter(c -> !c.retired());
        }

        @Override
        public Iterator<Customer> folderMembers(String folder, String afterCode) {
            return live().filter(c -> folder.equals(c.folder()) && (afterCode == null || c.code().compareTo(afterCode) > 0)).sorted(Comparator.comparing(Customer::code)).toList().iterator();
        }

        @Override
        public long countFolder(String folder) {
            return live().filter(c -> folder.equals(c.folder())).count();
        }

        @Override
        public Optional<Customer> findByCode(String code) {
            return Optional.ofNullable(byCode.get(code));
        }

        @Override
        public List<Customer> folderPage(String folder, String afterCode, int limit) {
            return live().filter(c -> folder.equals(c.folder()))
                    .filter(c -> afterCode == null || c.code().compareTo(afterCode) > 0)
                    .sorted(Comparator.comparing(Customer::code)).limit(limit).toList();
        }
    }

    public static final class Counters implements CodeAllocator {
        public final Map<String, Long> last = new ConcurrentHashMap<>();

        @Override
        public CodeBlock reserve(String prefix, int count) {
            long end = last.merge(prefix, (long) count, Long::sum);
            return new CodeBlock(prefix, end - count + 1, end);
        }

        @Override
        public long peek(String prefix) {
            return last.getOrDefault(prefix, 0L);
        }

        public final Map<String, java.util.TreeSet<Long>> free = new ConcurrentHashMap<>();

        @Override
        public synchronized void release(String prefix, Collection<Long> numbers) {
            free.computeIfAbsent(prefix, p -> new java.util.TreeSet<>()).addAll(numbers);
        }

        @Override
        public synchronized List<Long> reclaim(String prefix, int max) {
            java.util.TreeSet<Long> set = free.getOrDefault(prefix, new java.util.TreeSet<>());
            List<Long> taken = set.stream().limit(max).toList();
            taken.forEach(set::remove);
            return taken;
        }
    }

    public static final class Imports implements ImportStore {
        public final Map<String, ImportRecord> records = new ConcurrentHashMap<>();
        public final Map<String, String> runs = new ConcurrentHashMap<>();
        public final Map<String, Instant> leases = new ConcurrentHashMap<>();
        public final Map<String, Map<String, CodeBlock>> blocks = new ConcurrentHashMap<>();

        public final Map<String, dev.custcode.ingest.IncomingObject> sources = new ConcurrentHashMap<>();
        public final Map<String, Integer> redrives = new ConcurrentHashMap<>();
        public final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        public final Map<String, Instant> redrivenAt = new ConcurrentHashMap<>();
        public final java.util.TreeMap<String, DuplicatePair> pairs = new java.util.TreeMap<>();

        @Override
        public synchronized List<DuplicatePair> proposePairs(List<DuplicatePair> proposed) {
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
            List<DuplicatePair> open = pairs.tailMap(cursor == null ? "" : cursor, false).values().stream()
                    .filter(p -> DuplicatePair.OPEN.equals(p.status()))
                    .filter(p -> folder == null || under(p.folder(), folder) || under(p.otherFolder(), folder)).toList();
            List<DuplicatePair> page = open.stream().limit(limit).toList();
            return new Page<>(page, open.size() > limit ? page.get(page.size() - 1).id() : null);
        }

        private static boolean under(String f, String folder) {
            return f != null && (f.equals(folder) || f.startsWith(folder + "/"));
        }

        @Override
        public synchronized int forgetPairs(String code) {
            int before = pairs.size();
            pairs.values().removeIf(p -> p.code().equals(code) || p.other().equals(code));
            return before - pairs.size();
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

        @Override
        public void heartbeat(String importId, String runId, long rowsRead, Instant leaseUntil) {
            if (!runId.equals(runs.get(importId))) {
                throw new LeaseLostException(importId);
            }
            leases.put(importId, leaseUntil);
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
            long[] c = counters.get(importId);
            return Optional.of(new dev.custcode.store.ImportPlan.Progress(c[0], plan.chunks().size(), c[1], plan.size()));
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
            chunks.put(importId + "#" + chunk, new String[]{"RUNNING", run, leaseUntil.toString(), null});
            return new dev.custcode.store.ImportPlan.ChunkClaim.Started(run, cur != null, attempts.merge(importId + "#" + chunk, 1, Integer::sum));
        }

        @Override
        public synchronized void heartbeatChunk(String importId, int chunk, String runId, Instant leaseUntil) {
            String[] cur = chunks.get(importId + "#" + chunk);
            if (cur == null || !cur[1].equals(runId)) {
                throw new LeaseLostException(importId + " chunk " + chunk);
            }
            cur[2] = leaseUntil.toString();
        }

        @Override
        public synchronized long finishChunk(String importId, int chunk, String runId, String result, long bytes) {
            String[] cur = chunks.get(importId + "#" + chunk);
            if (cur == null || !cur[0].equals("RUNNING") || !cur[1].equals(runId)) {
                throw new LeaseLostException(importId + " chunk " + chunk);
            }
            chunks.put(importId + "#" + chunk, new String[]{"DONE", runId, cur[2], result});
            long[] c = counters.get(importId);
            c[0]++;
            c[1] += bytes;
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
        public Page<ImportRecord> recent(int limit, String cursor) {
            List<ImportRecord> all = records.values().stream()
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

    /** Gapless numbering: counter and customers change together, under one lock. */
    public static final class Gapless implements GaplessNumbering {
        private final Customers customers;
        private final Counters counters;

        Gapless(Customers customers, Counters counters) {
            this.customers = customers;
            this.counters = counters;
        }

        @Override
        public Outcome create(String prefix, List<Customer> pending, CodeTemplate template) {
            synchronized (customers) {
                List<Customer> created = new ArrayList<>();
                List<Customer> leftOut = new ArrayList<>();
                List<Customer> unnumbered = new ArrayList<>();
                for (Customer c : pending) {
                    if (c.keys().stream().anyMatch(customers.owners::containsKey)) {
                        leftOut.add(c);
                        continue;
                    }
                    if (counters.peek(prefix) >= template.maxSequence()) {
                        unnumbered.add(c);
                        continue;
                    }
                    long seq = counters.reserve(prefix, 1).first();
                    Customer coded = c.toBuilder().code(template.format(prefix, seq)).prefix(prefix).sequence(seq).build();
                    customers.write(List.of(new CustomerWrite.Create(coded)));
                    created.add(coded);
                }
                return new Outcome(created, leftOut, unnumbered);
            }
        }
    }

    public static final class History implements HistoryStore {
        public final List<Change> changes = new ArrayList<>();

        @Override
        public synchronized void record(Collection<Change> c) {
            changes.addAll(c);
        }

        @Override
        public synchronized ImportStore.Page<Change> of(String code, String cursor, int limit) {
            List<Change> all = new ArrayList<>(changes.stream().filter(m -> m.code().equals(code)).toList());
            java.util.Collections.reverse(all);
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            List<Change> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
            return new ImportStore.Page<>(List.copyOf(page), from + limit < all.size() ? Integer.toString(from + limit) : null);
        }

        @Override
        public synchronized Map<String, List<Change>> scanFor(String importId) {
            Map<String, List<Change>> out = new java.util.TreeMap<>();
            changes.stream().filter(m -> importId.equals(m.importId())).forEach(m -> out.computeIfAbsent(m.code(), k -> new ArrayList<>()).add(m));
            return out;
        }

        @Override
        public synchronized Map<String, List<Change>> changedBy(String importId, Collection<String> codes) {
            Map<String, List<Change>> out = new java.util.LinkedHashMap<>();
            for (String code : codes) {
                List<Change> of = changes.stream().filter(m -> code.equals(m.code()) && importId.equals(m.importId())).toList();
                if (!of.isEmpty()) {
                    out.put(code, of);
                }
            }
            return out;
        }

        @Override
        public synchronized int erase(String code) {
            int before = changes.size();
            changes.removeIf(c -> c.code().equals(code));
            return before - changes.size();
        }

        public synchronized List<Change> moves() {
            return changes.stream().filter(Change::moved).toList();
        }
    }

    public static final class Folders implements FolderStore {
        public final Map<String, FolderRecord> records = new TreeMap<>();

        @Override
        public synchronized void touch(Collection<String> folders, String importId, Instant at) {
            for (String f : folders) {
                List<String> ids = new ArrayList<>(records.containsKey(f) ? records.get(f).importIds() : List.of());
                ids.add(importId);
                FolderRecord old = records.get(f);
                records.put(f, new FolderRecord(f, at.toString(), ids, old == null ? null : old.count(), old == null ? null : old.countedAt()));
            }
        }

        @Override
        public synchronized void recordCount(String folder, long count, Instant countedAt) {
            FolderRecord old = records.get(folder);
            if (old != null && (old.countedAt() == null || Instant.parse(old.countedAt()).isBefore(countedAt))) {
                records.put(folder, new FolderRecord(folder, old.lastChange(), old.importIds(), count, countedAt.toString()));
            }
        }

        @Override
        public synchronized List<FolderRecord> all() {
            return List.copyOf(records.values());
        }
    }
}
