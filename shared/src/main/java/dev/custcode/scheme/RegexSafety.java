package dev.custcode.scheme;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses scheme regexes that could take exponential time on a hostile cell: Java's regex engine
 * backtracks, and {@code (a+)+$} against 30 {@code a}s and a {@code !} already takes minutes.
 * Cells are cut to 1,000 characters before matching, which bounds polynomial blow-ups but not
 * exponential ones, so those are refused when the scheme is uploaded.
 *
 * <p>The check is a documented heuristic, stricter than needed but simple to explain:
 * <ul>
 *   <li>at most {@value #MAX_LENGTH} characters;</li>
 *   <li>no backreferences ({@code \1}, {@code \k<name>}): they make matching NP-hard;</li>
 *   <li>a group repeated more than once ({@code *}, {@code +}, {@code {n,}}, {@code {n,m}}, and
 *       {@code {n}} with n &gt; 1) may not itself contain a repetition or an alternation:
 *       {@code (a+)+}, {@code (a*)*}, {@code (a|a)*}, {@code (\d+-)*} are refused, and so is
 *       {@code (.*a){30}} (a minute on 225 characters: each repetition can take any share of the
 *       cell); {@code (公司|有限)\s*$}, {@code (-\d+)?}, {@code (ab){3}}, {@code (\d{3}-){2}} are
 *       fine. List alternatives with {@code in} where a repeated alternation was meant.</li>
 * </ul>
 *
 * <p>{@code RegexSafety.problem("(a+)+")} says it {@code "repeats a group that itself repeats or
 * alternates …"}; {@code problem("^1[3-9]\\d{9}$")} is null.
 */
final class RegexSafety {
    static final int MAX_LENGTH = 200;

    private RegexSafety() {
    }

    /** Why the regex is refused, or null when it is accepted. */
    static String problem(String regex) {
        if (regex.length() > MAX_LENGTH) {
            return "is " + regex.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        // One frame per open group: whether its body repeats or alternates so far.
        Deque<boolean[]> groups = new ArrayDeque<>();
        groups.push(new boolean[1]);
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                char next = i + 1 < regex.length() ? regex.charAt(i + 1) : ' ';
                if ((next >= '1' && next <= '9') || next == 'k') {
                    return "has a backreference (\\" + next + "), which can take exponential time";
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 2;
                    continue;
                }
                i += 2;
            } else if (c == '[') {
                i = endOfClass(regex, i);
            } else if (c == '(') {
                groups.push(new boolean[1]);
                i++;
            } else if (c == ')') {
                boolean risky = groups.size() > 1 ? groups.pop()[0] : false;
                i++;
                int after = quantifier(regex, i);
                boolean repeated = after > i && (unbounded(regex, i) || fixedCount(regex, i) > 1);
                if (repeated && risky) {
                    return "repeats a group that itself repeats or alternates ((a+)+, (a|a)* style), which can take exponential time";
                }
                groups.peek()[0] |= repeated || risky;
                i = after;
            } else if (c == '|') {
                groups.peek()[0] = true;
                i++;
            } else {
                int after = quantifier(regex, i);
                if (after > i) {
                    if (unbounded(regex, i)) {
                        groups.peek()[0] = true;
                    }
                    i = after;
                } else {
                    i++;
                }
            }
        }
        return null;
    }

    /** The index after a quantifier starting at {@code i} (with a lazy or possessive suffix), or {@code i} if none. */
    private static int quantifier(String regex, int i) {
        if (i >= regex.length()) {
            return i;
        }
        char c = regex.charAt(i);
        int end;
        if (c == '*' || c == '+' || c == '?') {
            end = i + 1;
        } else if (c == '{') {
            int close = regex.indexOf('}', i);
            if (close < 0 || !regex.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
                return i;
            }
            end = close + 1;
        } else {
            return i;
        }
        if (end < regex.length() && (regex.charAt(end) == '?' || regex.charAt(end) == '+')) {
            end++;
        }
        return end;
    }

    /** Whether the quantifier at {@code i} repeats more than once: {@code * + {n,} {n,m}} (not {@code ?} or {@code {n}}). */
    private static boolean unbounded(String regex, int i) {
        char c = regex.charAt(i);
        if (c == '*' || c == '+') {
            return true;
        }
        if (c == '{') {
            String body = regex.substring(i + 1, regex.indexOf('}', i));
            if (!body.contains(",")) {
                return false;
            }
            String max = body.substring(body.indexOf(',') + 1);
            return max.isEmpty() || Long.parseLong(max) > 1;
        }
        return false;
    }

    /** The count of a fixed quantifier {@code {n}} at {@code i}; 1 for any other. */
    private static long fixedCount(String regex, int i) {
        if (regex.charAt(i) != '{') {
            return 1;
        }
        String body = regex.substring(i + 1, regex.indexOf('}', i));
        return body.contains(",") ? 1 : Long.parseLong(body);
    }

    /** The index after the character class opening at {@code i}. */
    private static int endOfClass(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        int depth = 1;
        while (j < regex.length() && depth > 0) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            j++;
        }
        return j;
    }
}
