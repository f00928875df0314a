package dev.custcode.customer;

import java.util.HashMap;
import java.util.Map;

/** Fields that ingest derives from others before classifying a row. */
public final class CustomerFields {
    private CustomerFields() {
    }

    /**
     * Adds {@code name} when the file has none: first + last name ({@code Heather Callahan}); a
     * Chinese, Japanese or Korean name family name first and unspaced ({@code 姓 张, 名 伟} → {@code 张伟});
     * or else the company. Returns a new map; the input is not changed.
     */
    public static Map<String, String> derive(Map<String, String> values) {
        if (values.containsKey("name")) {
            return values;
        }
        Map<String, String> out = new HashMap<>(values);
        String first = values.get("firstName");
        String last = values.get("lastName");
        if (first != null || last != null) {
            out.put("name", first == null ? last : last == null ? first : eastAsian(last) && eastAsian(first) ? last + first : first + " " + last);
        } else if (values.containsKey("company")) {
            out.put("name", values.get("company"));
        }
        return out;
    }

    /** Whether a name part is written in Han characters, kana or hangul (names written family name first). */
    private static boolean eastAsian(String part) {
        return !part.isEmpty() && part.codePoints().filter(Character::isLetter).allMatch(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
        }) && part.codePoints().anyMatch(Character::isLetter);
    }
}
