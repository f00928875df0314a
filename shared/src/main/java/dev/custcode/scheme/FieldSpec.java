package dev.custcode.scheme;

import java.util.List;

/** A canonical input field and the header spellings that mean it ({@code 客户名称}, {@code Name} …). */
public record FieldSpec(List<String> aliases) {
    public FieldSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
