package dev.custcode.testing;

import dev.custcode.customer.Customer;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The customers table: customers under their codes, and the claims of their keys, in one key space as in DynamoDB. */
public final class InMemoryCustomerStore implements CustomerStore {
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

    private final java.util.SortedMap<String, String> columns = new java.util.TreeMap<>();

    @Override
    public synchronized java.util.Set<String> noteColumns(Map<String, String> headerByKey) {
        java.util.Set<String> refused = new java.util.LinkedHashSet<>();
        headerByKey.forEach((k, h) -> {
            if (columns.containsKey(k)) {
                return; // as DynamoDB's: the header first recorded stays
            }
            if (columns.size() < MAX_COLUMNS) {
                columns.put(k, h);
            } else {
                refused.add(k);
            }
        });
        return refused;
    }

    @Override
    public synchronized java.util.SortedMap<String, String> columns() {
        return new java.util.TreeMap<>(columns);
    }

    @Override
    public synchronized void leaveBlocks(String code, java.util.Set<String> left) {
        left.forEach(b -> {
            java.util.Set<String> m = blocks.get(b);
            if (m != null) {
                m.removeIf(member -> dev.custcode.identity.DuplicateRules.codeOf(member).equals(code));
            }
        });
    }

    /** Runs before each block write lands (outside the store's lock): a test holds writes back with it. */
    public volatile Runnable beforeBlocksStored = () -> { };

    @Override
    public void storeBlocks(Map<String, java.util.Set<String>> membersByBlock) {
        beforeBlocksStored.run();
        synchronized (this) {
            membersByBlock.forEach((block, codes) -> blocks.put(block, new java.util.TreeSet<>(codes)));
        }
    }

    @Override
    public Map<String, java.util.Set<String>> joinBlocks(Map<String, java.util.Set<String>> joining, Map<String, java.util.Set<String>> leaving) {
        beforeBlocksStored.run();
        Map<String, java.util.Set<String>> after = new HashMap<>();
        synchronized (this) {
            joining.forEach((block, entries) -> {
                java.util.Set<String> m = blocks.computeIfAbsent(block, b -> new java.util.TreeSet<>());
                m.removeAll(leaving.getOrDefault(block, java.util.Set.of()));
                if (m.size() < dev.custcode.store.CustomerStore.BLOCK_CAP) {
                    m.addAll(entries);
                    after.put(block, java.util.Set.copyOf(m));
                }
            });
        }
        return after;
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
        // DynamoDB refuses a transaction that writes one item twice, and the adapter packs the writes of one
        // call into transactions: a claim released by one write and made by another of the same call would
        // fail the whole batch there. Refused here too, so that a test finds the caller that does it.
        java.util.Set<String> claimItems = new java.util.HashSet<>();
        for (CustomerWrite w : writes) {
            List<String> items = w instanceof CustomerWrite.Update u ? java.util.stream.Stream.concat(u.added().stream(), u.removed().stream()).toList()
                    : w instanceof CustomerWrite.Transfer t ? t.moved() : w.customer().keys();
            for (String key : items) {
                if (!claimItems.add(key)) {
                    throw new IllegalArgumentException("two writes of one call write the claim of " + key + " (one DynamoDB transaction may not)");
                }
            }
        }
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
