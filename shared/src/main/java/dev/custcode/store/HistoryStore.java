package dev.custcode.store;

import java.util.Collection;

/** The history of group moves: a customer's code stays, its folder changes, and the change is kept. */
public interface HistoryStore {

    void record(Collection<FolderMove> moves);

    /** A customer's moves, oldest first. */
    java.util.List<FolderMove> of(String code);

    /**
     * @param code     the customer's (unchanged) code
     * @param at       ISO-8601 instant
     * @param from     the folder it left
     * @param to       the folder it went to
     * @param cause    what moved it: an import id, or a reclassification
     */
    record FolderMove(String code, String at, String from, String to, String cause) {
    }
}
