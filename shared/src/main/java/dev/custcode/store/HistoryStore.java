package dev.custcode.store;

import java.util.Collection;
import java.util.List;

/**
 * Every change of every customer, kept: which fields changed from what to what, folder moves,
 * keys added, by which import and line. A customer's code stays; its history grows.
 */
public interface HistoryStore {

    /**
     * Keeps these changes. A change with the code, instant, import and line of one kept replaces it
     * (a redone import rewrites its entries instead of adding new ones).
     */
    void record(Collection<Change> changes);

    /** A customer's changes, newest first, a page at a time; {@code cursor} is a previous page's {@code next} (null: the newest). */
    ImportStore.Page<Change> of(String code, String cursor, int limit);

    /** A customer's whole history, newest first: every page of {@link #of}. */
    default List<Change> all(String code) {
        List<Change> out = new java.util.ArrayList<>();
        String cursor = null;
        do {
            ImportStore.Page<Change> page = of(code, cursor, 500);
            out.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return out;
    }

    /**
     * The changes one import (or run) made to each of these customers, oldest first, by code in
     * the order given; a customer it did not change is absent. What an undo reverts: the codes
     * come from {@link ImportStore#touched}.
     */
    java.util.Map<String, List<Change>> changedBy(String importId, Collection<String> codes);

    /**
     * Every change one import made, found by reading the whole history: only for an import made
     * before imports listed the codes they change (a template older than 2026-12-01).
     */
    java.util.Map<String, List<Change>> scanFor(String importId);

    /** Forgets every change of a customer (their values are personal data); answers how many there were. */
    int erase(String code);

    /** A side of a change: the values before it, or those it set (and the keys it added). */
    enum Side { FROM, TO }

    /** One field's change; {@code from} or {@code to} null when the value was absent. */
    record FieldChange(String field, String from, String to) {
        /** The fields whose values differ between two versions of a customer's data, in field order. */
        public static List<FieldChange> between(java.util.Map<String, String> before, java.util.Map<String, String> after) {
            java.util.Set<String> fields = new java.util.TreeSet<>(before.keySet());
            fields.addAll(after.keySet());
            List<FieldChange> out = new java.util.ArrayList<>();
            for (String f : fields) {
                if (!java.util.Objects.equals(before.get(f), after.get(f))) {
                    out.add(new FieldChange(f, before.get(f), after.get(f)));
                }
            }
            return out;
        }
    }

    /**
     * One change of one customer.
     *
     * @param code       the customer's (unchanged) code
     * @param at         ISO-8601 instant
     * @param importId   the import that made it (or the undo's import id)
     * @param line       the line of that import's file, 0 when not from a row
     * @param kind       {@code created}, {@code updated}, {@code retired} or {@code reverted}
     * @param fields     the fields that changed
     * @param fromFolder the folder before (null for a creation)
     * @param toFolder   the folder after (null for a retirement)
     * @param keysAdded  identity keys the change gave the customer
     * @param cause      what made it: {@code import <id>}, {@code undo of <id>} …
     */
    record Change(String code, String at, String importId, long line, String kind, List<FieldChange> fields,
                  String fromFolder, String toFolder, List<String> keysAdded, String cause) {
        public Change {
            fields = List.copyOf(fields);
            keysAdded = List.copyOf(keysAdded);
        }

        public boolean moved() {
            return fromFolder != null && toFolder != null && !fromFolder.equals(toFolder);
        }

        /** Whether it records a value on this side (or, for {@code TO}, a key it added). */
        public boolean holdsValues(Side side) {
            return side == Side.TO && !keysAdded.isEmpty() || fields.stream().anyMatch(f -> (side == Side.FROM ? f.from() : f.to()) != null);
        }

        /** The same change without the values of one side (and for {@code TO} the keys it added), its cause saying why. */
        public Change withoutValues(Side side, String why) {
            List<FieldChange> kept = fields.stream().map(f -> side == Side.FROM ? new FieldChange(f.field(), null, f.to())
                    : new FieldChange(f.field(), f.from(), null)).toList();
            return with(kept, side == Side.TO ? List.of() : keysAdded, why);
        }

        /** The same change with other fields and keys added, its cause saying why (once, however often it is said). */
        public Change with(List<FieldChange> fields, List<String> keysAdded, String why) {
            String note = " (" + why + ")";
            String noted = cause == null ? note.strip() : cause.endsWith(note) ? cause : cause + note;
            return new Change(code, at, importId, line, kind, fields, fromFolder, toFolder, keysAdded, noted);
        }
    }
}
