package dev.custcode.ingest;

import dev.custcode.csv.CsvRow;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.csv.InputFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lines of a file (or of the rest of a chunk) whose customer the file names again further on,
 * found by one pass over its rows before any is applied, and the rows held back until then.
 *
 * <p>Why: a file that names a stored customer on two lines batches apart, dropped again unchanged,
 * set the customer to the earlier line's values in one batch and back to the later line's in
 * another: two updates and a change and its reversal in the history, for a file that changed
 * nothing. Now a row that finds a <em>stored</em> customer, and whose keys come again on a later
 * line, waits ({@link BatchApplier} hands it back) and is applied in the batch of that later line,
 * merged with it in line order: one write, and a change undone within the file is no change. Rows
 * of new customers are not held, so codes are still given in line order.
 *
 * <p>Lines are joined through shared keys (code, customer id, tax id, phone, email; name + city only
 * for a row with nothing else), so a chain of spellings is one customer here; a key is kept as a
 * 64-bit hash (a collision only holds a row back for nothing). Bounded: the pass looks at the first
 * {@value #MAX_ROWS} rows, at most {@value #MAX_HELD} rows (or {@value #MAX_HELD_CHARS} characters of
 * cells) wait at once, and beyond either a row is applied as read, as before. Rows a chunk apart are
 * not seen by one another's pass (each batch of theirs is applied on its own).
 */
final class LaterLines {
    static final int MAX_ROWS = 200_000;
    static final int MAX_HELD = 5_000;
    static final long MAX_HELD_CHARS = 16L << 20;

    /** A file with no line named again, or one nobody scanned. */
    static LaterLines none() {
        return new LaterLines(Map.of());
    }

    /** Line → the last line of the rows joined to it by a key, for lines with a later one only. */
    private final Map<Long, Long> lastOf;
    private final List<AcceptedRow> held = new ArrayList<>();
    private final Set<Long> heldLines = new HashSet<>();
    /** The customers (their rows' joint last line) a row of which waits: their other rows wait with it. */
    private final Set<Long> waiting = new HashSet<>();
    /** Lines released to a batch: held no more, whatever their last line. */
    private final Set<Long> due = new HashSet<>();
    private long heldChars;
    /** Released all: the batch being applied is the run's last, and holds nothing back. */
    private boolean closed;

    private LaterLines(Map<Long, Long> lastOf) {
        this.lastOf = lastOf;
    }

    /**
     * Reads the rows the run is about to read (the reader positioned where the run starts) and
     * joins them by their keys. A record that cannot be read ends the pass: the run stops there too.
     */
    static LaterLines scan(CustomerCsvReader reader, RowValidator validator) throws IOException {
        long[] lines = new long[1024];
        int[] firstKey = new int[1024];
        int rows = 0;
        Map<Long, Integer> ids = new HashMap<>();
        int[] parent = new int[1024];
        long[] last = new long[1024];
        try {
            while (rows < MAX_ROWS && reader.hasNext()) {
                CsvRow row = reader.next();
                List<String> keys = validator.keysOf(row);
                if (keys.isEmpty()) {
                    continue;
                }
                int root = -1;
                for (String key : keys) {
                    Integer id = ids.get(hash(key));
                    if (id == null) {
                        id = ids.size();
                        ids.put(hash(key), id);
                        if (id == parent.length) {
                            parent = Arrays.copyOf(parent, id * 2);
                            last = Arrays.copyOf(last, id * 2);
                        }
                        parent[id] = id;
                    }
                    int r = find(parent, id);
                    if (root < 0) {
                        root = r;
                    } else if (r != root) {
                        parent[r] = root;
                        last[root] = Math.max(last[root], last[r]);
                    }
                }
                last[root] = Math.max(last[root], row.line());
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, rows * 2);
                    firstKey = Arrays.copyOf(firstKey, rows * 2);
                }
                lines[rows] = row.line();
                firstKey[rows] = ids.get(hash(keys.get(0)));
                rows++;
            }
        } catch (InputFormatException unreadable) {
            // The run stops at the same record and says why; the rows before it are all there is.
        }
        Map<Long, Long> lastOf = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            long end = last[find(parent, firstKey[i])];
            if (end > lines[i]) {
                lastOf.put(lines[i], end);
            }
        }
        return new LaterLines(lastOf);
    }

    private static int find(int[] parent, int id) {
        while (parent[id] != id) {
            parent[id] = parent[parent[id]];
            id = parent[id];
        }
        return id;
    }

    /** FNV-1a over the key's characters. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * The line a run has written the row's customer up to once the row is applied: the last line it
     * waited for when it was held (released), else its own.
     */
    long appliedWith(AcceptedRow row) {
        return due.contains(row.line()) ? lastOf.get(row.line()) : row.line();
    }

    /**
     * Holds the row back if the file names its customer again after {@code lastLineOfBatch} and
     * there is room; says whether it did.
     */
    boolean hold(AcceptedRow row, long lastLineOfBatch) {
        Long last = lastOf.get(row.line());
        if (closed || last == null || last <= lastLineOfBatch || due.contains(row.line()) || held.size() >= MAX_HELD) {
            return false;
        }
        long chars = row.cells().stream().mapToLong(String::length).sum();
        if (heldChars + chars > MAX_HELD_CHARS) {
            return false;
        }
        held.add(row);
        heldLines.add(row.line());
        waiting.add(last);
        heldChars += chars;
        return true;
    }

    /**
     * The held rows whose last line has been read (all of them when {@code all}: at a pause or the
     * end, nothing waits across an invocation, and the batch holds back nothing more), to join the
     * batch about to be applied.
     */
    List<AcceptedRow> release(long lastLineRead, boolean all) {
        closed |= all;
        List<AcceptedRow> out = new ArrayList<>();
        held.removeIf(row -> {
            if (all || lastOf.get(row.line()) <= lastLineRead) {
                out.add(row);
                due.add(row.line());
                heldLines.remove(row.line());
                heldChars -= row.cells().stream().mapToLong(String::length).sum();
                return true;
            }
            return false;
        });
        out.sort(Comparator.comparingLong(AcceptedRow::line));
        return out;
    }

    /**
     * Whether a row of the same customer (rows joined by keys) waits already: then this one waits too,
     * whatever it finds, so that the customer's rows are applied together and in line order (an email
     * the waiting row would give a stored customer is not taken by a new one meanwhile).
     */
    boolean customerWaits(AcceptedRow row) {
        Long last = lastOf.get(row.line());
        return !closed && last != null && waiting.contains(last);
    }

    /** Whether the row of this line waits (its warnings are written when it is applied). */
    boolean isHeld(long line) {
        return heldLines.contains(line);
    }
}
