package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A customer's history as the API answers it (openapi.yaml, schema {@code History}): its changes
 * newest first, a page at a time, the creation last; {@code next} is the next page's cursor.
 */
public record History(String code, boolean retired, List<Change> changes, String next) {
    public History {
        changes = List.copyOf(changes);
    }

    /**
     * One change: when, what kind, which import and line (or which steward's action: {@code cause}),
     * the fields from and to (personal ones masked unless the caller sees them), a folder move, keys gained.
     */
    public record Change(String at, String kind, String importId, long line, List<Field> fields,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Move folder, List<String> keysAdded, String cause) {
    }

    /** A field's value before and after (null: it had none, or has none now). */
    public record Field(String field, String from, String to) {
    }

    /** The folder before and after. */
    public record Move(String from, String to) {
    }
}
