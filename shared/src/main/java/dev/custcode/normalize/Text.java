package dev.custcode.normalize;

import java.text.Normalizer;

/** Cell text normalization applied to every value before it is classified or stored. */
public final class Text {
    private Text() {
    }

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
}
