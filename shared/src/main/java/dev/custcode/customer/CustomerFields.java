package dev.custcode.customer;

import java.util.HashMap;
import java.util.Map;

/** Fields that ingest derives from others before classifying a row. */
public final class CustomerFields {
    private CustomerFields() {
    }

    /**
     * Adds {@code name} when the file has none: first + last name ({@code Heather Callahan}), or
     * else the company. Returns a new map; the input is not changed.
     */
    public static Map<String, String> derive(Map<String, String> values) {
        if (values.containsKey("name")) {
            return values;
        }
        Map<String, String> out = new HashMap<>(values);
        String first = values.get("firstName");
        String last = values.get("lastName");
        if (first != null || last != null) {
            out.put("name", first == null ? last : last == null ? first : first + " " + last);
        } else if (values.containsKey("company")) {
            out.put("name", values.get("company"));
        }
        return out;
    }
}
