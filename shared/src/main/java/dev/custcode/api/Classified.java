package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where a row that is not stored would be filed ({@code POST /classify}): its folder and labels,
 * dimension value keys, code prefix and the code the next new customer under it would get now
 * (null, with the {@code problem}, when the prefix has no numbers left), its first identity key
 * (masked unless the caller sees personal data) and, for a caller who may know it, the code of the
 * customer that key already belongs to; with {@code ?explain=true} why each dimension has its value;
 * and the values an import would warn about.
 */
public record Classified(String folder, @JsonInclude(JsonInclude.Include.NON_NULL) List<DimensionExplanation> explain,
                         List<String> labels, Map<String, String> dimensions, String prefix, String nextCode,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String problem, String identity,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String existingCode,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Warning> warnings) {

    /**
     * A value present but not understood, and what an import would do instead: the line it would
     * write to {@code warnings.csv} ({@code type}, {@code Reseller}, {@code type taken from other rules: personal}).
     */
    public record Warning(String field, String value, String action) {
    }

    /** The answer: one result per record sent, in order. */
    public record Results(List<Classified> results) {
        public Results {
            results = List.copyOf(results);
        }
    }
}
