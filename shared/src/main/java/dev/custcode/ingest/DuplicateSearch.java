package dev.custcode.ingest;

import dev.custcode.customer.Customer;
import dev.custcode.identity.DuplicateRules;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.logging.LogContext;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.ImportStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Looks, for the customers a batch created or renamed, for stored customers that are probably the
 * same ({@link DuplicateRules}), through the blocks stored with the customers: one read of the
 * batch's blocks and one read of the customers found in them, never a scan. Then adds the batch's
 * customers to their blocks, so later imports find them, while the run's next batch goes on: the
 * run's block writes follow one another, and its later batches read the codes it joined to blocks
 * from memory ({@link #flush} waits for the last). Never merges anything.
 */
final class DuplicateSearch {
    /** Most pairs written for one customer (the best-scoring): a name matching dozens is not a duplicate of each. */
    static final int MAX_PER_CUSTOMER = 5;

    /** Block reads and writes run beside the batch's own writes (daemon threads: they never keep a JVM alive). */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "duplicate-search");
        t.setDaemon(true);
        return t;
    });

    private final CustomerStore customers;
    private final ImportStore imports;
    private final String importId;
    /** Block → the members this run joined to it: what its later batches add to what they read, whether or not it is stored yet. */
    private final Map<String, Set<String>> joinedByRun = new HashMap<>();
    /** This run's block writes, each begun when the one before ended. */
    private CompletableFuture<Void> storing = CompletableFuture.completedFuture(null);
    /** Pairs with customers another import joined to a block at the same time as this run, found as the run's block writes end. */
    private final List<Pair> late = java.util.Collections.synchronizedList(new ArrayList<>());

    /** A customer of a batch joining a block: what it is, and its entry there. */
    private record Joiner(Written written, String member) {
    }

    DuplicateSearch(CustomerStore customers, ImportStore imports, String importId) {
        this.customers = customers;
        this.imports = imports;
        this.importId = importId;
    }

    /**
     * A probable duplicate.
     *
     * @param customer the customer this import created or changed
     * @param line     the last line of this import's rows for it
     * @param other    the customer it probably is
     */
    record Pair(Customer customer, long line, Customer other, DuplicateRules.Match match) {
    }

    /**
     * A customer the batch wrote, the blocks it belonged to before (empty if new), its last line, and
     * whether this run created it (or found it created by a dead run of this import).
     */
    record Written(Customer customer, Set<String> blocksBefore, long line, boolean created) {
    }

    /** Starts reading blocks' members, block → codes (empty for a block nobody joined yet). */
    CompletableFuture<Map<String, Set<String>>> read(Set<String> blocks) {
        return blocks.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                : CompletableFuture.supplyAsync(() -> {
                    Map<String, Set<String>> m = new HashMap<>(customers.blockMembers(blocks));
                    blocks.forEach(b -> m.putIfAbsent(b, Set.of()));
                    return m;
                }, IO);
    }

    /** A search that found nothing, done. */
    static final CompletableFuture<List<Pair>> NOTHING = CompletableFuture.completedFuture(List.of());

    /**
     * {@link #find} beside the caller, which goes on with its next batch: the pairs, or the failure
     * that fails the run ({@link #join}). Call it again only when the one before is joined: a search
     * adds what its customers joined to the run's memory of blocks, which the next one reads.
     */
    CompletableFuture<List<Pair>> findLater(List<Written> written, String now, CompletableFuture<Map<String, Set<String>>> blocksRead) {
        return written.isEmpty() ? NOTHING : CompletableFuture.supplyAsync(LogContext.carried(() -> find(written, now, blocksRead)), IO);
    }

    /** What a search, block read or block write gave, or its failure as thrown. */
    static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * The pairs of {@code written} with stored customers (or each other), recorded; those a steward
     * dismissed are left out. {@code blocksRead}: the members of (at least) their blocks, read before.
     */
    List<Pair> find(List<Written> written, String now, CompletableFuture<Map<String, Set<String>>> blocksRead) {
        Set<String> fresh = new HashSet<>();
        written.stream().filter(Written::created).forEach(w -> fresh.add(w.customer().code()));
        List<Pair> pairs = search(written, join(blocksRead), now, fresh);
        return record(pairs, now, fresh);
    }

    /** The pairs recorded as probable duplicates: those a steward dismissed are left out. */
    private List<Pair> record(List<Pair> pairs, String now, Set<String> fresh) {
        if (pairs.isEmpty()) {
            return pairs;
        }
        Set<String> kept = new HashSet<>();
        imports.proposePairs(pairs.stream().map(p -> new ImportStore.DuplicatePair(
                ImportStore.DuplicatePair.id(p.customer().code(), p.other().code()), p.customer().code(), p.other().code(),
                p.match().score(), p.match().reasons(), importId, p.line(), now, ImportStore.DuplicatePair.OPEN,
                p.customer().folder(), p.other().folder())).toList(), fresh).forEach(p -> kept.add(p.id()));
        return pairs.stream().filter(p -> kept.contains(ImportStore.DuplicatePair.id(p.customer().code(), p.other().code()))).toList();
    }

    /**
     * Joins the batch's customers to their blocks ({@link CustomerStore#joinBlocks}, atomic a block), and
     * compares them with the members the answer shows that were not there when the blocks were read:
     * customers another import (or another chunk) joined at the same time, which that import may not
     * have seen either. One of two imports joining a block together always sees the other.
     */
    private void store(Map<String, Set<String>> joining, Map<String, Set<String>> leaving, Map<String, Set<String>> known,
                       Map<String, List<Joiner>> joiners, String now, Set<String> fresh) {
        Map<String, Set<String>> after = customers.joinBlocks(joining, leaving);
        Map<String, Joiner> byCode = new LinkedHashMap<>();
        Map<String, Set<String>> newcomers = new LinkedHashMap<>();
        after.forEach((b, members) -> {
            Set<String> before = known.getOrDefault(b, Set.of());
            for (String m : members) {
                String other = DuplicateRules.codeOf(m);
                if (before.contains(other)) {
                    continue;
                }
                for (Joiner j : joiners.getOrDefault(b, List.of())) {
                    String code = j.written().customer().code();
                    if (!code.equals(other) && DuplicateRules.mayMatch(j.member(), m)) {
                        byCode.put(code, j);
                        newcomers.computeIfAbsent(code, x -> new TreeSet<>()).add(other);
                    }
                }
            }
        });
        if (newcomers.isEmpty()) {
            return;
        }
        Map<String, Customer> found = new HashMap<>();
        customers.resolve(newcomers.values().stream().flatMap(Set::stream).distinct().map(IdentityKeys::codeKey).toList()).values()
                .forEach(c -> found.put(c.code(), c));
        List<Pair> pairs = new ArrayList<>();
        newcomers.forEach((code, others) -> {
            Written w = byCode.get(code).written();
            for (String o : others) {
                Customer other = found.get(o);
                if (other != null && !other.retired()) {
                    DuplicateRules.compare(w.customer(), other).ifPresent(m -> pairs.add(new Pair(w.customer(), w.line(), other, m)));
                }
            }
        });
        late.addAll(record(pairs, now, fresh));
    }

    /** Waits for this run's block writes; one that failed fails the run, whose redo joins its customers to their blocks again. */
    void flush() {
        join(storing);
    }

    /**
     * The pairs the run's block writes found with customers joined at the same time, each handed over
     * once: those found so far, or ({@code all}) once every block write ended.
     */
    List<Pair> lateFound(boolean all) {
        if (all) {
            flush();
        }
        synchronized (late) {
            List<Pair> out = List.copyOf(late);
            late.clear();
            return out;
        }
    }

    /**
     * The members of a block with others joining it: a code's newer entry (its current signature)
     * replaces the one stored, and new codes join while the block holds fewer than its cap.
     */
    static Set<String> with(Set<String> stored, Collection<String> joining) {
        Map<String, String> byCode = new TreeMap<>();
        stored.forEach(m -> byCode.put(DuplicateRules.codeOf(m), m));
        for (String m : joining) {
            String code = DuplicateRules.codeOf(m);
            if (byCode.containsKey(code) || byCode.size() < CustomerStore.BLOCK_CAP) {
                byCode.put(code, m);
            }
        }
        return new TreeSet<>(byCode.values());
    }

    private List<Pair> search(List<Written> written, Map<String, Set<String>> read, String now, Set<String> fresh) {
        Map<String, Written> searched = new LinkedHashMap<>();
        Map<String, Set<String>> joining = new HashMap<>();
        Map<String, Set<String>> blocksOf = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>();
        for (Written w : written) {
            Set<String> blocks = DuplicateRules.blocks(w.customer());
            if (blocks.isEmpty() || blocks.equals(w.blocksBefore()) || w.customer().retired()) {
                continue; // nothing it is compared by changed: an amount, an order count
            }
            searched.put(w.customer().code(), w);
            blocksOf.put(w.customer().code(), blocks);
            String member = DuplicateRules.member(w.customer());
            memberOf.put(w.customer().code(), member);
            for (String b : blocks) {
                if (!w.blocksBefore().contains(b)) {
                    joining.computeIfAbsent(b, x -> new TreeSet<>()).add(member);
                }
            }
        }
        if (searched.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> members = new HashMap<>(read);
        // What this run joined to these blocks before may not be stored yet, or stored after the read: added here (copied:
        // the run's own sets grow with this batch's members below, which are counted apart).
        blocksOf.values().forEach(blocks -> blocks.forEach(b -> {
            Set<String> ours = joinedByRun.get(b);
            if (ours != null) {
                members.put(b, with(members.getOrDefault(b, Set.of()), ours));
            }
        }));
        Set<String> unread = new HashSet<>();
        blocksOf.values().forEach(blocks -> blocks.stream().filter(b -> !read.containsKey(b)).forEach(unread::add));
        if (!unread.isEmpty()) {
            // Blocks read before hold those that exist; a block only missing from the request is read now.
            members.putAll(customers.blockMembers(unread));
        }
        // Blocks stay under their cap: a full one is not written at all. What joins is added, and a member's
        // entry under its former signature taken out; what was there is what a later answer is compared with.
        Map<String, Set<String>> writes = new HashMap<>();
        Map<String, Set<String>> leaving = new HashMap<>();
        Map<String, Set<String>> known = new HashMap<>();
        Map<String, List<Joiner>> joiners = new HashMap<>();
        joining.forEach((b, entries) -> {
            Set<String> stored = members.getOrDefault(b, Set.of());
            Set<String> all = with(stored, entries);
            if (!all.equals(stored)) {
                Set<String> added = new TreeSet<>(all);
                added.removeAll(stored);
                Set<String> gone = new TreeSet<>(stored);
                gone.removeAll(all);
                writes.put(b, added);
                if (!gone.isEmpty()) {
                    leaving.put(b, gone);
                }
                Set<String> codes = new HashSet<>();
                all.forEach(m -> codes.add(DuplicateRules.codeOf(m)));
                known.put(b, codes);
            }
        });
        writes.forEach((b, added) -> joining.get(b).stream().filter(added::contains).forEach(m -> {
            Set<String> ours = joinedByRun.computeIfAbsent(b, x -> new HashSet<>());
            ours.removeIf(earlier -> DuplicateRules.codeOf(earlier).equals(DuplicateRules.codeOf(m))); // a renamed customer's newer entry
            ours.add(m);
            searched.values().stream().filter(w -> memberOf.get(w.customer().code()).equals(m)).findFirst()
                    .ifPresent(w -> joiners.computeIfAbsent(b, x -> new ArrayList<>()).add(new Joiner(w, m)));
        }));
        // Joined after the run's earlier block writes, in order.
        storing = storing.thenRunAsync(() -> store(writes, leaving, known, joiners, now, fresh), IO);
        // A full block is a name start or a domain too common to be evidence: it is not searched.
        Set<String> full = new HashSet<>();
        blocksOf.values().forEach(blocks -> blocks.forEach(b -> {
            Set<String> codes = new HashSet<>();
            members.getOrDefault(b, Set.of()).forEach(m -> codes.add(DuplicateRules.codeOf(m)));
            int stored = codes.size();
            joining.getOrDefault(b, Set.of()).forEach(m -> codes.add(DuplicateRules.codeOf(m)));
            if (stored >= CustomerStore.BLOCK_CAP || codes.size() > CustomerStore.BLOCK_CAP) {
                full.add(b);
            }
        }));
        members.keySet().removeAll(full);
        // Each searched customer's stored neighbours: only those whose signature may match it are read.
        Map<String, Set<String>> near = new HashMap<>();
        Set<String> others = new TreeSet<>();
        blocksOf.forEach((code, blocks) -> {
            String ours = memberOf.get(code);
            Set<String> mine = near.computeIfAbsent(code, x -> new TreeSet<>());
            for (String b : blocks) {
                if (full.contains(b)) {
                    continue;
                }
                for (String m : members.getOrDefault(b, Set.of())) {
                    String other = DuplicateRules.codeOf(m);
                    if (!searched.containsKey(other) && DuplicateRules.mayMatch(ours, m)) {
                        mine.add(other);
                        others.add(other);
                    }
                }
                joining.getOrDefault(b, Set.of()).forEach(m -> mine.add(DuplicateRules.codeOf(m)));
            }
        });
        Map<String, Customer> found = new HashMap<>();
        searched.values().forEach(w -> found.put(w.customer().code(), w.customer()));
        customers.resolve(others.stream().map(IdentityKeys::codeKey).toList()).values().forEach(c -> found.put(c.code(), c));

        List<Pair> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Written w : searched.values()) {
            List<Pair> mine = new ArrayList<>();
            Customer c = w.customer();
            for (String code : near.get(c.code())) {
                Customer other = found.get(code);
                if (other == null || other.retired() || code.equals(c.code())) {
                    continue;
                }
                String pair = c.code().compareTo(code) < 0 ? c.code() + "|" + code : code + "|" + c.code();
                if (!seen.add(pair)) {
                    continue; // both of the batch: reported once
                }
                DuplicateRules.compare(c, other).ifPresent(m -> mine.add(new Pair(c, w.line(), other, m)));
            }
            mine.sort(java.util.Comparator.comparingDouble((Pair p) -> -p.match().score()).thenComparing(p -> p.other().code()));
            pairs.addAll(mine.subList(0, Math.min(MAX_PER_CUSTOMER, mine.size())));
        }
        return pairs;
    }
}
