package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Why a dimension has its value (openapi.yaml, schema {@code DimensionExplanation}): the value and
 * label, the deciding rule's position (null: the default) and text, the fields it read and their
 * values, and the sentence saying so.
 *
 * @param stored the value stored now: in a stored customer's explanation only (a JSON null when it has none)
 */
public record DimensionExplanation(String dimension, String value, String label, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode stored,
                                   Integer rule, JsonNode written, Map<String, String> read, String because) {

    /**
     * A customer's explanation ({@code GET /customers/{code}/explain}): per dimension of the active
     * scheme, and the folder it would move to at the next re-evaluation (null: it stays).
     */
    public record OfCustomer(String code, String folder, String scheme, String asOf, List<DimensionExplanation> dimensions, String moves) {
    }
}
