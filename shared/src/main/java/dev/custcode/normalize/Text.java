package dev.custcode.normalize;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.text.Normalizer;
import java.util.List;

/** Cell text normalization applied to every value before it is classified or stored. */
public final class Text {
    private Text() {
    }

    /**
     * How a word is looked up in a scheme's tables and map rules, and wherever a cell is compared
     * with them: {@link #normalize normalized}, in simplified characters, lower case
     * ({@code 臺北 } and {@code 台北} alike, {@code Online} and {@code online} alike).
     */
    public static String lookupKey(String s) {
        return Simplified.of(normalize(s)).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * How a place name is compared ({@link #lookupKey}, without spaces, dots or commas):
     * {@code Hong Kong S.A.R.} and {@code hongkongsar} alike. {@code null} gives {@code ""}.
     */
    public static String placeKey(String s) {
        return lookupKey(s).replace(".", "").replace(" ", "").replace(",", "");
    }

    /** Latin combining accents (U+0300–U+036F); a kana's voicing mark (U+3099) is not one: it tells が from か. */
    private static final java.util.regex.Pattern ACCENTS = java.util.regex.Pattern.compile("[\u0300-\u036f]+");

    /**
     * The text without its letters' accents, for comparing only ({@code Téléphone} → {@code Telephone},
     * {@code Łódź} → {@code Lodz}, {@code Søren} → {@code Soren}; æ and ß stay); kana keep their voicing marks.
     */
    public static String withoutAccents(String s) {
        if (s.chars().allMatch(c -> c < 0x80)) {
            return s;
        }
        return unstroked(Normalizer.normalize(ACCENTS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll(""), Normalizer.Form.NFC));
    }

    /** The text with ł, ø, đ, ħ and ı written as l, o, d, h and i: what {@link #withoutAccents} does besides taking accents off. */
    public static String unstroked(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            int k = STROKED.indexOf(s.charAt(i));
            if (k >= 0) {
                out = out == null ? new StringBuilder(s) : out;
                out.setCharAt(i, UNSTROKED.charAt(k));
            }
        }
        return out == null ? s : out.toString();
    }

    /** Letters whose mark is no combining accent, and the letters they are written for without it (Łódź is Lodz to a search). */
    private static final String STROKED = "łŁøØđĐħĦı";
    private static final String UNSTROKED = "lLoOdDhHi";

    /**
     * NFKC (full-width {@code ＡＢＣ１２３} → {@code ABC123}, ideographic space → space), zero-width
     * characters, BOMs and control characters removed, runs of whitespace (tabs and line breaks
     * too) collapsed to one space, trimmed.
     * {@code null} gives {@code ""}.
     */
    public static String normalize(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String n = Normalizer.isNormalized(s, Normalizer.Form.NFKC) ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        boolean pendingSpace = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '\uFEFF' || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060'
                    || Character.isISOControl(c) && !Character.isWhitespace(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        String out = sb.toString();
        return out.equals(n) ? n : out;
    }

    /** The code pages Excel saves CSV in on Windows of Taiwan and Hong Kong, mainland China, Japan and western Europe. */
    private static final List<Charset> LEGACY_CODE_PAGES = List.of(Charset.forName("x-windows-950"), Charset.forName("GBK"),
            Charset.forName("windows-31j"), Charset.forName("windows-1252"), Charset.forName("windows-1251"), Charset.forName("windows-1250"));

    /**
     * Whether {@code written} is {@code original} as a file in a legacy code page carries it: the
     * same characters, but {@code ?} for those the code page cannot hold ({@code 彩雲?士多} for
     * {@code 彩雲邨士多} saved by Excel in code page 950, {@code 企?客?} for {@code 企业客户}). There
     * must be one code page that holds every other character and none of those replaced: a
     * {@code ?} for a full stop, or for a {@code 。} every Chinese code page holds, is an edit.
     */
    public static boolean lostInEncoding(String written, String original) {
        if (written == null || original == null || written.indexOf('?') < 0 || written.equals(original)) {
            return false;
        }
        int[] w = normalize(written).codePoints().toArray();
        int[] o = normalize(original).codePoints().toArray();
        if (w.length != o.length) {
            return false;
        }
        boolean lost = false;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == '?' && o[i] >= 0x80) {
                lost = true;
            } else if (w[i] != o[i]) {
                return false;
            }
        }
        return lost && LEGACY_CODE_PAGES.stream().anyMatch(page -> lostIn(page.newEncoder(), w, o));
    }

    /** Whether this code page holds every character of {@code w} but none of those of {@code o} that {@code w} has as {@code ?}. */
    private static boolean lostIn(CharsetEncoder page, int[] w, int[] o) {
        for (int i = 0; i < w.length; i++) {
            boolean held = page.canEncode(new String(Character.toChars(o[i])));
            if (w[i] == '?' && o[i] != '?' ? held : !held) {
                return false;
            }
        }
        return true;
    }
}
