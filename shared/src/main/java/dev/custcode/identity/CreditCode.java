package dev.custcode.identity;

/**
 * China's unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character alphabet (digits and capitals without I, O, S, V, Z), the last a check character
 * over the first 17 with weights 3<sup>i</sup> mod 31.
 *
 * <p>{@code 91350100M000100Y43} is valid; change any one character and it is not.
 */
public final class CreditCode {
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int LENGTH = 18;

    private CreditCode() {
    }

    /** Whether a normalized tax id (upper case, letters and digits) is meant as a credit code: 18 letters and digits. */
    public static boolean looksLikeOne(String taxId) {
        return taxId.length() == LENGTH;
    }

    /** Whether an 18-character code's characters are all of the alphabet and its check character is right. */
    public static boolean isValid(String code) {
        Character check = code.length() == LENGTH ? expectedCheck(code) : null;
        return check != null && code.charAt(LENGTH - 1) == check;
    }

    /**
     * Whether an 18-character tax id is a resident identity card number (a person's 纳税人识别号):
     * 17 digits and an ISO 7064 MOD 11-2 check character ({@code 0}–{@code 9} or {@code X}).
     * {@code 11010519491231002X} is one.
     */
    public static boolean isIdentityCard(String id) {
        if (id.length() != LENGTH) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            char ch = id.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
            sum += (ch - '0') * ((1 << (LENGTH - 1 - i)) % 11);
        }
        int check = (12 - sum % 11) % 11;
        return id.charAt(LENGTH - 1) == (check == 10 ? 'X' : (char) ('0' + check));
    }

    /** The check character an 18-character code's first 17 call for: null when one of them is outside the alphabet. */
    public static Character expectedCheck(String code) {
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < LENGTH - 1; i++) {
            int v = ALPHABET.indexOf(code.charAt(i));
            if (v < 0) {
                return null;
            }
            sum += v * weight;
            weight = weight * 3 % 31;
        }
        return checkCharacter(sum);
    }

    private static char checkCharacter(int sum) {
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }
}
