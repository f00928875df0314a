package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.custcode.identity.IdentityKind;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A customer as the API answers it (openapi.yaml, schema {@code Customer}): its code, name, keys
 * and folder, the folder's path with labels, its dimensions with labels, its attributes (personal
 * ones masked unless the caller sees them); looked up by code, also the imports that created and
 * last changed it and its folder moves.
 */
public record CustomerView(String code, String name, List<String> keys, String folder, List<Step> folderPath,
                           Map<String, Value> dimensions, SortedMap<String, String> attributes, String createdAt, String updatedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) ImportIds importIds,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Move> moves) {

    /** One level of the folder path: its slug and label. */
    public record Step(String folder, String label) {
    }

    /** A dimension's value key and label. */
    public record Value(String value, String label) {
    }

    /** The import that created the customer and the one that changed it last. */
    public record ImportIds(String first, String last) {
    }

    /** A move between folders: when, from, to, and what caused it (an import, a run, a steward). */
    public record Move(String at, String from, String to, String cause) {
    }

    /** What {@code GET /customers} answers: the customers of one identity key, or a page of a search. */
    public sealed interface Found permits ByKey, Search {
    }

    /**
     * The customers one identity key finds ({@code ?phone=}, {@code ?email=}, {@code ?sourceId=} or
     * {@code ?taxId=}: the one given, as given).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ByKey(String sourceId, String phone, String email, String taxId, List<CustomerView> customers) implements Found {
        static ByKey of(IdentityKind kind, String given, List<CustomerView> customers) {
            return switch (kind) {
                case SOURCE_ID -> new ByKey(given, null, null, null, customers);
                case PHONE -> new ByKey(null, given, null, null, customers);
                case EMAIL -> new ByKey(null, null, given, null, customers);
                case TAX_ID -> new ByKey(null, null, null, given, customers);
                default -> throw new IllegalArgumentException(kind + " is not looked up by a parameter");
            };
        }
    }

    /** A page of a search by name, folder and dimension values: the query, the customers in code order, the next page's cursor. */
    public record Search(SortedMap<String, String> query, List<CustomerView> customers, String next) implements Found {
    }

    /** A page of a folder's members (and the folders' below it), in code order, and the next page's cursor. */
    public record Members(String folder, List<CustomerView> items, String next) {
    }
}
