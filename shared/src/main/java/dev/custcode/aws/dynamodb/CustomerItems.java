package dev.custcode.aws.dynamodb;

import dev.custcode.customer.Customer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.custcode.identity.IdentityKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link Customer} to and from its DynamoDB item in the customers table. */
final class CustomerItems {
    static final String KEY = "identityKey";
    static final String PHONE = "phoneKey";
    static final String EMAIL = "emailKey";
    static final String TAX = "taxKey";

    private static Optional<String> contact(String raw, java.util.function.Function<String, Optional<String>> normalize) {
        return raw == null ? Optional.empty() : normalize.apply(raw);
    }

    private CustomerItems() {
    }

    static Map<String, AttributeValue> toItem(Customer c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(c.identityKey()));
        item.put("code", s(c.code()));
        item.put("prefix", s(c.prefix()));
        item.put("seq", n(c.sequence()));
        item.put("folder", s(c.folder()));
        item.put("dims", map(c.dimensions()));
        item.put("attrs", map(c.attributes()));
        item.put("createdAt", s(c.createdAt()));
        item.put("updatedAt", s(c.updatedAt()));
        item.put("firstImportId", s(c.firstImportId()));
        item.put("firstLine", n(c.firstLine()));
        item.put("lastImportId", s(c.lastImportId()));
        item.put("lastLine", n(c.lastLine()));
        // Normalized contacts, for the sparse lookup indexes (byPhone, byEmail, byTaxId).
        contact(c.attributes().get("phone"), IdentityKeys::phone).ifPresent(v -> item.put(PHONE, s(v)));
        contact(c.attributes().get("email"), IdentityKeys::email).ifPresent(v -> item.put(EMAIL, s(v)));
        contact(c.attributes().get("taxId"), t -> Optional.of(IdentityKeys.taxId(t)).filter(x -> !x.isEmpty())).ifPresent(v -> item.put(TAX, s(v)));
        return item;
    }

    static Customer fromItem(Map<String, AttributeValue> item) {
        return new Customer(
                str(item, KEY), str(item, "code"), str(item, "prefix"), num(item, "seq"), str(item, "folder"),
                strings(item.get("dims")), strings(item.get("attrs")),
                str(item, "createdAt"), str(item, "updatedAt"),
                str(item, "firstImportId"), num(item, "firstLine"), str(item, "lastImportId"), num(item, "lastLine"));
    }

    static Map<String, AttributeValue> key(String identityKey) {
        return Map.of(KEY, s(identityKey));
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
