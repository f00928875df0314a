package dev.custcode.classify;

import java.util.regex.Pattern;

/**
 * A scheme regex matched with a bounded number of steps. The scheme validator refuses the
 * regexes known to backtrack without end ({@code (a+)+}), but no check of a regex's text catches
 * them all: {@code .*.*.*.*.*.*.*.*.*.*=} is polynomial of degree ten and never finishes on a
 * 200-character cell. Java's matcher reads its input through {@link CharSequence#charAt}, so the
 * input here counts those reads and stops the match after {@link #MAX_STEPS}: the rule then
 * does not match, the same way every time (a count, not a clock).
 *
 * <pre>{@code
 * BoundedMatch.find(Pattern.compile("公司$"), "杭州青木贸易有限公司");       // MATCHED
 * BoundedMatch.find(Pattern.compile(".*.*.*.*.*.*.*.*.*.*="), "x".repeat(200)); // GAVE_UP
 * }</pre>
 */
final class BoundedMatch {
    /**
     * Characters a match may read: the regexes of the default scheme read at most a few thousand
     * on a cell of {@link CompiledRule#MAX_MATCH_CHARS} characters; a quadratic one ({@code \s*$})
     * at most about 500,000.
     */
    static final long MAX_STEPS = 2_000_000;

    enum Outcome { MATCHED, NOT_MATCHED, GAVE_UP }

    private BoundedMatch() {
    }

    static Outcome find(Pattern pattern, CharSequence input) {
        try {
            return pattern.matcher(new Counted(input)).find() ? Outcome.MATCHED : Outcome.NOT_MATCHED;
        } catch (TooManySteps e) {
            return Outcome.GAVE_UP;
        }
    }

    /** Thrown from inside the matcher; no stack trace, as it ends a match rather than reports an error. */
    private static final class TooManySteps extends RuntimeException {
        TooManySteps() {
            super("too many steps", null, false, false);
        }
    }

    private static final class Counted implements CharSequence {
        private final CharSequence chars;
        private long steps;

        Counted(CharSequence chars) {
            this.chars = chars;
        }

        @Override
        public int length() {
            return chars.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new TooManySteps();
            }
            return chars.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return chars.subSequence(start, end);
        }

        @Override
        public String toString() {
            return chars.toString();
        }
    }
}
