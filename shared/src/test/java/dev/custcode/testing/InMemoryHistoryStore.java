package dev.custcode.testing;

import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The history table: every change of a customer, by code. */
public final class InMemoryHistoryStore implements HistoryStore {
    public final List<Change> changes = new ArrayList<>();
    /** Reads of each customer's history (a page of it, or its changes by one import): a query each in DynamoDB. */
    public final Map<String, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where each change is in {@link #changes}, by code and sort key. */
    private final Map<String, Integer> at = new java.util.HashMap<>();

    @Override
    public synchronized void record(Collection<Change> c) {
        // As the table's put: one of the same key replaces the one kept, where it is.
        for (Change change : c) {
            Integer i = at.putIfAbsent(key(change), changes.size());
            if (i == null) {
                changes.add(change);
            } else {
                changes.set(i, change);
            }
        }
    }

    private static String key(Change c) {
        return c.code() + "\u0000" + sortKey(c);
    }

    @Override
    public synchronized ImportStore.Page<Change> of(String code, String cursor, int limit) {
        reads.merge(code, 1, Integer::sum);
        List<Change> all = new ArrayList<>(changes.stream().filter(m -> m.code().equals(code)).toList());
        java.util.Collections.reverse(all);
        // The cursor is the last item's sort key, as DynamoDB's (the API checks its form).
        int from = 0;
        if (cursor != null) {
            while (from < all.size() && !sortKey(all.get(from)).equals(cursor)) {
                from++;
            }
            from++;
        }
        List<Change> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        // A full page has a next, even the last one (whose next page is empty), as a DynamoDB query that reached its Limit.
        return new ImportStore.Page<>(List.copyOf(page), page.size() == limit ? sortKey(page.get(page.size() - 1)) : null);
    }

    private static String sortKey(Change c) {
        return c.at() + "#" + c.importId() + "#" + String.format("%012d", c.line());
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
            reads.merge(code, 1, Integer::sum);
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
        at.clear();
        for (int i = 0; i < changes.size(); i++) {
            at.put(key(changes.get(i)), i);
        }
        return before - changes.size();
    }

    public synchronized List<Change> moves() {
        return changes.stream().filter(Change::moved).toList();
    }
}
