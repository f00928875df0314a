package dev.custcode.identity;

import dev.custcode.customer.Customer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which two customers are probably one, though no key of theirs is shared: found, scored and
 * explained, never merged.
 *
 * <p>Candidates are found through <em>blocks</em>, small groups of customers worth comparing,
 * stored with the customers ({@link #blocks}): the same name as {@link CompanyNames} compares it;
 * the same start of the name (after the city it begins with: two characters of a Chinese name,
 * three letters of a Latin one) with the same phone area code; the same start with the same company
 * email domain. So a typo in the first two characters of 杭州青木贸易 is found only if the rest
 * compares equal. A pair is a candidate ({@link #compare}) when:
 * <ul>
 *   <li>the names compare equal and so do the cities (0.95), or the regions (0.85), unless their
 *       countries differ ({@link dev.custcode.normalize.Countries}: a region spans countries, a city's
 *       name may be in several); or</li>
 *   <li>the names are similar (edit distance over the longer name at least 0.7, after the city
 *       they start with), have the same digits (客户123 and 客户124 are two numbered customers) and
 *       are not numbered apart in words where they differ (第一分店 and 第二分店), and
 *       share a phone area code or an email domain (0.5 + 0.4 × similarity, + 0.05 in the same city).</li>
 * </ul>
 */
public final class DuplicateRules {
    /** Lowest score written as a candidate. */
    public static final double THRESHOLD = 0.7;
    /** Lowest name similarity for a pair that does not have the same name. */
    static final double SIMILAR = 0.7;
    /** Names compared up to this many characters (edit distance is quadratic). */
    private static final int MAX_COMPARED = 64;
    /** Email domains many unrelated customers share: no evidence of anything. */
    private static final Set<String> FREE_MAIL = Set.of("qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
            "139.com", "foxmail.com", "aliyun.com", "gmail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
            "me.com", "msn.com", "aol.com", "proton.me", "protonmail.com", "mail.com", "gmx.com", "gmx.de", "web.de", "yandex.ru",
            "vip.qq.com", "vip.163.com", "vip.126.com", "vip.sina.com", "sina.com.cn", "163.net", "188.com", "21cn.com", "tom.com",
            "189.cn", "wo.cn", "hotmail.co.uk", "yahoo.co.jp", "yahoo.com.hk", "yahoo.com.tw", "naver.com", "daum.net", "hanmail.net");
    /**
     * Domains reserved for examples and tests (RFC 2606, RFC 6761): placeholders a form or a test
     * file fills in, shared by customers who have nothing in common.
     */
    private static final Set<String> RESERVED = Set.of("example.com", "example.org", "example.net");
    private static final java.util.List<String> RESERVED_ENDINGS = java.util.List.of(".example", ".test", ".invalid", ".localhost");

    private DuplicateRules() {
    }

    /** A probable duplicate: the score, and why in words ({@code same name}, {@code same area code 571}). */
    public record Match(double score, List<String> reasons) {
    }

    /**
     * The blocks a customer belongs to, as opaque keys (hashes: a block key holds no name, phone or
     * email, so erasing a person leaves nothing of them in it). Empty without a name.
     */
    public static Set<String> blocks(Customer c) {
        String name = c.attributes().get("name");
        if (name == null || name.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        out.add(nameBlock(name));
        // A name in traditional characters also joins the block of its simplified spelling (上海浦江貿易 and 上海浦江贸易 meet there).
        out.add(hash("name|" + matching(name)));
        String stem = stem(core(c));
        areaCode(c).ifPresent(a -> out.add(hash("area|" + stem + "|" + a)));
        companyDomain(c).ifPresent(d -> out.add(hash("domain|" + stem + "|" + d)));
        return out;
    }

    /** The block of every customer whose name reads as this one for matching (the first of {@link #blocks}). */
    public static String nameBlock(String name) {
        return hash("name|" + CompanyNames.forMatching(name));
    }

    /** The name as the rules compare it: {@link CompanyNames#forMatching}, traditional characters read as simplified. */
    static String matching(String name) {
        return CompanyNames.forMatching(dev.custcode.normalize.Simplified.of(name));
    }

    /**
     * How a customer is kept in its blocks: its code, then after a {@code /} the signature of what its
     * name is compared by, so that a search reads only the members {@link #mayMatch} keeps (codes
     * are {@code [A-Z0-9-]}, signatures base64url: neither holds a {@code /}). The signature is 11
     * characters for 63 bits: a 16-bit hash of the name as matched, an 8-bit hash of the core's
     * digits, the core's length (up to {@value #MAX_COMPARED} code points), and how many of the
     * core's characters fall in each of 16 buckets (0 to 3, 3 meaning 3 or more). It holds no name.
     */
    public static String member(Customer c) {
        return c.code() + "/" + signature(c);
    }

    /** The code of a block's member, signed ({@link #member}) or not (as blocks were stored before signatures). */
    public static String codeOf(String member) {
        int slash = member.indexOf('/');
        return slash < 0 ? member : member.substring(0, slash);
    }

    /**
     * Whether {@link #compare} can find the customers of these two block members a pair ({@code ours}
     * the one searched, its {@link #member} computed once): false only when it certainly cannot,
     * from the signatures alone. The names differ (their hashes do), and either their digits differ
     * or their cores cannot be {@value #SIMILAR} similar: an edit distance is at least the longer
     * length less the characters the two have in common, and two cores have no more characters in
     * common than the smaller of their counts in each bucket. A member without a signature may match.
     */
    public static boolean mayMatch(String ours, String theirs) {
        long a = bits(ours);
        long b = bits(theirs);
        if (a < 0 || b < 0) {
            return true;
        }
        if ((a >>> 47) == (b >>> 47)) {
            return true; // the same name (or a hash collision): compared
        }
        if (((a >>> 39) & 0xFF) != ((b >>> 39) & 0xFF)) {
            return false; // other digits: 客户123 and 客户124
        }
        int lengthA = (int) ((a >>> 32) & 0x7F);
        int lengthB = (int) ((b >>> 32) & 0x7F);
        int longer = Math.max(lengthA, lengthB);
        if (longer == 0) {
            return false;
        }
        int common = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            int x = (int) ((a >>> (2 * bucket)) & 3);
            int y = (int) ((b >>> (2 * bucket)) & 3);
            common += x == 3 && y == 3 ? MAX_COMPARED : x == 3 ? y : y == 3 ? x : Math.min(x, y);
        }
        common = Math.min(common, Math.min(lengthA, lengthB));
        return (double) common / longer >= SIMILAR - 1e-9;
    }

    /** A member's signature bits, or -1 for a member stored without one (or not one of ours); the top bit is never set. */
    private static long bits(String member) {
        int slash = member.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        try {
            byte[] b = Base64.getUrlDecoder().decode(member.substring(slash + 1));
            return b.length == 8 ? java.nio.ByteBuffer.wrap(b).getLong() : -1;
        } catch (IllegalArgumentException notOurs) {
            return -1;
        }
    }

    private static final int BUCKETS = 16;

    /** The signature {@link #member} stores (the same for a customer whose name and city did not change). */
    public static String signature(Customer c) {
        String name = c.attributes().get("name");
        long bits = name == null ? 0 : signatureBits(name, core(c));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.nio.ByteBuffer.allocate(8).putLong(bits).array());
    }

    private static long signatureBits(String name, String core) {
        int[] points = core.codePoints().limit(MAX_COMPARED).toArray();
        long bits = 0;
        for (int p : points) {
            int bucket = (p * 0x9E3779B9) >>> 28; // the top 4 bits of a Fibonacci hash: one of 16
            long count = (bits >>> (2 * bucket)) & 3;
            if (count < 3) {
                bits += 1L << (2 * bucket);
            }
        }
        bits |= (long) points.length << 32;
        bits |= (long) (digits(core).hashCode() * 0x9E3779B9 >>> 24) << 39;
        bits |= (long) (matching(name).hashCode() * 0x9E3779B9 >>> 16) << 47;
        return bits;
    }

    /** Whether two customers are probably one, with the score and the reasons; empty below {@link #THRESHOLD}. */
    public static Optional<Match> compare(Customer a, Customer b) {
        String na = a.attributes().get("name");
        String nb = b.attributes().get("name");
        if (na == null || nb == null || a.code().equals(b.code())) {
            return Optional.empty();
        }
        String ta = a.attributes().get(IdentityKind.TAX_ID.schemeName());
        String tb = b.attributes().get(IdentityKind.TAX_ID.schemeName());
        if (ta != null && tb != null && !IdentityKeys.taxId(ta).equals(IdentityKeys.taxId(tb))) {
            return Optional.empty(); // two tax ids: two legal entities, whatever their names
        }
        // Two countries (a region such as europe spans many, and cities of one name are in several: Bergen) are two
        // companies, whatever their names.
        boolean otherCountry = differ(country(a), country(b));
        // 寧波 and 宁波 are one city: compared in simplified characters (the blocks keep the city as written).
        boolean sameCity = same(simplified(cityCompared(a)), simplified(cityCompared(b))) && !otherCountry;
        boolean sameRegion = same(a.dimensions().get("region"), b.dimensions().get("region"))
                && !"unknown".equals(a.dimensions().get("region")) && !otherCountry;
        if (matching(na).equals(matching(nb))) {
            if (sameCity) {
                return Optional.of(new Match(0.95, List.of("same name", "same city")));
            }
            if (sameRegion) {
                return Optional.of(new Match(0.85, List.of("same name", "same region")));
            }
            return Optional.empty();
        }
        String ca = core(a);
        String cb = core(b);
        if (!digits(ca).equals(digits(cb)) || !sameNumberInWords(ca, cb)) {
            return Optional.empty(); // 客户123 and 客户124, store 12 and store 13, 第一分店 and 第二分店: numbered, so distinct
        }
        double similarity = similarity(ca, cb);
        if (similarity < SIMILAR) {
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "similar names (%.2f)", similarity));
        Optional<String> area = areaCode(a).filter(x -> areaCode(b).map(x::equals).orElse(false));
        Optional<String> domain = companyDomain(a).filter(x -> companyDomain(b).map(x::equals).orElse(false));
        area.ifPresent(x -> reasons.add("same area code " + x));
        domain.ifPresent(x -> reasons.add("same email domain " + x));
        if (area.isEmpty() && domain.isEmpty()) {
            return Optional.empty();
        }
        double score = 0.5 + 0.4 * similarity;
        if (sameCity) {
            reasons.add("same city");
            score += 0.05;
        }
        double rounded = Math.round(score * 100) / 100.0;
        return rounded >= THRESHOLD ? Optional.of(new Match(rounded, reasons)) : Optional.empty();
    }

    /**
     * Whether two names have nothing in common as the rules compare them: neither holds the other,
     * and they share no two Chinese characters in a row and no three Latin letters or digits in a row
     * ({@code Wang Wu} and {@code 杭州青木贸易}; not {@code 北京星河贸易} and {@code 星河商贸}, not
     * {@code ACME Co., Ltd.} and {@code Acme Trading}). False when either is too short to tell, and
     * when one is written in Chinese characters and the other not: {@code Hangzhou Qingmu Trading} may
     * well be {@code 杭州青木贸易有限公司}.
     */
    public static boolean unrelatedNames(String a, String b) {
        String x = matching(a);
        String y = matching(b);
        if (x.contains(y) || y.contains(x) || han(x) != han(y)) {
            return false;
        }
        Set<String> gx = grams(x);
        Set<String> gy = grams(y);
        if (gx.isEmpty() || gy.isEmpty()) {
            return false;
        }
        gx.retainAll(gy);
        return gx.isEmpty();
    }

    private static boolean han(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /** Two Han characters in a row, or three letters or digits of another script. */
    private static Set<String> grams(String s) {
        Set<String> grams = new java.util.HashSet<>();
        int[] cp = s.codePoints().limit(MAX_COMPARED).toArray();
        for (int i = 0; i < cp.length; i++) {
            boolean han = Character.UnicodeScript.of(cp[i]) == Character.UnicodeScript.HAN;
            int n = han ? 2 : 3;
            if (i + n > cp.length || !Character.isLetterOrDigit(cp[i])) {
                continue;
            }
            boolean run = true;
            for (int j = i + 1; j < i + n; j++) {
                boolean hanJ = Character.UnicodeScript.of(cp[j]) == Character.UnicodeScript.HAN;
                run &= hanJ == han && Character.isLetterOrDigit(cp[j]);
            }
            if (run) {
                grams.add(new String(cp, i, n));
            }
        }
        return grams;
    }

    /** 1 − edit distance / the longer length, over code points: 青木贸易 and 青目贸易 are 0.75. */
    static double similarity(String a, String b) {
        int[] x = a.codePoints().limit(MAX_COMPARED).toArray();
        int[] y = b.codePoints().limit(MAX_COMPARED).toArray();
        int longer = Math.max(x.length, y.length);
        if (longer == 0) {
            return 0;
        }
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1.0 - (double) prev[y.length] / longer;
    }

    /** Chinese numerals, in their common and financial forms. */
    private static final String NUMERALS = "〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟";

    /**
     * Whether two names that differ are not numbered apart in words (false for 第一分店 and 第二分店, 良好客户一 and
     * 良好客户十: numbered, so distinct); true for 统一贸易 and 统一贸意, which differ elsewhere. Only where they differ:
     * a numeral both names share is part of their name ({@code 一品}), as a typo's neighbour is.
     */
    private static boolean sameNumberInWords(String a, String b) {
        int start = 0;
        int endA = a.length();
        int endB = b.length();
        while (start < endA && start < endB && a.charAt(start) == b.charAt(start)) {
            start++;
        }
        while (endA > start && endB > start && a.charAt(endA - 1) == b.charAt(endB - 1)) {
            endA--;
            endB--;
        }
        // What differs: a numeral replaced by another numeral is a different number.
        String da = a.substring(start, endA);
        String db = b.substring(start, endB);
        boolean numeralsA = !da.isEmpty() && da.chars().allMatch(c -> NUMERALS.indexOf(c) >= 0);
        boolean numeralsB = !db.isEmpty() && db.chars().allMatch(c -> NUMERALS.indexOf(c) >= 0);
        return !(numeralsA && numeralsB);
    }

    private static String digits(String s) {
        StringBuilder d = new StringBuilder();
        s.codePoints().filter(Character::isDigit).forEach(d::appendCodePoint);
        return d.toString();
    }

    /** The name as compared, without the city it starts with (杭州青木贸易 in 杭州 → 青木贸易), when something is left. */
    static String core(Customer c) {
        String name = matching(c.attributes().get("name"));
        String city = city(c);
        if (city != null && name.startsWith(city) && name.length() >= city.length() + 2) {
            return name.substring(city.length());
        }
        return name;
    }

    /** The first two characters of a Chinese name's core, the first three of a Latin one. */
    private static String stem(String core) {
        int first = core.isEmpty() ? 0 : core.codePointAt(0);
        long n = Character.UnicodeScript.of(first) == Character.UnicodeScript.HAN ? 2 : 3;
        return core.codePoints().limit(n).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /**
     * The country the customer's {@code country} cell names: its ISO code ({@code DE} for Germany, 德国 or
     * DEU; {@code CN} for P.R. China), or for a name not known as a country the cell itself ({@code ?bavaria}); null without one.
     */
    private static String country(Customer c) {
        String country = c.attributes().get("country");
        if (country == null || country.isBlank()) {
            return null;
        }
        return dev.custcode.normalize.Countries.named(country)
                .orElse("?" + dev.custcode.normalize.Text.normalize(country).toLowerCase(java.util.Locale.ROOT));
    }

    /** Two countries both known as such, or both named alike, and not the same (a name not known is no other country than a known one). */
    private static boolean differ(String a, String b) {
        return a != null && b != null && a.startsWith("?") == b.startsWith("?") && !a.equals(b);
    }

    /** Cities that are a province of their own: written in the province column, they are the city too. */
    private static final Set<String> MUNICIPALITIES = Set.of("北京", "上海", "天津", "重庆", "beijing", "shanghai", "tianjin", "chongqing");

    /**
     * The city two customers are compared by: their city, or a municipality their province column
     * names (北京 there and 北京 in another file's city column are one place). Blocks and cores read
     * {@link #city} alone, so that a stored customer's blocks stay what they were.
     */
    private static String cityCompared(Customer c) {
        String city = city(c);
        if (city != null) {
            return city;
        }
        String province = c.attributes().get("province");
        String named = province == null || province.isBlank() ? null : CompanyNames.cityForMatching(province);
        return named != null && MUNICIPALITIES.contains(named) ? named : null;
    }

    private static String city(Customer c) {
        String city = c.attributes().get("city");
        return city == null || city.isBlank() ? null : CompanyNames.cityForMatching(city);
    }

    /** The area code of a Chinese landline ({@code 571}, {@code 10}); none for mobiles and foreign numbers. */
    static Optional<String> areaCode(Customer c) {
        String phone = c.attributes().get("phone");
        if (phone == null) {
            return Optional.empty();
        }
        return PhoneNumbers.normalize(phone, true).filter(d -> d.startsWith("86")).map(d -> d.substring(2))
                .filter(n -> !PhoneNumbers.isMobile(n) && PhoneNumbers.isLandline(n))
                .map(n -> n.charAt(0) == '1' || n.charAt(0) == '2' ? n.substring(0, 2) : n.substring(0, 3));
    }

    /** The domain of an email address, unless it is a free mail provider's. */
    static Optional<String> companyDomain(Customer c) {
        String email = c.attributes().get("email");
        if (email == null) {
            return Optional.empty();
        }
        return IdentityKeys.email(email).map(e -> e.substring(e.indexOf('@') + 1)).filter(d -> !FREE_MAIL.contains(d) && !reserved(d));
    }

    /** A domain reserved for examples ({@code example.com}, {@code shop.test}): a placeholder, no company's. */
    private static boolean reserved(String domain) {
        return RESERVED.contains(domain) || RESERVED_ENDINGS.stream().anyMatch(domain::endsWith)
                || RESERVED.stream().anyMatch(r -> domain.endsWith("." + r));
    }

    private static String simplified(String text) {
        return text == null ? null : dev.custcode.normalize.Simplified.of(text);
    }

    private static boolean same(String a, String b) {
        return a != null && Objects.equals(a, b);
    }

    private static String hash(String block) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(block.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
