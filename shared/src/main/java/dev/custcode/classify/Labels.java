package dev.custcode.classify;

import dev.custcode.normalize.Text;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The spellings of a group value that files written by custcode itself (exports, reports) carry. */
public final class Labels {
    private Labels() {
    }

    /**
     * The key of the dimension's value a person wrote: its key, folder or label, or half of a
     * bilingual label, in any case or width, simplified or traditional, as a map rule reads a cell
     * ({@code Loyal}, {@code 忠诚客户}, {@code 忠誠客戶}, {@code LOYAL} → loyal).
     */
    public static Optional<String> valueKey(DimensionSpec dimension, String written) {
        String wanted = Text.lookupKey(written);
        for (GroupValue v : dimension.values()) {
            for (String spelling : spellings(v)) {
                if (Text.lookupKey(spelling).equals(wanted)) {
                    return Optional.of(v.key());
                }
            }
        }
        return Optional.empty();
    }

    /** Key, folder, full label and the two halves of a bilingual label: {@code 企业客户 Enterprise} → 企业客户, Enterprise. */
    static Set<String> spellings(GroupValue v) {
        Set<String> out = new LinkedHashSet<>();
        add(out, v.key());
        add(out, v.folder());
        add(out, v.label());
        if (v.label() != null) {
            out.addAll(bilingualParts(v.label()));
        }
        return out;
    }

    /**
     * Splits a label at the boundary between its CJK part and its Latin part, whichever comes
     * first: {@code 华北 North China} → [华北, North China]; {@code A 类 Key account} → [A 类, Key account];
     * {@code Key account 大客户} → [Key account, 大客户]. A label that is not bilingual gives [].
     */
    static List<String> bilingualParts(String label) {
        String s = Text.normalize(label);
        int first = -1;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            if (isCjk(s.charAt(i))) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return List.of();
        }
        String tail = s.substring(last + 1).trim();
        if (hasLatin(tail)) {
            return List.of(s.substring(0, last + 1).trim(), tail);
        }
        String head = s.substring(0, first).trim();
        if (hasLatin(head)) {
            return List.of(head, s.substring(first).trim());
        }
        return List.of();
    }

    private static void add(Set<String> out, String s) {
        if (s != null && !s.isBlank()) {
            out.add(s);
        }
    }

    private static boolean isCjk(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean hasLatin(String s) {
        return s.chars().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN);
    }
}
