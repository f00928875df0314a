package dev.custcode.api;

import dev.custcode.customer.Customer;
import dev.custcode.customer.PersonalData;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.ImportStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Probable duplicates: the open pairs a page at a time, and a pair dismissed.
 */
public final class DuplicateQueries {
    private final ApiReads reads;
    private final CustomerStore customers;
    private final ImportStore imports;
    private final FolderStore folders;
    private final SchemeSource schemes;
    private final Clock clock;

    /**
     * Stored pairs read for one answer at most (two store reads when a page is larger): closed pairs (dismissed, or
     * a customer undone or merged away) and pairs the caller may not see are read and skipped, and this bounds that work.
     */
    private static final int MAX_PAIRS_READ = 1_000;

    DuplicateQueries(ApiReads reads) {
        this.reads = reads;
        this.customers = reads.customers;
        this.imports = reads.imports;
        this.folders = reads.folders;
        this.schemes = reads.schemes;
        this.clock = reads.clock;
    }

    /**
     * Open pairs of probable duplicates, a page at a time, each with both customers as they are
     * now; {@code folder}: pairs with a customer filed in it (or below) when found. A caller sees
     * the pairs whose two customers are both in folders it reads.
     */
    public DuplicatePair.Page duplicates(String folder, String limitText, String cursor, Access.Viewer viewer) {
        int limit = ApiReads.limit(limitText);
        String f = folder == null || folder.isBlank() ? null : folder.replaceAll("^/+|/+$", "");
        if (f != null) {
            ApiReads.checkFolder(f); // NORTH or ../.. name no folder: said, as GET /groups/{path} says it
        }
        Scheme scheme = schemes.current();
        List<DuplicatePair> items = new ArrayList<>();
        String after = cursor == null || cursor.isEmpty() ? null : cursor;
        // Store reads of a fixed size, however few pairs are asked for: the closed and hidden pairs among them are
        // skipped, and the page fills from the reads that follow while there are more (a bounded number of them).
        int size = Math.max(limit, ImportStore.PAIRS_READ);
        for (int read = 0; read < Math.max(2, MAX_PAIRS_READ / size); read++) {
            ImportStore.Page<ImportStore.DuplicatePair> page;
            try {
                page = imports.openPairs(f, after, size);
            } catch (ImportStore.BadCursorException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
            List<String> codes = page.items().stream().flatMap(p -> java.util.stream.Stream.of(p.code(), p.other())).distinct().toList();
            Map<String, Customer> now = new java.util.HashMap<>();
            customers.resolve(codes.stream().map(IdentityKeys::codeKey).toList()).values().forEach(c -> now.put(c.code(), c));
            for (ImportStore.DuplicatePair p : page.items()) {
                Customer a = now.get(p.code());
                Customer b = now.get(p.other());
                if (a == null || b == null || a.retired() || b.retired() || !viewer.sees(a.folder()) || !viewer.sees(b.folder())) {
                    continue; // undone, merged away, or out of the caller's folders
                }
                if (items.size() == limit) {
                    // One more pair after a full page: the next page starts right after this one's last pair.
                    return new DuplicatePair.Page(f, items, items.get(limit - 1).id());
                }
                items.add(pairView(p, List.of(a, b), scheme, viewer));
            }
            if (page.next() == null) {
                return new DuplicatePair.Page(f, items, null);
            }
            after = page.next();
        }
        // The bound is reached and more pairs are stored: a full page goes on right after its last pair, a short
        // one after the last pair read (those after its last pair were all skipped), so every answer moves on.
        return new DuplicatePair.Page(f, items, items.size() == limit ? items.get(limit - 1).id() : after);
    }

    /** Dismisses a pair: no import proposes it again. The caller must read both customers' folders. */
    public DuplicatePair dismissDuplicate(String given, Access.Viewer viewer) {
        // A pair is the same whichever code is written first: its id puts the smaller first.
        // Codes are case-insensitive everywhere else (GET /customers/eed000001): so are the pair's.
        String[] codes = given.toUpperCase(java.util.Locale.ROOT).split("~", -1);
        String id = codes.length == 2 ? ImportStore.DuplicatePair.id(codes[0], codes[1]) : given;
        ImportStore.DuplicatePair p = imports.pair(id).orElseThrow(() -> ProblemException.notFound("no pair of probable duplicates " + id));
        Map<String, Customer> found = customers.resolve(List.of(IdentityKeys.codeKey(p.code()), IdentityKeys.codeKey(p.other())));
        for (Customer c : found.values()) {
            if (!viewer.sees(c.folder())) {
                throw ProblemException.notFound("no pair of probable duplicates " + id);
            }
        }
        ImportStore.DuplicatePair dismissed = imports.dismissPair(id, clock.instant())
                .orElseThrow(() -> ProblemException.notFound("no pair of probable duplicates " + id));
        List<Customer> both = java.util.stream.Stream.of(p.code(), p.other()).map(code -> found.get(IdentityKeys.codeKey(code)))
                .filter(java.util.Objects::nonNull).toList();
        return pairView(dismissed, both, schemes.current(), viewer);
    }

    private static DuplicatePair pairView(ImportStore.DuplicatePair p, List<Customer> both, Scheme scheme, Access.Viewer viewer) {
        List<DuplicatePair.Member> members = new ArrayList<>();
        for (Customer c : both) {
            String name = c.attributes().get("name");
            members.add(new DuplicatePair.Member(c.code(),
                    name == null || viewer.personal() || !scheme.isPersonal("name") ? name : PersonalData.mask("name", name), c.folder()));
        }
        return new DuplicatePair(p.id(), p.status(), p.score(), p.reasons(), p.importId(), p.line(), p.foundAt(), members);
    }
}
