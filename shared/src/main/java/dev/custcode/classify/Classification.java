package dev.custcode.classify;

import dev.custcode.scheme.GroupValue;
import java.util.List;
import java.util.Map;

/**
 * Where a customer belongs.
 *
 * @param values  dimension name → the group value it took, in scheme order
 * @param folders the folder path, outermost first ({@code [north, enterprise, tier-a]})
 * @param prefix  the code prefix from the coded dimensions' letters ({@code NEO})
 */
public record Classification(Map<String, GroupValue> values, List<String> folders, String prefix) {
    /** The folder path as stored and as an S3 key part: {@code north/enterprise/tier-a}. */
    public String folder() {
        return String.join("/", folders);
    }

    /** dimension name → value key, the form stored on a customer. */
    public Map<String, String> valueKeys() {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        values.forEach((d, v) -> keys.put(d, v.key()));
        return keys;
    }
}
