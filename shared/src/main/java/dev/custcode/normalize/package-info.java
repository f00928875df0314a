/**
 * What a cell says, read the same way everywhere (ingest, classification, identity keys, the API's
 * lookups, header matching, the search index): {@link Text} (NFKC, invisible characters removed,
 * whitespace collapsed) and {@link Values} (lenient amounts such as {@code ¥1,500,000} or
 * {@code 35.6万}, counts, and dates in the spellings Excel exports write; {@link NumberStyle}: a
 * {@code ;} file's decimal comma), {@link Simplified}
 * (traditional Chinese folded to simplified, for comparing headers and looked-up values). Pure
 * functions, no state.
 * Entry points: {@link Text#normalize}, {@link Values#parseAmount}, {@link Values#parseDate(String)}, {@link Simplified#of}.
 */
package dev.custcode.normalize;
