package dev.custcode.scheme;

import java.util.List;

/**
 * A canonical input field and the header spellings that mean it ({@code 客户名称}, {@code Name} …).
 *
 * @param aliases    header spellings
 * @param emptyCells {@code keep} or {@code clear}: what an empty cell of this field does (null: the scheme's choice)
 */
public record FieldSpec(List<String> aliases, String emptyCells) {
    public FieldSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
