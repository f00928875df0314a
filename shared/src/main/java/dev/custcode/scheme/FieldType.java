package dev.custcode.scheme;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a field holds, as written in a field spec's {@code "type"}: {@code text amount count date}. */
public enum FieldType {
    /** Free text, compared after normalization. */
    TEXT,
    /** A money amount: {@code ¥1,500,000}, {@code 35.6万} (see {@code Values.parseAmount}). */
    AMOUNT,
    /** A whole non-negative number: {@code 12}, {@code 1,200}. */
    COUNT,
    /** A date: {@code 2024-03-05}, {@code 2024/3/5}, {@code 2024年3月5日} (see {@code Values.parseDate}). */
    DATE;

    /** The name as written in a scheme: {@code "amount"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code "amount"} → AMOUNT; {@code null} or an unknown name → empty. */
    public static Optional<FieldType> of(String jsonName) {
        return Arrays.stream(values()).filter(t -> t.jsonName().equals(jsonName)).findFirst();
    }
}
