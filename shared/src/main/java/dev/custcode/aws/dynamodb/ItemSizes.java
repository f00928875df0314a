package dev.custcode.aws.dynamodb;

import dev.custcode.customer.Customer;
import dev.custcode.customer.ItemSize;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Estimates the bytes DynamoDB counts for items (UTF-8 names and values; numbers at their digit
 * count; a few bytes per map and list entry), rounded up so that a pack of items estimated under
 * a limit is under it. Used to keep transactions under their 4 MB.
 *
 * <p>{@code ItemSizes.of(Map.of("pk", AttributeValue.fromS("sid:C1")))} is {@code 2 + 6}.
 */
final class ItemSizes {
    /** A claim item besides its key: {@code pk}, {@code owner} and the owner's code. */
    private static final int CLAIM_OVERHEAD = 64;

    private ItemSizes() {
    }

    static long of(Map<String, AttributeValue> item) {
        long n = 0;
        for (var e : item.entrySet()) {
            n += ItemSize.utf8(e.getKey()) + of(e.getValue());
        }
        return n;
    }

    static long of(AttributeValue v) {
        if (v == null) {
            return 0;
        }
        if (v.s() != null) {
            return ItemSize.utf8(v.s());
        }
        if (v.n() != null) {
            return v.n().length() + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            long n = 3;
            for (var e : v.m().entrySet()) {
                n += 1 + ItemSize.utf8(e.getKey()) + of(e.getValue());
            }
            return n;
        }
        if (v.hasL()) {
            long n = 3;
            for (AttributeValue e : v.l()) {
                n += 1 + of(e);
            }
            return n;
        }
        long n = 3;
        if (v.hasSs()) {
            n += v.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (v.hasNs()) {
            n += v.ns().stream().mapToLong(s -> s.length() + 1).sum();
        }
        if (v.hasBs()) {
            n += v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
        }
        return n;
    }

    /** The bytes one action of a transaction counts for: the item put, or the key and values of the others. */
    static long of(TransactWriteItem t) {
        if (t.put() != null) {
            return of(t.put().item()) + values(t.put().expressionAttributeValues());
        }
        if (t.update() != null) {
            return of(t.update().key()) + values(t.update().expressionAttributeValues());
        }
        if (t.delete() != null) {
            return of(t.delete().key()) + values(t.delete().expressionAttributeValues());
        }
        if (t.conditionCheck() != null) {
            return of(t.conditionCheck().key()) + values(t.conditionCheck().expressionAttributeValues());
        }
        return 0;
    }

    /** A customer item and the claims of all its keys, before it has a code. */
    static long withClaims(Customer c) {
        long n = ItemSize.estimate(c);
        for (String key : c.keys()) {
            n += ItemSize.utf8(key) + CLAIM_OVERHEAD;
        }
        return n;
    }

    private static long values(Map<String, AttributeValue> values) {
        return values == null ? 0 : of(values);
    }
}
