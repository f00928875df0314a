package dev.custcode.ingest;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import dev.custcode.codes.GaplessNumbering;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.HistoryStore.FolderMove;
import dev.custcode.store.ImportStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies one batch of accepted rows to the customer store: recognizes existing customers,
 * gives new ones codes from reserved blocks, writes what changed, records folder moves.
 *
 * <p>Safe to run again for the same batch after a crash: rows this import already applied are
 * recognized (the customer's {@code lastImportId}/{@code lastLine}), and the batch's code blocks
 * are looked up in the import record and reused, skipping numbers the earlier run already gave,
 * so a retry issues the same codes and burns no new numbers.
 */
final class BatchApplier {
    private final CustomerStore customers;
    private final CodeAllocator allocator;
    private final ImportStore imports;
    private final HistoryStore history;
    private final CodeTemplate template;
    private final String importId;
    private final boolean resumed;
    private final GaplessNumbering gapless;

    /**
     * @param resumed whether an earlier run of this import may have reserved blocks already (only
     *                then are recorded reservations looked up)
     * @param gapless the gapless numbering when the scheme asks for it, else null (blocks)
     */
    BatchApplier(CustomerStore customers, CodeAllocator allocator, ImportStore imports, HistoryStore history,
                 CodeTemplate template, String importId, boolean resumed, GaplessNumbering gapless) {
        this.resumed = resumed;
        this.gapless = gapless;
        this.customers = customers;
        this.allocator = allocator;
        this.imports = imports;
        this.history = history;
        this.template = template;
        this.importId = importId;
    }

    void apply(int batch, List<AcceptedRow> rows, String now, ImportTally tally) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.add(r.identity().key()));
        long t0 = System.nanoTime();
        Map<String, Customer> stored = customers.findByIdentity(keys);
        long t1 = System.nanoTime();
        Map<String, Customer> state = new HashMap<>(stored);
        Map<String, Customer> pendingNew = new LinkedHashMap<>();
        Map<String, Customer> updates = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        // code → its move in this batch: a customer moved twice by duplicate rows is one move, first folder to last.
        Map<String, FolderMove> moves = new LinkedHashMap<>();

        for (AcceptedRow row : rows) {
            String key = row.identity().key();
            Customer cur = state.get(key);
            boolean appliedBefore = cur != null && importId.equals(cur.lastImportId()) && cur.lastLine() >= row.line();
            if (!seen.add(key) || (cur != null && importId.equals(cur.lastImportId()) && cur.lastLine() < row.line())) {
                tally.duplicates++;
            }
            tally.filed(row.classification().folder());
            if (cur == null) {
                Customer fresh = new Customer(key, null, row.classification().prefix(), 0, row.classification().folder(),
                        row.classification().valueKeys(), row.values(), now, now, importId, row.line(), importId, row.line());
                pendingNew.put(key, fresh);
                state.put(key, fresh);
                tally.created++;
                tally.changedFolders.add(fresh.folder());
            } else if (appliedBefore) {
                // An earlier run of this import wrote this row (or a later row of the same customer).
                if (importId.equals(cur.firstImportId()) && cur.firstLine() == row.line()) {
                    tally.created++;
                    tally.issued(cur.prefix(), cur.sequence());
                } else {
                    tally.updated++;
                }
                tally.changedFolders.add(cur.folder());
            } else {
                // A customer still waiting for its code takes its prefix from its latest row.
                String prefix = cur.code() == null ? row.classification().prefix() : cur.prefix();
                Customer next = new Customer(key, cur.code(), prefix, cur.sequence(), row.classification().folder(),
                        row.classification().valueKeys(), row.values(), cur.createdAt(), now, cur.firstImportId(),
                        cur.firstLine(), importId, row.line());
                if (next.sameContent(cur)) {
                    tally.unchanged++;
                } else {
                    tally.updated++;
                    tally.changedFolders.add(next.folder());
                    // A customer created earlier in this batch was never filed in its first folder: no move.
                    if (!cur.folder().equals(next.folder()) && cur.code() != null) {
                        tally.moved++;
                        tally.changedFolders.add(cur.folder());
                        moves.merge(cur.code(), new FolderMove(cur.code(), now, cur.folder(), next.folder(), "import " + importId),
                                (first, later) -> new FolderMove(first.code(), now, first.from(), later.to(), first.cause()));
                    }
                    if (pendingNew.containsKey(key)) {
                        pendingNew.put(key, next);
                    } else {
                        updates.put(key, next);
                    }
                }
                state.put(key, next);
            }
        }

        long t2 = System.nanoTime();
        List<Customer> created;
        Map<String, Customer> winners;
        long t3;
        if (gapless != null) {
            created = new ArrayList<>();
            winners = new HashMap<>();
            Map<String, List<Customer>> byPrefix = new LinkedHashMap<>();
            pendingNew.values().forEach(c -> byPrefix.computeIfAbsent(c.prefix(), p -> new ArrayList<>()).add(c));
            t3 = System.nanoTime();
            for (var e : byPrefix.entrySet()) {
                GaplessNumbering.Outcome outcome = gapless.create(e.getKey(), e.getValue(), template);
                created.addAll(outcome.created());
                winners.putAll(outcome.existing());
            }
        } else {
            created = assignCodes(batch, pendingNew, stored, tally);
            t3 = System.nanoTime();
            winners = customers.insertNew(created);
        }
        long t4 = System.nanoTime();
        if (gapless != null) {
            created.forEach(c -> tally.issued(c.prefix(), c.sequence()));
        }
        for (Customer lost : pendingNew.values()) {
            Customer winner = winners.get(lost.identityKey());
            if (winner == null) {
                continue;
            }
            if (importId.equals(winner.firstImportId()) && winner.firstLine() == lost.firstLine()) {
                // Our own write, whose response was lost and whose retry found it done: it was created.
                if (gapless != null) {
                    tally.issued(winner.prefix(), winner.sequence());
                }
                continue;
            }
            // Another import created this identity first: adopt its code; a number we reserved is a gap.
            if (gapless == null) {
                tally.withdrawn(lost.prefix());
            }
            tally.created--;
            Customer adopted = new Customer(winner.identityKey(), winner.code(), winner.prefix(), winner.sequence(),
                    lost.folder(), lost.dimensions(), lost.attributes(), winner.createdAt(), now, winner.firstImportId(),
                    winner.firstLine(), importId, lost.lastLine());
            if (adopted.sameContent(winner)) {
                tally.unchanged++;
            } else {
                tally.updated++;
                updates.put(adopted.identityKey(), adopted);
                if (!winner.folder().equals(adopted.folder())) {
                    tally.moved++;
                    tally.changedFolders.add(winner.folder());
                    moves.put(winner.code(), new FolderMove(winner.code(), now, winner.folder(), adopted.folder(), "import " + importId));
                }
            }
        }
        customers.update(updates.values());
        history.record(moves.values().stream().filter(m -> !m.from().equals(m.to())).toList());
        long t5 = System.nanoTime();
        tally.nanos[0] += t1 - t0;
        tally.nanos[1] += t2 - t1;
        tally.nanos[2] += t3 - t2;
        tally.nanos[3] += t4 - t3;
        tally.nanos[4] += t5 - t4;
    }

    /**
     * Gives each pending new customer a code from this batch's block for its prefix: the block
     * recorded by an earlier run of this import when there is one (skipping numbers that run
     * already gave), else a newly reserved one, recorded before use.
     */
    private List<Customer> assignCodes(int batch, Map<String, Customer> pendingNew, Map<String, Customer> stored, ImportTally tally) {
        Map<String, List<Customer>> byPrefix = new LinkedHashMap<>();
        pendingNew.values().forEach(c -> byPrefix.computeIfAbsent(c.prefix(), p -> new ArrayList<>()).add(c));
        if (byPrefix.isEmpty()) {
            return List.of();
        }
        Map<String, CodeBlock> blocks = new HashMap<>(resumed ? imports.reservations(importId, batch) : Map.of());
        Map<String, Set<Long>> taken = new HashMap<>();
        for (Customer s : stored.values()) {
            if (importId.equals(s.firstImportId()) && s.code() != null) {
                taken.computeIfAbsent(s.prefix(), p -> new TreeSet<>()).add(s.sequence());
            }
        }
        Map<String, CodeBlock> reserved = new HashMap<>();
        List<Map.Entry<String, List<Customer>>> missing = byPrefix.entrySet().stream().filter(e -> !blocks.containsKey(e.getKey())).toList();
        missing.parallelStream()
                .map(e -> allocator.reserve(e.getKey(), e.getValue().size()))
                .toList()
                .forEach(b -> reserved.put(b.prefix(), b));
        if (!reserved.isEmpty()) {
            blocks.putAll(imports.recordReservations(importId, batch, reserved));
        }
        List<Customer> coded = new ArrayList<>(pendingNew.size());
        for (var e : byPrefix.entrySet()) {
            String prefix = e.getKey();
            List<Long> free = freeNumbers(blocks.get(prefix), taken.getOrDefault(prefix, Set.of()));
            List<Customer> waiting = e.getValue();
            if (free.size() < waiting.size()) {
                // Only when a retry needs more numbers than the first run did (the scheme changed
                // in between): top up with a fresh block; the recorded one stays as it was.
                CodeBlock extra = allocator.reserve(prefix, waiting.size() - free.size());
                for (long n = extra.first(); n <= extra.last(); n++) {
                    free.add(n);
                }
            }
            for (int i = 0; i < waiting.size(); i++) {
                Customer c = waiting.get(i);
                long seq = free.get(i);
                tally.issued(prefix, seq);
                coded.add(new Customer(c.identityKey(), template.format(prefix, seq), prefix, seq, c.folder(), c.dimensions(),
                        c.attributes(), c.createdAt(), c.updatedAt(), c.firstImportId(), c.firstLine(), c.lastImportId(), c.lastLine()));
            }
        }
        return coded;
    }

    private static List<Long> freeNumbers(CodeBlock block, Set<Long> taken) {
        List<Long> free = new ArrayList<>(block.size());
        for (long n = block.first(); n <= block.last(); n++) {
            if (!taken.contains(n)) {
                free.add(n);
            }
        }
        return free;
    }
}
