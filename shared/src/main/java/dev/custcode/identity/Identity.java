package dev.custcode.identity;

/**
 * The identity a customer is recognized by across files.
 *
 * @param kind  which rule produced it: {@code sourceId}, {@code taxId}, {@code phone}, {@code email}, {@code nameCity}
 * @param key   the stored key, kind-prefixed and normalized: {@code sid:EB54EF1154C3A78},
 *              {@code tel:8613800138000}, {@code email:li@example.com}
 */
public record Identity(String kind, String key) {
}
