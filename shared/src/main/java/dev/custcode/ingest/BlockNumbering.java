package dev.custcode.ingest;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.CodeTemplate;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import dev.custcode.store.ImportStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Default numbering: numbers come in blocks, one {@code ADD :n} per prefix per batch, recorded
 * against the import and batch before use so that a redo reuses them.
 *
 * <p>A number is never given twice because a customer is created under its code's key,
 * conditionally: a number an earlier run already gave (a redo), or one a concurrent writer took,
 * fails that customer's creation and the next free number is tried. A number reserved and not
 * given — its customer lost a race for one of its keys and joined the winner instead — goes back
 * to this import's pool and is the next new customer's, so racing imports waste few numbers.
 */
final class BlockNumbering implements Numbering {
    private static final int MAX_PROBES = 16;

    private final CodeAllocator allocator;
    private final ImportStore imports;
    private final CustomerStore customers;
    private final CodeTemplate template;
    private final String importId;
    private final boolean resumed;
    /** prefix → numbers reserved by this run and not given yet, smallest first. */
    private final Map<String, Deque<Long>> pool = new HashMap<>();
    /** Prefixes found past {@link CodeTemplate#maxSequence()} in this run: nothing more is reserved for them. */
    private final java.util.Set<String> exhausted = new java.util.HashSet<>();

    /**
     * @param resumed whether an earlier run of this import may have reserved blocks already (only
     *                then are recorded reservations looked up)
     */
    BlockNumbering(CodeAllocator allocator, ImportStore imports, CustomerStore customers, CodeTemplate template, String importId, boolean resumed) {
        this.allocator = allocator;
        this.imports = imports;
        this.customers = customers;
        this.template = template;
        this.importId = importId;
        this.resumed = resumed;
    }

    @Override
    public List<Result> create(int batch, int round, List<Customer> pending, Map<String, java.util.Set<Long>> taken) {
        Map<Customer, Result> results = new IdentityHashMap<>();
        List<Customer> waiting = new ArrayList<>();
        for (Customer c : pending) {
            if (exhausted.contains(c.prefix())) {
                results.put(c, new NoNumbers(template.noNumbersLeft(c.prefix())));
            } else {
                waiting.add(c);
            }
        }
        Map<String, Integer> need = new LinkedHashMap<>();
        waiting.forEach(c -> need.merge(c.prefix(), 1, Integer::sum));
        if (!need.isEmpty()) {
            supply(batch, round, need, taken);
        }
        for (int probe = 0; !waiting.isEmpty(); probe++) {
            if (probe == MAX_PROBES) {
                throw new IllegalStateException("no free code found for " + waiting.size() + " customers of import " + importId
                        + " after " + MAX_PROBES + " attempts");
            }
            Map<String, Integer> more = new LinkedHashMap<>();
            waiting.forEach(c -> more.merge(c.prefix(), 1, Integer::sum));
            more.forEach((prefix, n) -> {
                int lacking = n - pool.getOrDefault(prefix, new ArrayDeque<>()).size();
                if (lacking > 0) {
                    give(allocator.reserve(prefix, lacking));
                }
            });
            List<CustomerWrite> writes = new ArrayList<>();
            Map<CustomerWrite, Customer> origin = new IdentityHashMap<>();
            for (Customer c : waiting) {
                long seq = pool.get(c.prefix()).pollFirst();
                if (seq > template.maxSequence()) {
                    // The counter passed what {seq:N} can show: a property of the data, not a
                    // fault, so the customer is refused (its rows rejected) rather than the import.
                    exhausted.add(c.prefix());
                    results.put(c, new NoNumbers(template.noNumbersLeft(c.prefix())));
                    continue;
                }
                CustomerWrite w = new CustomerWrite.Create(c.toBuilder().code(template.format(c.prefix(), seq)).sequence(seq).build());
                writes.add(w);
                origin.put(w, c);
            }
            Map<CustomerWrite, CustomerStore.Reason> rejected = new IdentityHashMap<>();
            if (!writes.isEmpty()) {
                customers.write(writes).forEach(r -> rejected.put(r.write(), r.reason()));
            }
            List<Customer> retry = new ArrayList<>();
            for (CustomerWrite w : writes) {
                CustomerStore.Reason reason = rejected.get(w);
                Customer c = origin.get(w);
                if (reason == null) {
                    results.put(c, new Created(w.customer()));
                } else if (reason == CustomerStore.Reason.CODE_TAKEN) {
                    retry.add(c); // that number is used: try the next
                } else {
                    results.put(c, new LostRace());
                    pool.get(c.prefix()).addFirst(w.customer().sequence()); // not given: the next new customer's
                }
            }
            waiting = retry;
        }
        List<Result> out = new ArrayList<>(pending.size());
        pending.forEach(c -> out.add(results.get(c)));
        return out;
    }

    /** Makes sure the pool holds enough numbers for this batch's new customers. */
    private void supply(int batch, int round, Map<String, Integer> need, Map<String, java.util.Set<Long>> taken) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        need.forEach((prefix, n) -> {
            int have = pool.getOrDefault(prefix, new ArrayDeque<>()).size();
            if (have < n) {
                missing.put(prefix, n - have);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        if (round > 0) {
            // A later round of the same batch: its recorded blocks were used by the first round.
            missing.forEach((prefix, n) -> {
                int lacking = n - reclaim(prefix, n);
                if (lacking > 0) {
                    give(allocator.reserve(prefix, lacking));
                }
            });
            return;
        }
        Map<String, CodeBlock> blocks = new HashMap<>(resumed ? imports.reservations(importId, batch) : Map.of());
        // Numbers other imports gave back come first; a batch with a recorded block uses that (a redo).
        for (String prefix : List.copyOf(missing.keySet())) {
            if (!blocks.containsKey(prefix)) {
                int lacking = missing.get(prefix) - reclaim(prefix, missing.get(prefix));
                if (lacking > 0) {
                    missing.put(prefix, lacking);
                } else {
                    missing.remove(prefix);
                }
            }
        }
        Map<String, CodeBlock> reserved = new HashMap<>();
        missing.keySet().stream().filter(p -> !blocks.containsKey(p)).toList().parallelStream()
                .map(p -> allocator.reserve(p, missing.get(p)))
                .toList()
                .forEach(b -> reserved.put(b.prefix(), b));
        if (!reserved.isEmpty()) {
            blocks.putAll(imports.recordReservations(importId, batch, reserved));
        }
        // A redo skips the numbers its earlier run gave, so the rest go to the same customers as then.
        missing.keySet().forEach(p -> give(blocks.get(p), taken.getOrDefault(p, java.util.Set.of())));
    }

    /** Takes up to {@code n} numbers other imports gave back into the pool; returns how many. */
    private int reclaim(String prefix, int n) {
        List<Long> back = allocator.reclaim(prefix, n);
        pool.computeIfAbsent(prefix, p -> new ArrayDeque<>()).addAll(back);
        return back.size();
    }

    /** Gives the numbers this run reserved and never gave back to the prefix's free list, for the next import. */
    @Override
    public void finish() {
        pool.forEach((prefix, numbers) -> {
            if (!numbers.isEmpty()) {
                allocator.release(prefix, List.copyOf(numbers));
                numbers.clear();
            }
        });
    }

    private void give(CodeBlock block) {
        give(block, java.util.Set.of());
    }

    private void give(CodeBlock block, java.util.Set<Long> skip) {
        Deque<Long> numbers = pool.computeIfAbsent(block.prefix(), p -> new ArrayDeque<>());
        for (long n = block.first(); n <= block.last(); n++) {
            if (!skip.contains(n)) {
                numbers.addLast(n);
            }
        }
    }
}
