package dev.custcode.identity;

import java.util.List;

/**
 * The identity a customer is recognized by across files.
 *
 * @param kind   which rule produced it: {@code sourceId}, {@code taxId}, {@code phone}, {@code email}, {@code nameCity}
 * @param key    the stored key, kind-prefixed and normalized: {@code sid:EB54EF1154C3A78},
 *               {@code tel:8613800138000}, {@code email:li@example.com}
 * @param legacy the spellings the key rules of earlier versions could have given the same value
 *               ({@code tel:057188881234} and {@code tel:86057188881234} for {@code tel:8657188881234}):
 *               customers stored then are still found by them, and gain {@code key} the first time a
 *               row finds them
 */
public record Identity(IdentityKind kind, String key, List<String> legacy) {
    public Identity {
        // A spelling longer than any key is in no store (earlier versions rejected such rows), and
        // DynamoDB would refuse a lookup of it, failing the whole batch.
        legacy = legacy.stream().filter(l -> !l.equals(key))
                .filter(l -> dev.custcode.customer.ItemSize.utf8(l) <= IdentityKeys.MAX_KEY_BYTES).distinct().toList();
    }

    public Identity(IdentityKind kind, String key) {
        this(kind, key, List.of());
    }
}
