package dev.custcode.classify;

/**
 * A cell that was present but not understood, and what was done instead.
 *
 * <pre>{@code
 * new ValueWarning("amount", "about 5k", "not an amount: classified without it; a readable stored value stays")
 * new ValueWarning("type", "VIP", "type taken from other rules: personal")
 * new ValueWarning("province", "火星", "region set to unknown")
 * }</pre>
 *
 * @param field  the canonical field (or normalized header) the value was read under
 * @param value  the value as given
 * @param action what classification did instead
 */
public record ValueWarning(String field, String value, String action) {
}
