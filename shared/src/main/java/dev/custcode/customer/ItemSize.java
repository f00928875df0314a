package dev.custcode.customer;

import java.util.Collection;
import java.util.Map;

/**
 * A conservative estimate of the bytes a customer's item takes in DynamoDB, counted as DynamoDB
 * counts them (UTF-8 bytes of attribute names and values, a few bytes per map and list entry),
 * without building the item: ingest checks it for every row and every merged customer.
 *
 * <p>Why a limit below DynamoDB's 400 KB: an item over it is a {@code ValidationException}, which
 * an import cannot get past (Lambda would retry the whole file, then dead-letter it). Rejecting
 * the row that would make such an item, with {@link #MAX_BYTES} leaving room for the bookkeeping
 * attributes estimated here only as {@link #FIXED_BYTES}, keeps one hostile row from jamming an import.
 *
 * <p>{@code ItemSize.estimate(Map.of("name", "李"), Map.of("name", stamp), List.of("sid:C1"), Map.of())}
 * is {@code FIXED_BYTES} plus the bytes of {@code name}, {@code 李}, the stamp and the key.
 */
public final class ItemSize {
    /** The largest customer item ingest writes: 350 KiB, against DynamoDB's 400 KB item limit. */
    public static final int MAX_BYTES = 350 * 1024;
    /**
     * Everything besides attributes, stamps, keys and dimensions: the item's own key, code,
     * prefix, sequence, folder, version, times, import ids and lines, with their attribute names
     * (about 400 bytes in practice; counted as 2 KiB).
     */
    public static final int FIXED_BYTES = 2 * 1024;
    /** DynamoDB's overhead for a map or list attribute, and for each of its entries (rounded up). */
    private static final int CONTAINER = 3;
    private static final int ENTRY = 1;

    private ItemSize() {
    }

    /** The estimated item size of a customer with these attributes, stamps, keys and dimensions. */
    public static long estimate(Map<String, String> attributes, Map<String, String> stamps, Collection<String> keys,
                                Map<String, String> dimensions) {
        return FIXED_BYTES + map(attributes) + map(stamps) + map(dimensions) + list(keys);
    }

    /** The estimated item size of a stored (or about to be stored) customer. */
    public static long estimate(Customer c) {
        return estimate(c.attributes(), c.stamps(), c.keys(), c.dimensions());
    }

    /** UTF-8 length, without encoding the string. */
    public static long utf8(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** How a rejected row's reason describes an item that would be too large. */
    public static String tooLarge(long bytes) {
        return "the customer's record would be about " + kib(bytes) + " KiB; the limit is " + kib(MAX_BYTES)
                + " KiB (DynamoDB stores at most 400 KB per item)";
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static long map(Map<String, String> m) {
        long n = CONTAINER;
        for (var e : m.entrySet()) {
            n += ENTRY + utf8(e.getKey()) + utf8(e.getValue());
        }
        return n;
    }

    private static long list(Collection<String> values) {
        long n = CONTAINER;
        for (String v : values) {
            n += ENTRY + utf8(v);
        }
        return n;
    }
}
