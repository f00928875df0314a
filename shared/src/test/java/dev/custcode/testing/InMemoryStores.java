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

    public IngestService ingest(SchemeSource schemes, Clock clock, IngestSettings settings) {
        return new IngestService(objects, customers, counters, imports, history, folders, schemes, clock, settings, gapless);
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
        public Optional<byte[]> read(String key) {
            return Optional.ofNullable(content.get(key));
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            content.put(key, bytes);
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
        public java.net.URI presignGet(String key, java.time.Duration ttl) {
            return java.net.URI.create("memory://test-bucket/" + key + "?ttl=" + ttl.toSeconds());
        }

        public String text(String key) {
            return new String(content.get(key), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public static final class Customers implements CustomerStore {
        public final Map<String, Customer> byIdentity = new ConcurrentHashMap<>();

        @Override
        public Map<String, Customer> findByIdentity(Collection<String> identityKeys) {
            Map<String, Customer> out = new HashMap<>();
            identityKeys.forEach(k -> {
                Customer c = byIdentity.get(k);
                if (c != null) {
                    out.put(k, c);
                }
            });
            return out;
        }

        @Override
        public synchronized Map<String, Customer> insertNew(Collection<Customer> customers) {
            Map<String, Customer> winners = new HashMap<>();
            for (Customer c : customers) {
                Customer existing = byIdentity.putIfAbsent(c.identityKey(), c);
                if (existing != null) {
                    winners.put(c.identityKey(), existing);
                }
            }
            return winners;
        }

        @Override
        public void update(Collection<Customer> customers) {
            customers.forEach(c -> byIdentity.put(c.identityKey(), c));
        }

        @Override
        public Iterator<Customer> folderMembers(String folder) {
            return byIdentity.values().stream().filter(c -> c.folder().equals(folder))
                    .sorted(Comparator.comparing(Customer::code)).toList().iterator();
        }

        @Override
        public long countFolder(String folder) {
            return byIdentity.values().stream().filter(c -> c.folder().equals(folder)).count();
        }

        @Override
        public Optional<Customer> findByCode(String code) {
            return byIdentity.values().stream().filter(c -> code.equals(c.code())).findFirst();
        }

        @Override
        public List<Customer> findByContact(String kind, String key) {
            return byIdentity.values().stream().filter(c -> {
                String raw = c.attributes().get(kind);
                if (raw == null) {
                    return false;
                }
                Optional<String> normalized = switch (kind) {
                    case "phone" -> dev.custcode.identity.IdentityKeys.phone(raw);
                    case "email" -> dev.custcode.identity.IdentityKeys.email(raw);
                    default -> Optional.of(dev.custcode.identity.IdentityKeys.taxId(raw));
                };
                return normalized.filter(key::equals).isPresent();
            }).sorted(Comparator.comparing(Customer::code)).toList();
        }

        @Override
        public List<Customer> folderPage(String folder, String afterCode, int limit) {
            return byIdentity.values().stream().filter(c -> c.folder().equals(folder))
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
    }

    public static final class Imports implements ImportStore {
        public final Map<String, ImportRecord> records = new ConcurrentHashMap<>();
        public final Map<String, String> runs = new ConcurrentHashMap<>();
        public final Map<String, Instant> leases = new ConcurrentHashMap<>();
        public final Map<String, Map<String, CodeBlock>> blocks = new ConcurrentHashMap<>();

        @Override
        public synchronized Claim claim(ImportRecord start, Instant now, Instant leaseUntil) {
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
            return new Claim.Started(run, existing != null);
        }

        @Override
        public void heartbeat(String importId, String runId, long rowsRead, Instant leaseUntil) {
            if (!runId.equals(runs.get(importId))) {
                throw new IllegalStateException("lost the lease on " + importId);
            }
            leases.put(importId, leaseUntil);
        }

        @Override
        public void release(String importId, String runId) {
            if (runId.equals(runs.get(importId))) {
                leases.put(importId, Instant.EPOCH);
            }
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
        public void finish(ImportRecord finished) {
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
                Map<String, Customer> existing = new HashMap<>();
                for (Customer c : pending) {
                    Customer stored = customers.byIdentity.get(c.identityKey());
                    if (stored != null) {
                        existing.put(c.identityKey(), stored);
                        continue;
                    }
                    long seq = counters.reserve(prefix, 1).first();
                    Customer coded = new Customer(c.identityKey(), template.format(prefix, seq), prefix, seq, c.folder(), c.dimensions(),
                            c.attributes(), c.createdAt(), c.updatedAt(), c.firstImportId(), c.firstLine(), c.lastImportId(), c.lastLine());
                    customers.byIdentity.put(c.identityKey(), coded);
                    created.add(coded);
                }
                return new Outcome(created, existing);
            }
        }
    }

    public static final class History implements HistoryStore {
        public final List<FolderMove> moves = new ArrayList<>();

        @Override
        public synchronized void record(Collection<FolderMove> m) {
            moves.addAll(m);
        }

        @Override
        public synchronized List<FolderMove> of(String code) {
            return moves.stream().filter(m -> m.code().equals(code)).toList();
        }
    }

    public static final class Folders implements FolderStore {
        public final Map<String, FolderRecord> records = new TreeMap<>();

        @Override
        public synchronized void touch(Collection<String> folders, String importId, Instant at) {
            for (String f : folders) {
                List<String> ids = new ArrayList<>(records.containsKey(f) ? records.get(f).importIds() : List.of());
                ids.add(importId);
                records.put(f, new FolderRecord(f, at.toString(), ids));
            }
        }

        @Override
        public synchronized List<FolderRecord> all() {
            return List.copyOf(records.values());
        }
    }
}
