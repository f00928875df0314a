package dev.custcode.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One spelling per phone number: digits with the country code.
 *
 * <pre>{@code
 * 13800138000, +86 138-0013-8000, 0086 138 0013 8000  → 8613800138000   (Chinese mobile)
 * 0571-8888 1234, +86 571 88881234, +86 (0)571 8888-1234 → 8657188881234 (landline: trunk 0 dropped, area code kept)
 * 0571-88881234 转 801, 0571-88881234-801                → 8657188881234   (extension dropped)
 * (209)172-7124x3651                                     → 2091727124      (no country code known: digits as given)
 * 0912-345-678, +886 912 345 678                          → 886912345678    (a Taiwan mobile: 09 and 8 digits)
 * 02-2345-6789 in Taipei, +886-2-2345-6789                → 886223456789    (the row's place says Taiwan)
 * 9123 4567 in Hong Kong, +852 9123 4567                  → 85291234567     (the row's place says Hong Kong)
 * 03-1234-5678 in Japan, +81 (0)3-1234-5678               → 81312345678     (another country's: libphonenumber's rules)
 * 020 7946 0958 in the United Kingdom, 0044 20 7946 0958    → 442079460958
 * }</pre>
 *
 * <p>A national number with a trunk {@code 0} is read as Chinese only when it has the length of a
 * Chinese landline ({@code 0} + area code {@code 10}/{@code 2x} + 8 digits, or {@code 0} + a
 * 3-digit area code + 7–8 digits), and only when the row does not name another country. The numbers
 * of other countries, national ones in a row that names its country and international ones with a
 * trunk {@code (0)} written in, are read by Google's libphonenumber, whose metadata knows every
 * country's trunk prefix and lengths; a number it does not find possible stays digits as given.
 */
public final class PhoneNumbers {
    /** After a digit or a bracket only: in {@code Tel#13800138000} the number follows the {@code #}. */
    private static final Pattern EXTENSION = Pattern.compile("(?i)(?<=[\\d)])\\s*(?:x|ext\\.?|extension|转|分机|#)\\s*\\d{1,6}\\s*$");
    private static final Pattern LEGACY_EXTENSION = Pattern.compile("(?i)\\s*(?:x|ext\\.?|extension|转|分机)\\s*\\d+\\s*$");
    /**
     * Longest text read as a phone number: the longest real one with spaces, a country code and
     * an extension is well under it. Checked before {@code EXTENSION}, whose {@code \s*} runs
     * backtrack quadratically on long runs of spaces.
     */
    static final int MAX_PHONE = 64;
    /**
     * Most digits in a row a phone cell may hold: 15 (the longest international number) and an
     * extension written without a separator. A cell of several numbers separates them; one longer
     * run is no number at all, however long the cell ({@code 5,000} digits pasted in).
     */
    static final int MAX_DIGITS = 20;
    /**
     * A date, not a phone number ({@code 2026/9/15}, {@code 2026-09-15}, {@code 2026年9月15日},
     * {@code 9/15/2026}): what a row shifted by a stray delimiter puts under the phone column.
     */
    private static final Pattern DATE = Pattern.compile("\\s*(?:(?:19|20)\\d{2}\\s*[-/.年]\\s*(?:0?[1-9]|1[0-2])\\s*[-/.月]\\s*(?:0?[1-9]|[12]\\d|3[01])\\s*日?"
            + "|(?:0?[1-9]|[12]\\d|3[01])\\s*[/.]\\s*(?:0?[1-9]|[12]\\d|3[01])\\s*[/.]\\s*(?:19|20)\\d{2})\\s*");

    /** Longest extension dropped when it follows the number after a separator ({@code -801}). */
    private static final int MAX_EXTENSION = 5;

    private PhoneNumbers() {
    }

    /**
     * Where a row's national numbers (those written without a country code) are from, as its country
     * or else its city or province says: mainland China unless another place is named.
     */
    public enum Home {
        CHINA(null), TAIWAN("886"), HONG_KONG("852"), MACAU("853"), ELSEWHERE(null);

        /** The country calling code of the place's own numbers; null for China (its rules are their own) and elsewhere. */
        private final String code;

        Home(String code) {
            this.code = code;
        }
    }

    /** {@link #normalize(String, Home, String)} for a row in China ({@code chinese}) or in a country not known here. */
    public static Optional<String> normalize(String raw, boolean chinese) {
        return normalize(raw, chinese ? Home.CHINA : Home.ELSEWHERE);
    }

    /**
     * The number's digits with its country code, or empty: fewer than 6 digits, or more than 64
     * characters, is not a phone number.
     *
     * @param chinese whether a national number with a trunk {@code 0} may be Chinese (false when the
     *                row names another country)
     */
    public static Optional<String> normalize(String raw, Home home) {
        return normalize(raw, home, null);
    }

    /**
     * {@link #normalize(String, Home)} for a row whose country is known: a national number of a row
     * {@link Home#ELSEWHERE} is read by that country's rules ({@code 030 1234567} in Germany is
     * {@code 49301234567}).
     *
     * @param country the ISO 3166 code of the row's country, or null
     */
    public static Optional<String> normalize(String raw, Home home, String country) {
        boolean chinese = home != Home.ELSEWHERE;
        if (raw.length() > MAX_PHONE || DATE.matcher(raw).matches() || longestDigitRun(raw) > MAX_DIGITS) {
            return Optional.empty();
        }
        String s = EXTENSION.matcher(raw).replaceFirst("");
        List<String> groups = digitGroups(s);
        String d = String.join("", groups);
        boolean international = s.strip().startsWith("+");
        if (!international && d.startsWith("00")) {
            d = d.substring(2);
            international = true;
        }
        String national = chineseNumber(d, international, chinese);
        if (national == null && chinese && !international && groups.size() == 1 && isLandline(d)
                && !d.startsWith("852") && !d.startsWith("853") && !d.startsWith("886")) {
            // 57487650000: 0574-87650000 from a cell a spreadsheet took for a number, its leading 0 dropped (digits
            // alone, of a landline's length and shape, in a row of no other country; 886 73456789 is Taiwan's
            // country code without its plus, (209)172-7124 a number written out).
            national = d;
        }
        if (national == null && groups.size() > 1 && groups.get(groups.size() - 1).length() <= MAX_EXTENSION) {
            // 0571-88881234-801: a short last group after a complete number is an extension.
            String last = groups.get(groups.size() - 1);
            national = chineseNumber(d.substring(0, d.length() - last.length()), international, chinese);
        }
        if (national != null) {
            return Optional.of("86" + national);
        }
        if (!international && chinese) {
            String local = national(d, home);
            if (local != null) {
                return Optional.of(local);
            }
        }
        if (international && !d.startsWith("86") || !international && home == Home.ELSEWHERE && country != null) {
            Optional<String> read = OtherCountries.read(international ? "+" + d : d, international ? "ZZ" : country);
            if (read.isPresent()) {
                return read;
            }
        }
        return d.length() >= 6 ? Optional.of(d) : Optional.empty();
    }

    /**
     * The numbers of countries whose rules are not written out here, read by libphonenumber. Its
     * metadata is loaded at the first such number (a list of Chinese numbers never loads it).
     */
    private static final class OtherCountries {
        private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

        /**
         * Country code and national significant number, or empty when the number is not one of the
         * country's possible lengths ({@code 555-1234}, dialled locally only, has no area code to add).
         */
        static Optional<String> read(String number, String region) {
            try {
                PhoneNumber n = UTIL.parse(number, region);
                if (UTIL.isPossibleNumberWithReason(n) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
                    return Optional.empty();
                }
                return Optional.of(n.getCountryCode() + UTIL.getNationalSignificantNumber(n));
            } catch (NumberParseException e) {
                return Optional.empty(); // no number for libphonenumber either: the digits as given
            }
        }

        /** The region of a number with its country code that libphonenumber finds valid, or empty. */
        static Optional<String> region(String international) {
            try {
                PhoneNumber n = UTIL.parse(international, "ZZ");
                String region = UTIL.isValidNumber(n) ? UTIL.getRegionCodeForNumber(n) : null;
                return region == null || region.equals("ZZ") || region.equals("001") ? Optional.empty() : Optional.of(region);
            } catch (NumberParseException e) {
                return Optional.empty();
            }
        }

        /** Whether {@code digits} (country code first) are a valid mobile number of their country. */
        static boolean mobile(String digits) {
            if (digits.length() < 6 || digits.length() > 15) {
                return false;
            }
            try {
                PhoneNumber n = UTIL.parse("+" + digits, "ZZ");
                return UTIL.isValidNumber(n) && switch (UTIL.getNumberType(n)) {
                    case MOBILE, PAGER, PERSONAL_NUMBER -> true;
                    default -> false;
                };
            } catch (NumberParseException e) {
                return false;
            }
        }
    }

    /**
     * The ISO code of the country of a number written with its country code ({@code +48 …}, {@code 0048 …}) that
     * libphonenumber finds valid, or empty (a national number says no country by itself).
     */
    static Optional<String> countryOfInternational(String raw) {
        String t = raw.strip();
        String digits = t.startsWith("+") ? t.substring(1) : t.startsWith("00") ? t.substring(2) : null;
        return digits == null || longestDigitRun(t) > MAX_DIGITS ? Optional.empty() : OtherCountries.region("+" + digits);
    }

    /**
     * Whether the digits of a phone key, a country code first, are a number libphonenumber knows for a
     * mobile of its country ({@code 819012345678}, {@code 85291234567}); not a line that may be shared.
     */
    static boolean isForeignMobile(String digits) {
        return OtherCountries.mobile(digits);
    }

    /** The most digits the text has in a row. */
    static int longestDigitRun(String raw) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < raw.length(); i++) {
            run = Character.isDigit(raw.charAt(i)) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /**
     * A national number of Taiwan, Hong Kong or Macau with its country code, or null. None is a
     * Chinese number (those are read first): a Taiwan number with its trunk 0 has 9 or 10 digits, a
     * mainland landline 11 or 12. A Taiwan mobile (09 and 8 digits) is one wherever the row is; the
     * others only where the row's place says so (8 digits are a local number in many places).
     */
    private static String national(String d, Home home) {
        if (d.length() == 10 && d.startsWith("09")) {
            return "886" + d.substring(1);
        }
        if (home == Home.TAIWAN && d.startsWith("0") && (d.length() == 9 || d.length() == 10)) {
            return "886" + d.substring(1);
        }
        if ((home == Home.HONG_KONG || home == Home.MACAU) && d.length() == 8 && !d.startsWith("0")) {
            return home.code + d;
        }
        return null;
    }

    /**
     * The digits versions before 2026-12 could have stored for the number {@code raw} normalizes to
     * {@code now}: the digits as typed (they had no trunk rule and no {@code #} or separated
     * extension), and for a Chinese landline both its national and its {@code +86 (0)} spelling,
     * since another system may have typed it either way. Customers stored then hold claims under them.
     */
    static List<String> legacy(String raw, String now) {
        List<String> out = new ArrayList<>();
        String s = LEGACY_EXTENSION.matcher(raw).replaceFirst("");
        String d = String.join("", digitGroups(s));
        boolean international = s.strip().startsWith("+");
        if (!international && d.startsWith("00")) {
            d = d.substring(2);
            international = true;
        }
        if (!international && isMobile(d)) {
            d = "86" + d;
        }
        if (d.length() >= 6) {
            out.add(d);
        }
        if (now.startsWith("86") && isLandline(now.substring(2))) {
            out.add("0" + now.substring(2));
            out.add("860" + now.substring(2));
        }
        out.remove(now);
        return out;
    }

    /** The national significant number of a Chinese phone (no 86, no trunk 0), or null if it is not one. */
    private static String chineseNumber(String d, boolean international, boolean chinese) {
        if (international) {
            if (!d.startsWith("86")) {
                return null;
            }
            String n = d.substring(2);
            if (n.startsWith("0")) {
                n = n.substring(1); // +86 (0)571 …: the trunk 0 written inside an international number
            }
            return isMobile(n) || isLandline(n) ? n : null;
        }
        if (isMobile(d)) {
            return d;
        }
        if (chinese && d.startsWith("0") && isLandline(d.substring(1))) {
            return d.substring(1);
        }
        if (d.startsWith("86") && (isMobile(d.substring(2)) || isLandline(d.substring(2)))) {
            return d.substring(2); // 86 571 88881234 without the plus
        }
        if (d.startsWith("860") && isLandline(d.substring(3))) {
            return d.substring(3); // 86-0571-88881234
        }
        return null;
    }

    static boolean isMobile(String n) {
        return n.length() == 11 && n.charAt(0) == '1' && n.charAt(1) >= '3';
    }

    /** Area code and number: 10 or 2x with 8 digits, or a 3-digit area code (3–9xx) with 7 or 8. */
    static boolean isLandline(String n) {
        if (n.isEmpty()) {
            return false;
        }
        char first = n.charAt(0);
        if (first == '1' || first == '2') {
            return n.length() == 10 && (first == '2' || n.charAt(1) == '0');
        }
        return first >= '3' && (n.length() == 10 || n.length() == 11);
    }

    private static List<String> digitGroups(String s) {
        List<String> groups = new ArrayList<>();
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                g.append(c);
            } else if (!g.isEmpty()) {
                groups.add(g.toString());
                g.setLength(0);
            }
        }
        if (!g.isEmpty()) {
            groups.add(g.toString());
        }
        return groups;
    }
}
