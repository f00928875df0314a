package dev.custcode.api;

import dev.custcode.ingest.IngestStores;
import dev.custcode.scheme.SchemeSource;
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

    /** @param stores the stores the API reads (it writes none but the counters it peeks, never moved) */
    public LookupService(IngestStores stores, SchemeSource schemes, Clock clock) {
        ApiReads reads = new ApiReads(stores, schemes, clock);
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
