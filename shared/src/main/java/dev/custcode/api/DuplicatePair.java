package dev.custcode.api;

import java.util.List;

/**
 * A pair of probable duplicates as the API answers it (openapi.yaml, schema {@code DuplicatePair}):
 * the stored pair, and its two customers as they are now.
 *
 * @param foundBy the import that found the pair first, {@code line} its row
 */
public record DuplicatePair(String id, String status, double score, List<String> reasons, String foundBy, long line, String foundAt,
                            List<Member> customers) {
    public DuplicatePair {
        reasons = List.copyOf(reasons);
        customers = List.copyOf(customers);
    }

    /** One of the two customers: its name masked unless the caller sees personal data. */
    public record Member(String code, String name, String folder) {
    }

    /** A page of open pairs ({@code GET /duplicates}): {@code next} is the cursor of the next page, null after the last. */
    public record Page(String folder, List<DuplicatePair> items, String next) {
        public Page {
            items = List.copyOf(items);
        }
    }
}
