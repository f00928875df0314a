package dev.custcode.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The registry of leaf folders that hold or held customers, with when they last changed. */
public interface FolderStore {

    /** Records that these leaf folders changed in this import. */
    void touch(Collection<String> folders, String importId, Instant at);

    /** Every registered leaf folder. */
    List<FolderRecord> all();

    /**
     * @param folder     leaf folder path
     * @param lastChange ISO-8601 instant of the last change
     * @param importIds  the most recent imports that changed it, newest last
     */
    record FolderRecord(String folder, String lastChange, List<String> importIds) {
    }
}
