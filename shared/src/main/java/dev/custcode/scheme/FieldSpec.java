package dev.custcode.scheme;

import java.util.List;

/**
 * A canonical input field, the header spellings that mean it ({@code 客户名称}, {@code Name} …),
 * what kind of value it holds, and what an empty cell of it does.
 *
 * @param aliases    header spellings
 * @param type       {@code text} (the default when absent), {@code amount}, {@code count} or {@code date};
 *                   see {@link FieldType}. Typed fields are parsed leniently, compared by value and
 *                   reported when a cell does not parse.
 * @param emptyCells {@code keep} or {@code clear}: what an empty cell of this field does to the stored
 *                   value (null: the scheme's {@code emptyCells})
 * @param pii        whether the field is personal information, masked in exports, row files and API
 *                   answers (null: {@link Scheme#PERSONAL_FIELDS} are, others are not)
 */
public record FieldSpec(List<String> aliases, String type, String emptyCells, Boolean pii) {
    public FieldSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** A text field. */
    public FieldSpec(List<String> aliases) {
        this(aliases, null, null, null);
    }

    /** A typed field whose empty cells do what the scheme says. */
    public FieldSpec(List<String> aliases, String type) {
        this(aliases, type, null, null);
    }

    /** The field's type; {@link FieldType#TEXT} when none (or an unknown one) is given. */
    public FieldType fieldType() {
        return FieldType.of(type).orElse(FieldType.TEXT);
    }
}
