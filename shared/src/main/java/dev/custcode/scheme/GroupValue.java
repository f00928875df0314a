package dev.custcode.scheme;

/**
 * A value a dimension can take.
 *
 * @param key    stable identifier referenced by rules and stored on customers
 * @param folder the folder slug ({@code north}, {@code tier-a}); never a raw cell value
 * @param label  display label in any language ({@code 华北 North China})
 * @param letter the letter that goes into codes, for coded dimensions
 */
public record GroupValue(String key, String folder, String label, String letter) {
}
