package dev.custcode.aws.dynamodb;

import dev.custcode.customer.Customer;
import dev.custcode.identity.IdentityKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps {@link Customer} to and from the items of the customers table.
 *
 * <p>Two kinds of item share the table's one key space, which is what makes every identity key
 * belong to at most one customer: the customer itself under {@code code:<code>}, and one claim
 * per identity key ({@code sid:C0001 → owner NED000001}). Creating or updating a customer writes
 * its item and its new claims in one transaction, each conditional on its key being free.
 */
final class CustomerItems {
    static final String KEY = "pk";
    static final String OWNER = "owner";
    static final String VERSION = "version";
    static final String FOLDER_SHARD = "folderShard";
    /**
     * Index keys per folder. Why: every index key (a partition) takes at most 1,000 writes/s, so one
     * big folder under one key would cap an import near 1,000 customers/s; spread over 8 by the
     * code's sequence, a folder takes 8,000, and readers merge 8 code-ordered queries.
     */
    static final int FOLDER_SHARDS = 8;

    static String folderShard(String folder, long shard) {
        return folder + "#" + shard;
    }

    private CustomerItems() {
    }

    static Map<String, AttributeValue> toItem(Customer c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(IdentityKeys.codeKey(c.code())));
        item.put("code", s(c.code()));
        item.put("prefix", s(c.prefix()));
        item.put("seq", n(c.sequence()));
        if (c.folder() != null && !c.retired()) {
            // Retired customers leave the byFolder index (and so every export and member page).
            item.put("folder", s(c.folder()));
            item.put(FOLDER_SHARD, s(folderShard(c.folder(), Math.floorMod(c.sequence(), FOLDER_SHARDS))));
        } else if (c.folder() != null && c.mergedInto() != null) {
            // A merged customer keeps the folder it left (who may read it), outside the index.
            item.put("folder", s(c.folder()));
        }
        item.put("dims", map(c.dimensions()));
        item.put("attrs", map(c.attributes()));
        putStamps(item, c);
        item.put("keys", AttributeValue.fromL(c.keys().stream().map(CustomerItems::s).toList()));
        item.put(VERSION, n(c.version()));
        if (c.retired()) {
            item.put("retired", AttributeValue.fromBool(true));
        }
        item.put("createdAt", s(c.createdAt()));
        item.put("updatedAt", s(c.updatedAt()));
        item.put("firstImportId", s(c.firstImportId()));
        item.put("firstLine", n(c.firstLine()));
        item.put("lastImportId", s(c.lastImportId()));
        item.put("lastLine", n(c.lastLine()));
        if (c.mergedInto() != null) {
            item.put("mergedInto", s(c.mergedInto()));
        }
        return item;
    }

    /**
     * Field stamps, compacted: most fields were last set by the same file, so their common stamp is
     * stored once ({@code stamp}) and only the others in {@code stamps} — an attribute without a
     * stamp as "", a stamp of a field with no value (cleared) always. About 600 bytes less per
     * customer: the item stays under 1 KB, one write unit, where the full map made it two.
     */
    private static void putStamps(Map<String, AttributeValue> item, Customer c) {
        Map<String, Long> frequency = new HashMap<>();
        c.stamps().forEach((field, stamp) -> {
            if (c.attributes().containsKey(field)) {
                frequency.merge(stamp, 1L, Long::sum);
            }
        });
        String common = frequency.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
        Map<String, String> others = new java.util.TreeMap<>();
        c.stamps().forEach((field, stamp) -> {
            if (!stamp.equals(common) || !c.attributes().containsKey(field)) {
                others.put(field, stamp);
            }
        });
        c.attributes().keySet().forEach(field -> {
            if (!c.stamps().containsKey(field)) {
                others.put(field, "");
            }
        });
        if (common != null) {
            item.put("stamp", s(common));
        }
        item.put("stamps", map(others));
    }

    private static Map<String, String> stamps(Map<String, AttributeValue> item) {
        Map<String, String> stamps = new HashMap<>();
        AttributeValue common = item.get("stamp");
        if (common != null) {
            strings(item.get("attrs")).keySet().forEach(field -> stamps.put(field, common.s()));
        }
        strings(item.get("stamps")).forEach((field, stamp) -> {
            if (stamp.isEmpty()) {
                stamps.remove(field);
            } else {
                stamps.put(field, stamp);
            }
        });
        return stamps;
    }

    static Map<String, AttributeValue> claim(String key, String code) {
        return Map.of(KEY, s(key), OWNER, s(code));
    }

    /** Whether the item is a claim (a key pointing at its owner's code) rather than a customer. */
    static boolean isClaim(Map<String, AttributeValue> item) {
        return item.containsKey(OWNER);
    }

    static String owner(Map<String, AttributeValue> item) {
        return item.get(OWNER).s();
    }

    static Customer fromItem(Map<String, AttributeValue> item) {
        AttributeValue keys = item.get("keys");
        List<String> keyList = new ArrayList<>();
        if (keys != null && keys.hasL()) {
            keys.l().forEach(k -> keyList.add(k.s()));
        }
        AttributeValue retired = item.get("retired");
        return Customer.builder()
                .code(str(item, "code")).prefix(str(item, "prefix")).sequence(num(item, "seq")).folder(str(item, "folder"))
                .dimensions(strings(item.get("dims"))).attributes(strings(item.get("attrs"))).stamps(stamps(item))
                .keys(keyList).version(num(item, VERSION)).retired(retired != null && Boolean.TRUE.equals(retired.bool()))
                .createdAt(str(item, "createdAt")).updatedAt(str(item, "updatedAt"))
                .first(str(item, "firstImportId"), num(item, "firstLine")).last(str(item, "lastImportId"), num(item, "lastLine"))
                .mergedInto(str(item, "mergedInto")).build();
    }

    static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, s(key));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue map(Map<String, String> m) {
        Map<String, AttributeValue> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, s(v)));
        return AttributeValue.fromM(out);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Map<String, String> strings(AttributeValue v) {
        Map<String, String> out = new HashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, a) -> {
                if (a.s() != null) {
                    out.put(k, a.s());
                }
            });
        }
        return out;
    }
}
