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
