/**
 * How a row is recognized as a customer already known: identity keys from source id, tax id,
 * phone, email or name and city, each normalized so that two spellings of one value give one key
 * ({@code 0571-8888 1234} and {@code +86 571 88881234}). Also the rules that find, score and explain
 * probable duplicates that share no key; those are reported, never merged.
 * Entry points: {@link IdentityKeys} (keys from field values), {@link Identity} (one key and its
 * earlier spellings), {@link PhoneNumbers} (one spelling per phone number), {@link DuplicateRules}
 * (probable duplicates).
 */
package dev.custcode.identity;
