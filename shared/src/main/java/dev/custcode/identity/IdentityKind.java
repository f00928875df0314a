package dev.custcode.identity;

import dev.custcode.customer.PersonalData;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of identity key, each with its name in a scheme's {@code identity} preference, the
 * prefix its keys are stored under, and whether it decides on its own: a row whose strong key
 * (customer id, tax id) differs from its matched customer's is a conflict; name + city is weak
 * (it recognizes a row only when the row has no other key). A code is a key too ({@code code:}),
 * though no scheme lists it: a row that carries one updates that customer.
 */
public enum IdentityKind {
    SOURCE_ID("sourceId", "sid:", "customer id"),
    TAX_ID("taxId", "tax:", "tax id"),
    PHONE("phone", "tel:", "phone"),
    EMAIL("email", "email:", "email"),
    NAME_CITY("nameCity", "name:", "name + city"),
    CODE("code", "code:", "code");

    private final String schemeName;
    private final String prefix;
    private final String described;

    IdentityKind(String schemeName, String prefix, String described) {
        this.schemeName = schemeName;
        this.prefix = prefix;
        this.described = described;
    }

    /** Its name in a scheme's identity preference and in the row's fields: {@code sourceId}. */
    public String schemeName() {
        return schemeName;
    }

    /** The prefix of its keys: {@code sid:}. */
    public String prefix() {
        return prefix;
    }

    /** How reasons name it: {@code customer id}. */
    public String described() {
        return described;
    }

    /** Customer id and tax id: a row whose key of this kind differs from its customer's is a conflict. */
    public boolean strong() {
        return this == SOURCE_ID || this == TAX_ID;
    }

    /** Name + city: it recognizes a row only when the row has no other key. */
    public boolean weak() {
        return this == NAME_CITY;
    }

    /** Phone, email and tax id: their values are personal data, masked for whoever may not see it. */
    public boolean personal() {
        return this == PHONE || this == EMAIL || this == TAX_ID;
    }

    /** The key of a value of this kind: {@code sid:C0001}. */
    public String key(String value) {
        return prefix + value;
    }

    /** Whether {@code key} is of this kind. */
    public boolean owns(String key) {
        return key.startsWith(prefix);
    }

    /** The value part of a key of this kind: {@code C0001} of {@code sid:C0001}. */
    public String value(String key) {
        if (!owns(key)) {
            throw new IllegalArgumentException(key + " is not a " + described + " key");
        }
        return key.substring(prefix.length());
    }

    /** The kinds a scheme may list in its identity preference (not the code). */
    public static List<IdentityKind> inSchemes() {
        return Arrays.stream(values()).filter(k -> k != CODE).toList();
    }

    /** The kind a scheme names {@code name}, if it is one. */
    public static Optional<IdentityKind> fromScheme(String name) {
        return inSchemes().stream().filter(k -> k.schemeName.equals(name)).findFirst();
    }

    /** The kind of a stored key ({@code tel:8613800138000} → {@link #PHONE}). */
    public static Optional<IdentityKind> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.owns(key)).findFirst();
    }

    /**
     * A key as whoever may not see personal data sees it: its value masked as the field of its
     * kind is ({@code tel:861******8000}); a customer id, a name + city and a code are shown.
     */
    public static String masked(String key) {
        return ofKey(key).filter(IdentityKind::personal).map(k -> k.prefix + PersonalData.mask(k.schemeName, k.value(key))).orElse(key);
    }

    /** Each of the keys {@link #masked(String) masked}, in their order. */
    public static List<String> masked(List<String> keys) {
        return keys.stream().map(IdentityKind::masked).toList();
    }
}
