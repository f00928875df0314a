package dev.custcode.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The registry of leaf folders that hold or held customers, with when they last changed. */
public interface FolderStore {
    /** How many import ids a folder remembers: the most recent ones. */
    int RECENT_IMPORTS = 20;

    /** Records that these leaf folders changed in this import (remembered among its {@link #RECENT_IMPORTS} most recent). */
    void touch(Collection<String> folders, String importId, Instant at);

    /** Every registered leaf folder. */
    List<FolderRecord> all();

    /**
     * Records how many customers a leaf held as read by an export that began at {@code countedAt}
     * (every change before that instant seen), unless a count from a later export is recorded.
     */
    void recordCount(String folder, long count, Instant countedAt);

    /**
     * @param folder     leaf folder path
     * @param lastChange ISO-8601 instant of the last change
     * @param importIds  the most recent imports that changed it, newest last
     * @param count      its members as last counted by an export (null: never counted)
     * @param countedAt  ISO-8601 instant that count reflects (null: never counted)
     */
    record FolderRecord(String folder, String lastChange, List<String> importIds, Long count, String countedAt) {
        public FolderRecord(String folder, String lastChange, List<String> importIds) {
            this(folder, lastChange, importIds, null, null);
        }

        /** The recorded count, if no change came after the instant it reflects. */
        public Optional<Long> currentCount() {
            boolean current = count != null && countedAt != null
                    && (lastChange == null || !Instant.parse(lastChange).isAfter(Instant.parse(countedAt)));
            return current ? Optional.of(count) : Optional.empty();
        }
    }
}
