package dev.custcode.testing;

import dev.custcode.store.FolderStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The folders table: which folders changed, and by which imports. */
public final class InMemoryFolderStore implements FolderStore {
    public final Map<String, FolderRecord> records = new TreeMap<>();

    @Override
    public synchronized void touch(Collection<String> folders, String importId, Instant at) {
        for (String f : folders) {
            List<String> ids = new ArrayList<>(records.containsKey(f) ? records.get(f).importIds() : List.of());
            ids.add(importId);
            if (ids.size() > RECENT_IMPORTS) {
                ids = new ArrayList<>(ids.subList(ids.size() - RECENT_IMPORTS, ids.size()));
            }
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
