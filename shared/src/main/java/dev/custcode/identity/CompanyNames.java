package dev.custcode.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names as they are compared, never as they are stored: lower case, without punctuation,
 * brackets or spaces, and without the legal form a company's name ends with.
 *
 * <pre>{@code
 * 杭州青木贸易有限公司, 杭州青木贸易（有限公司）, 杭州青木贸易股份有限公司 → 杭州青木贸易
 * ACME Co., Ltd., Acme Company Limited, ACME Inc.                      → acme
 * 株式会社さくら商事, さくら商事株式会社, (株)さくら商事                        → さくら商事
 * (주)한빛소프트, 주식회사 한빛소프트, 한빛소프트 주식회사, ㈜한빛소프트            → 한빛소프트
 * ООО «Ромашка», Ромашка ООО; Alfa spol. s r.o., ALFA s.r.o.; Beta Sp. z o.o. → ромашка; alfa; beta
 * 杭州青木贸易有限公司上海分公司                                          → 杭州青木贸易有限公司上海分公司 (a branch is its own customer)
 * 有限公司                                                              → 有限公司 (nothing would be left)
 * }</pre>
 *
 * <p>Full-width letters and brackets are folded before this (NFKC, when a cell is read).
 */
public final class CompanyNames {
    /** Chinese legal forms, longest first; stripped from the end, repeatedly (集团有限公司 → 集团 → nothing). */
    private static final List<String> CHINESE_FORMS = List.of("股份有限公司", "有限责任公司", "有限公司", "股份公司", "总公司", "公司", "集团");
    /** A name ending like this is a branch: nothing is stripped, or 某某有限公司上海分公司 would become 某某有限公司上海分. */
    private static final String BRANCH = "分公司";
    /** Japanese and Korean legal forms, written before or after the name (株式会社さくら, さくら株式会社); stripped from either end. */
    private static final List<String> FORMS_AT_EITHER_END = List.of("유한책임회사", "주식회사", "유한회사", "株式会社", "有限会社", "合同会社");
    /** Their short forms in brackets, (株) and (주), ㈜ folded by NFKC or not: removed wherever they stand. */
    private static final java.util.regex.Pattern BRACKETED_FORM = java.util.regex.Pattern.compile("[(（](?:株|有|주|유)[)）]|㈜|㈱");
    /** Latin legal forms as whole words, stripped from the end, repeatedly (Company Limited → nothing). */
    private static final Set<String> LATIN_FORMS = Set.of("co", "company", "corp", "corporation", "inc", "incorporated", "ltd",
            "limited", "llc", "llp", "lp", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "pte", "pty", "srl", "spa", "kg",
            "oy", "ab", "kk", "group", "holdings");

    /** Legal forms of several words, as {@link #words} splits them (s.r.o., Sp. z o.o.), stripped from the end. */
    private static final List<List<String>> LATIN_FORMS_OF_WORDS = List.of(List.of("spol", "s", "r", "o"), List.of("sp", "z", "o", "o"),
            List.of("s", "r", "o"), List.of("a", "s"), List.of("v", "o", "s"), List.of("k", "s"), List.of("sp", "j"), List.of("sp", "k"),
            List.of("s", "a"));
    /** Russian, Ukrainian and Kazakh legal forms, written before the name or after it (ООО «Ромашка», Ромашка ООО). */
    private static final Set<String> CYRILLIC_FORMS = Set.of("ооо", "оао", "зао", "пао", "нао", "ао", "ип", "тоо", "тов", "пат", "гуп", "муп");

    private CompanyNames() {
    }

    /** The name as identity and duplicate search compare it; the text itself (lower-cased) when nothing would be left. */
    public static String forMatching(String name) {
        List<String> words = words(BRACKETED_FORM.matcher(name).replaceAll(" "));
        boolean stripping = true;
        while (stripping) {
            stripping = false;
            if (words.size() > 1 && (LATIN_FORMS.contains(words.get(words.size() - 1)) || CYRILLIC_FORMS.contains(words.get(words.size() - 1)))) {
                words.remove(words.size() - 1);
                stripping = true;
            }
            for (List<String> form : LATIN_FORMS_OF_WORDS) {
                if (words.size() > form.size() && words.subList(words.size() - form.size(), words.size()).equals(form)) {
                    words.subList(words.size() - form.size(), words.size()).clear();
                    stripping = true;
                    break;
                }
            }
        }
        if (words.size() > 1 && CYRILLIC_FORMS.contains(words.get(0))) {
            words.remove(0);
        }
        if (words.size() > 1 && words.get(0).equals("the")) {
            words.remove(0);
        }
        String joined = join(words);
        if (!joined.endsWith(BRANCH)) {
            boolean stripped = true;
            while (stripped) {
                stripped = false;
                for (String form : CHINESE_FORMS) {
                    if (joined.endsWith(form) && joined.length() > form.length()) {
                        joined = joined.substring(0, joined.length() - form.length());
                        stripped = true;
                        break;
                    }
                }
            }
        }
        joined = withoutFormAtEitherEnd(joined);
        return joined.isEmpty() ? name.strip().toLowerCase(Locale.ROOT) : joined;
    }

    private static String withoutFormAtEitherEnd(String joined) {
        for (String form : FORMS_AT_EITHER_END) {
            if (joined.length() > form.length()) {
                if (joined.startsWith(form)) {
                    return joined.substring(form.length()).strip();
                }
                if (joined.endsWith(form)) {
                    return joined.substring(0, joined.length() - form.length()).strip();
                }
            }
        }
        return joined;
    }

    /** A city as identity compares it: lower case, no punctuation or spaces, no trailing 市 or "city". */
    public static String cityForMatching(String city) {
        List<String> words = words(city);
        if (words.size() > 1 && words.get(words.size() - 1).equals("city")) {
            words.remove(words.size() - 1);
        }
        String joined = join(words);
        if (joined.length() > 2 && joined.endsWith("市")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined.isEmpty() ? city.strip().toLowerCase(Locale.ROOT) : joined;
    }

    /**
     * Words joined with a space between two Latin ones ("li nan" is not "lin an") and nothing next
     * to Chinese (青木 贸易 is 青木贸易).
     */
    private static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (!out.isEmpty() && !han(out.codePointBefore(out.length())) && !han(w.codePointAt(0))) {
                out.append(' ');
            }
            out.append(w);
        }
        return out.toString();
    }

    private static boolean han(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** Runs of letters and digits, lower-cased: punctuation, brackets and spaces separate words; {@code &} is "and". */
    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        s.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                w.appendCodePoint(cp);
                return;
            }
            if (!w.isEmpty()) {
                words.add(w.toString());
                w.setLength(0);
            }
            if (cp == '&') {
                words.add("and"); // Horn, Shepard & Watson is Horn, Shepard and Watson
            }
        });
        if (!w.isEmpty()) {
            words.add(w.toString());
        }
        return words;
    }
}
