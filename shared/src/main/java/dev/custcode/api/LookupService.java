package dev.custcode.api;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;
import java.time.Clock;

/**
 * The lookups the HTTP API answers, read-only but for a dismissed pair, one part per resource:
 * {@link CustomerQueries} (customers by code, contact or name; history; why a customer is where
 * it is), {@link GroupQueries} (the group tree and members), {@link DuplicateQueries} (probable
 * duplicates), {@link ImportQueries} (imports, re-evaluation runs, uploads) and
 * {@link ClassifyQueries} (dry-run classification that consumes no counter).
 */
public final class LookupService {
    private final CustomerQueries customers;
    private final GroupQueries groups;
    private final DuplicateQueries duplicates;
    private final ImportQueries imports;
    private final ClassifyQueries classify;

    public LookupService(CustomerStore customers, ImportStore imports, HistoryStore history, FolderStore folders,
                         ObjectStore objects, CodeAllocator counters, SchemeSource schemes, Clock clock) {
        ApiReads reads = new ApiReads(customers, imports, history, folders, objects, counters, schemes, clock);
        this.customers = new CustomerQueries(reads);
        this.groups = new GroupQueries(reads);
        this.duplicates = new DuplicateQueries(reads);
        this.imports = new ImportQueries(reads);
        this.classify = new ClassifyQueries(reads);
    }

    public CustomerQueries customers() {
        return customers;
    }

    public GroupQueries groups() {
        return groups;
    }

    public DuplicateQueries duplicates() {
        return duplicates;
    }

    public ImportQueries imports() {
        return imports;
    }

    public ClassifyQueries classify() {
        return classify;
    }
}
