package dev.custcode.csv;

/** Picks the field separator (comma, semicolon or tab) from the header line. */
public final class DelimiterSniffer {
    private static final char[] CANDIDATES = {',', ';', '\t'};

    private DelimiterSniffer() {
    }

    /** The candidate that occurs most often outside quotes on the first line; comma on a tie or none. */
    public static char sniff(String text) {
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if (c == CANDIDATES[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < CANDIDATES.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return CANDIDATES[best];
    }
}
