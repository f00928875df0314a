package dev.custcode.identity;

import dev.custcode.normalize.Countries;
import dev.custcode.normalize.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Derives a customer's identity key from its (already normalized) field values, taking the
 * first kind the scheme prefers that the row has: source system id; else tax id; else phone;
 * else email; else name + city.
 *
 * <p>{@code IdentityKeys.phone("+86 138-0013-8000")} and {@code phone("13800138000")} both give
 * {@code "8613800138000"}: the same customer typed two ways is one identity. The rules of each kind
 * are in {@link PhoneNumbers}, {@link CompanyNames}, {@link CreditCode} and {@link #email}; a key whose
 * rule changed carries the earlier spelling as {@link Identity#legacy()}.
 */
public final class IdentityKeys {
    /** Longest email address taken (RFC 5321's path limit); longer text is not an address. */
    static final int MAX_EMAIL = 254;
    /**
     * Longest identity key, in UTF-8 bytes ({@code sid:} and the rest): half of DynamoDB's
     * 2,048-byte partition key limit, since every key is the partition key of a claim item. A row
     * with a longer key is rejected rather than failing its batch's writes.
     */
    public static final int MAX_KEY_BYTES = 1024;

    private IdentityKeys() {
    }

    /**
     * Every identity key the row carries, in the scheme's order of preference: a row matches an
     * existing customer through any of them.
     */
    public static List<Identity> all(Map<String, String> values, List<String> preference) {
        List<Identity> out = new java.util.ArrayList<>();
        for (String name : preference) {
            IdentityKind kind = IdentityKind.fromScheme(name).orElseThrow(() -> new IllegalArgumentException("no identity kind " + name));
            key(values, kind).ifPresent(out::add);
        }
        return out;
    }

    /** The key a permanent code is claimed under: {@code code:NED000042}. */
    public static String codeKey(String code) {
        return IdentityKind.CODE.key(code.trim().toUpperCase(Locale.ROOT));
    }

    private static Optional<Identity> key(Map<String, String> values, IdentityKind kind) {
        if (mangledByExcel(values.get(kind.schemeName()))) {
            return Optional.empty(); // 1.38123E+10 stands for a hundred thousand phone numbers
        }
        return switch (kind) {
            case SOURCE_ID -> Optional.ofNullable(values.get(kind.schemeName())).map(v -> new Identity(kind, kind.key(v)));
            case TAX_ID -> Optional.ofNullable(values.get(kind.schemeName())).map(IdentityKeys::taxId)
                    .filter(t -> !t.isEmpty() && (!CreditCode.looksLikeOne(t) || CreditCode.isValid(t) || CreditCode.isIdentityCard(t)))
                    .map(t -> new Identity(kind, kind.key(t)));
            case PHONE -> Optional.ofNullable(values.get(kind.schemeName())).flatMap(p -> {
                String country = country(values);
                return phoneDigits(p, values, country)
                        .map(d -> new Identity(kind, kind.key(d), legacyPhones(p, d, values, country).stream().map(kind::key).toList()));
            });
            case EMAIL -> Optional.ofNullable(values.get(kind.schemeName())).flatMap(IdentityKeys::email).map(v -> new Identity(kind, kind.key(v)));
            case NAME_CITY -> nameCity(values);
            default -> Optional.empty();
        };
    }

    /**
     * Why the row's tax id is not used as a key, or null: an 18-character unified social credit
     * code whose check character is wrong is kept as a value and named in a warning.
     */
    public static String taxIdProblem(Map<String, String> values) {
        String raw = values.get(IdentityKind.TAX_ID.schemeName());
        if (raw == null) {
            return null;
        }
        String t = taxId(raw);
        if (!invalidCreditCode(t)) {
            return null;
        }
        Character check = CreditCode.expectedCheck(t);
        return "not a valid unified social credit code (" + (check == null ? "a character outside its alphabet"
                : "its check character would be " + check) + (t.endsWith("000") && t.chars().allMatch(Character::isDigit)
                ? "; ending in zeros, it may be a number Excel kept 15 digits of: format the column as Text before saving as CSV" : "")
                + "): not used to recognize the customer, and a stored valid code stays (this one is kept only where there was none)";
    }

    /** Whether a tax id has the shape of a unified social credit code but not its check character (nor is an identity card's number). */
    private static boolean invalidCreditCode(String taxId) {
        return CreditCode.looksLikeOne(taxId) && !CreditCode.isValid(taxId) && !CreditCode.isIdentityCard(taxId);
    }

    private static final Pattern SCIENTIFIC = Pattern.compile("[0-9](?:\\.[0-9]+)?[eE]\\+[0-9]{1,3}");

    /**
     * Whether a value is a long number as Excel shows it in a General cell, {@code 1.38123E+10}: the
     * digits past the sixth are lost, so it identifies nobody (a phone, a customer or tax id).
     */
    public static boolean mangledByExcel(String value) {
        return value != null && value.length() <= 24 && SCIENTIFIC.matcher(value.strip()).matches();
    }

    /** What becomes of a value {@link #mangledByExcel}: a stored value is worth more than its rounded copy. */
    public static final String EXCEL_CUT_ACTION = "not used to recognize the customer, and a stored value stays (this one is kept only where"
            + " there was none)";

    /** Field → why its value is not used as a key, for the identity fields whose numbers Excel cut ({@link #mangledByExcel}). */
    public static Map<String, String> excelProblems(Map<String, String> values, List<String> preference) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : preference) {
            IdentityKind.fromScheme(name).map(IdentityKind::schemeName).filter(f -> mangledByExcel(values.get(f)))
                    .ifPresent(f -> out.put(f, "a number Excel showed in scientific notation, its last digits lost (format the column as Text"
                            + " before saving as CSV): " + EXCEL_CUT_ACTION));
        }
        return out;
    }

    /**
     * Identity field → why the row's value of it is kept but not used as a key (a tax id whose check
     * character is wrong, an email that is no address, a phone that is no number), in that order;
     * empty when every identity value is usable or absent.
     */
    public static Map<String, String> problems(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        putIfProblem(out, IdentityKind.TAX_ID, taxIdProblem(values));
        putIfProblem(out, IdentityKind.EMAIL, emailProblem(values));
        putIfProblem(out, IdentityKind.PHONE, phoneProblem(values));
        return out;
    }

    private static void putIfProblem(Map<String, String> out, IdentityKind kind, String problem) {
        if (problem != null) {
            out.put(kind.schemeName(), problem);
        }
    }

    /** Why the row's email is not used as a key, or null: a value that is no address is kept and named in a warning. */
    public static String emailProblem(Map<String, String> values) {
        String raw = values.get(IdentityKind.EMAIL.schemeName());
        if (raw == null || raw.isBlank() || email(raw).isPresent()) {
            return null;
        }
        return "not an email address (one @, a name before it, a dotted domain after it, no spaces): not used to recognize the customer,"
                + " and a stored address stays (this one is kept only where there was none)";
    }

    /**
     * Why the row's phone is not used as a key, or null: a value with digits that is no phone number
     * ({@code ERP002}, {@code 12345}: a column shifted, a typo) is kept and named in a warning. A
     * value without digits ({@code 无}, {@code -}) says there is none, and is not warned about.
     */
    public static String phoneProblem(Map<String, String> values) {
        String raw = values.get(IdentityKind.PHONE.schemeName());
        if (raw == null) {
            return null;
        }
        int run = PhoneNumbers.longestDigitRun(raw);
        if (run > PhoneNumbers.MAX_DIGITS) {
            return "not a phone number (" + run + " digits in a row; a phone number has at most 15, and an extension a few more): not used to"
                    + " recognize the customer, and a stored number stays (this one is kept only where there was none)";
        }
        if (!mayBeAPhone(raw) || phoneDigits(raw, values).isPresent()) {
            return null;
        }
        return "not a phone number (a phone number has 6 digits or more, and no letters but an extension's): not used to recognize the customer,"
                + " and a stored number stays (this one is kept only where there was none)";
    }


    /**
     * Whether a phone cell is one that should read as a number: it has digits, and is not Excel's
     * rounding of one, a short service number ({@code 95588}, {@code 10086}: digits only, at most 5)
     * or a cell of several numbers longer than one phone key can be ({@code 0571-88881234 / 13800138000 / …}).
     */
    private static boolean mayBeAPhone(String raw) {
        String t = raw.strip();
        long digits = t.chars().filter(Character::isDigit).count();
        return digits > 0 && !mangledByExcel(t) && !(digits <= 5 && digits == t.length()) && t.length() <= 64;
    }

    /**
     * Whether a value of a contact field can be read as one: an email address under {@code email}
     * ({@link #email}), a phone number under {@code phone} when it has digits ({@link #phoneProblem}), a
     * tax id that is not a unified social credit code with a wrong check character ({@link #taxIdProblem});
     * any value of another field. A value that is none never replaces a stored one that is.
     */
    public static boolean readableContact(String field, String value) {
        if (value == null) {
            return true;
        }
        if (IdentityKind.PHONE.schemeName().equals(field)) {
            // A run of digits no phone number has is none, however long the cell (5,000 digits pasted in).
            return PhoneNumbers.longestDigitRun(value) <= PhoneNumbers.MAX_DIGITS && (!mayBeAPhone(value) || phone(value).isPresent());
        }
        if (IdentityKind.TAX_ID.schemeName().equals(field)) {
            // A code whose check character is wrong (a typo, Excel's 15 digits) never replaces a valid one.
            return !invalidCreditCode(taxId(value));
        }
        return !IdentityKind.EMAIL.schemeName().equals(field) || email(value).isPresent();
    }

    /**
     * Whether two values of a contact field say the same, so that the stored spelling stays: emails
     * but for case and surrounding space; phones ({@code phone}, {@code phone2}) with one key and
     * nothing more in the second ({@code +86 139 1000 0001} and {@code 13910000001}; not a second
     * that adds an extension), both read as numbers of the row's place ({@link #home}: {@code 9123 4567}
     * and {@code +852 9123 4567} in a Hong Kong row).
     *
     * @param values the row's values, whose country, province or city place its numbers
     */
    public static boolean sameContact(String field, String stored, String given, Map<String, String> values) {
        return sameContact(field, stored, values, given, values);
    }

    /**
     * {@link #sameContact(String, String, String, Map)} for a stored value and a row's: each phone read
     * as a number of its own place, the stored one's the stored customer's ({@code 02-312-3456} of a
     * customer in 대한민국), the given one's the row's; where either names no place, the other's
     * ({@code 02-312-3456} in a row without a country, for that customer, is {@code +82 2 312 3456}).
     */
    public static boolean sameContact(String field, String stored, Map<String, String> storedValues, String given, Map<String, String> givenValues) {
        if (stored == null || given == null) {
            return false;
        }
        if (IdentityKind.EMAIL.schemeName().equals(field)) {
            Optional<String> a = email(stored);
            return a.isPresent() && a.equals(email(given));
        }
        if (IdentityKind.PHONE.schemeName().equals(field) || (IdentityKind.PHONE.schemeName() + "2").equals(field)) {
            Map<String, String> storedPlace = placed(storedValues) ? storedValues : givenValues;
            Map<String, String> givenPlace = placed(givenValues) ? givenValues : storedValues;
            Optional<String> a = phoneDigits(stored, storedPlace);
            Optional<String> b = phoneDigits(given, givenPlace);
            // Every digit of the given spelling is the key's (a trunk 0, written alone or as (0), or an 00 aside): an extension's are not.
            String digits = Text.normalize(given).replace("(0)", "").chars().filter(c -> c >= '0' && c <= '9').collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString().replaceFirst("^0+", "");
            return a.isPresent() && a.equals(b) && b.get().endsWith(digits);
        }
        return false;
    }

    /** Whether the values name a place their numbers are of ({@link #home}, {@link #country}). */
    private static boolean placed(Map<String, String> values) {
        return PLACE_FIELDS.stream().anyMatch(f -> values.get(f) != null && !values.get(f).isBlank());
    }

    private static final List<String> PLACE_FIELDS = List.of("country", "province", "city", "address");

    /**
     * Their places as a province or city cell names them: the whole cell, or with 市 or 县 after a
     * Taiwan one ({@code 台北市}, {@code 新竹县}). Whole names only: 九龙坡区 is in Chongqing, 新北区 in Changzhou.
     */
    private static final Map<PhoneNumbers.Home, List<String>> PLACES = Map.of(
            PhoneNumbers.Home.TAIWAN, List.of("台湾", "台湾省", "taiwan", "taipei", "kaohsiung", "taichung", "tainan", "台北", "新北", "桃园", "台中",
                    "台南", "高雄", "基隆", "新竹", "嘉义", "苗栗", "彰化", "南投", "云林", "屏东", "宜兰", "花莲", "台东", "澎湖", "金门"),
            PhoneNumbers.Home.HONG_KONG, List.of("香港", "香港特别行政区", "hongkong", "kowloon", "九龙", "新界", "香港岛", "港岛"),
            PhoneNumbers.Home.MACAU, List.of("澳门", "澳门特别行政区", "macau", "macao", "氹仔"));

    /** The digits of a phone's key, read as a number of the place the values name (their country cell read once). */
    private static Optional<String> phoneDigits(String raw, Map<String, String> place) {
        return phoneDigits(raw, place, country(place));
    }

    /** @param country what {@link #country} read of the place */
    private static Optional<String> phoneDigits(String raw, Map<String, String> place, String country) {
        return PhoneNumbers.normalize(raw, home(place, country), country);
    }

    /**
     * The ISO code of the country the row's country cell names, or null; without a country cell, the
     * country its place is written in the script of ({@link #countryByScript}).
     */
    private static String country(Map<String, String> values) {
        String country = values.get("country");
        return country == null || country.isBlank() ? countryByScript(values) : Countries.named(country).orElse(null);
    }

    /**
     * Korea for a province, city or address in Hangul (서울특별시, 경기도 성남시 …), Japan for one in kana or
     * naming a prefecture (東京都港区, 神奈川県, 大阪府), Russia (or Ukraine) for one in Cyrillic: a Korean,
     * Japanese or Russian list without a country column, whose {@code 010-1234-5678} is a Korean mobile,
     * not a Beijing landline, and whose {@code 8 (812) 234-56-78} is +7 812. Null for any other place.
     * A row naming no place at all: Korea or Japan for a name in Hangul or kana (a Chinese mobile, 11
     * digits from 13, is one wherever the row is).
     */
    static String countryByScript(Map<String, String> values) {
        for (String field : PLACE_FIELDS) {
            String place = values.get(field);
            if (place == null || place.isBlank() || field.equals("country")) {
                continue;
            }
            String p = place.strip();
            String script = countryOfScript(p);
            if (script == null && (p.indexOf('県') >= 0 || JAPANESE_PREFECTURES_NOT_KEN.stream().anyMatch(p::startsWith))) {
                return "JP";
            }
            return script; // the first place named decides, as for home
        }
        // No place at all (이름,연락처): a name in Hangul or kana says where its people are.
        for (String field : List.of("name", "lastName", "firstName", "company")) {
            String name = values.get(field);
            String script = name == null ? null : countryOfScript(name);
            if (script != null) {
                return script;
            }
        }
        return null;
    }

    /**
     * KR for text with Hangul in it, JP for text with kana, UA for Cyrillic with a letter only Ukrainian
     * writes (і, ї, є, ґ), RU for other Cyrillic (its 8 (812) … is a Russian number), else null.
     */
    private static String countryOfScript(String text) {
        boolean kana = false;
        boolean cyrillic = false;
        boolean ukrainian = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HANGUL) {
                return "KR";
            }
            kana |= script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
            cyrillic |= script == Character.UnicodeScript.CYRILLIC;
            ukrainian |= "іїєґІЇЄҐ".indexOf(c) >= 0;
            i += Character.charCount(c);
        }
        return kana ? "JP" : ukrainian ? "UA" : cyrillic ? "RU" : null;
    }

    /**
     * The ISO code of the country a row without a country cell is in, as far as its own values say: its
     * place's script ({@link #countryByScript}: Москва, 서울, 東京都), else its phone's country code
     * ({@code +48 22 500 10 20} is Poland); empty with a country cell, or when nothing says.
     */
    public static Optional<String> inferredCountry(Map<String, String> values) {
        String cell = values.get("country");
        if (cell != null && !cell.isBlank()) {
            return Optional.empty();
        }
        String byScript = countryByScript(values);
        if (byScript != null) {
            return Optional.of(byScript);
        }
        String phone = values.get(IdentityKind.PHONE.schemeName());
        return phone == null ? Optional.empty() : PhoneNumbers.countryOfInternational(phone);
    }

    /** The prefectures whose names do not end in 県, the character only Japanese writes so. */
    private static final List<String> JAPANESE_PREFECTURES_NOT_KEN = List.of("東京都", "大阪府", "京都府", "北海道");

    /**
     * {@link PhoneNumbers#legacy}, and for a number read as Korean or Japanese by its place's script
     * ({@link #countryByScript}, 2026-12-07), the key earlier versions gave it as a Chinese number.
     */
    private static List<String> legacyPhones(String raw, String now, Map<String, String> values, String country) {
        List<String> legacy = new java.util.ArrayList<>(PhoneNumbers.legacy(raw, now));
        String cell = values.get("country");
        if ((cell == null || cell.isBlank()) && country != null) {
            PhoneNumbers.normalize(raw, homeInChina(values), null).filter(d -> !d.equals(now) && !legacy.contains(d)).ifPresent(legacy::add);
        }
        return legacy;
    }

    /**
     * Where the row's numbers without a country code are from: the country its country cell names
     * ({@link Countries#named}: Taiwan, Province of China is Taiwan, {@code P.R. China} China), else
     * elsewhere. Without a country, its province or else its city names one of the three places, else
     * China; with neither, its address when it begins with one of them.
     *
     * @param iso what {@link #country} read of the values' country cell
     */
    private static PhoneNumbers.Home home(Map<String, String> values, String iso) {
        String country = values.get("country");
        if (country != null && !country.isBlank() || iso != null) {
            return switch (iso == null ? "" : iso) {
                case "CN" -> PhoneNumbers.Home.CHINA;
                case "TW" -> PhoneNumbers.Home.TAIWAN;
                case "HK" -> PhoneNumbers.Home.HONG_KONG;
                case "MO" -> PhoneNumbers.Home.MACAU;
                default -> PhoneNumbers.Home.ELSEWHERE;
            };
        }
        return homeInChina(values);
    }

    /** {@link #home} of a row naming no country: China, or Taiwan, Hong Kong or Macau by its province, city or address. */
    private static PhoneNumbers.Home homeInChina(Map<String, String> values) {
        for (String field : List.of("province", "city")) {
            String place = Text.placeKey(values.get(field));
            if (place.isEmpty()) {
                continue;
            }
            for (PhoneNumbers.Home home : List.of(PhoneNumbers.Home.TAIWAN, PhoneNumbers.Home.HONG_KONG, PhoneNumbers.Home.MACAU)) {
                if (PLACES.get(home).stream().anyMatch(p -> place.equals(p)
                        || home == PhoneNumbers.Home.TAIWAN && (place.equals(p + "市") || place.equals(p + "县")))) {
                    return home;
                }
            }
            return PhoneNumbers.Home.CHINA; // a place named, not one of the three: its province decides before its city
        }
        // No province nor city: the address, when it begins with one of the three places (臺中市西屯區…, 香港九龍…).
        String address = Text.placeKey(values.get("address"));
        for (PhoneNumbers.Home home : List.of(PhoneNumbers.Home.TAIWAN, PhoneNumbers.Home.HONG_KONG, PhoneNumbers.Home.MACAU)) {
            for (String p : PLACES.get(home)) {
                if (address.startsWith(p) && beginsAddress(address, p)) {
                    return home;
                }
            }
        }
        return PhoneNumbers.Home.CHINA;
    }

    /**
     * Whether {@code place} at the start of an address is that place, not the start of another name:
     * followed by nothing, an administrative suffix, a separator, or (the three places' own names,
     * 台湾, 香港, 澳门) anything but a street's word ({@code 香港路} is a street in many cities).
     */
    private static boolean beginsAddress(String address, String place) {
        if (address.length() == place.length()) {
            return true;
        }
        char next = address.charAt(place.length());
        if ("市县省区特 ,，、".indexOf(next) >= 0) {
            return true;
        }
        String rest = address.substring(place.length());
        if (rest.startsWith("city") || rest.startsWith("county") || rest.startsWith("district")) {
            return true; // Taichung City, Xitun Dist. (its spaces taken out)
        }
        boolean region = place.equals("台湾") || place.equals("香港") || place.equals("澳门");
        return region ? "路街道巷大".indexOf(next) < 0 : !Character.isLetter(next) && !Character.isIdeographic(next);
    }

    /** The preferred identity key the row carries (the first of {@link #all}), if any. */
    public static Optional<Identity> of(Map<String, String> values, List<String> preference) {
        return all(values, preference).stream().findFirst();
    }

    /** Upper-case, without spaces and hyphens: {@code 91440300 7663-4578 1x} → {@code 914403007663457781X}. */
    public static String taxId(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /**
     * Digits with the country code ({@link PhoneNumbers}): {@code 0571-8888 1234} and
     * {@code +86 571 88881234} both give {@code 8657188881234}. Fewer than 6 digits, or more than 64
     * characters, is not a phone number.
     */
    public static Optional<String> phone(String raw) {
        return PhoneNumbers.normalize(raw, true);
    }

    /**
     * Whether a phone key may be a line several customers share: a number a company's switchboard
     * may share among people and companies, unlike a mobile, which is one person's. A Chinese number
     * ({@code tel:8657188881234}) is one when it is a landline; another country's when libphonenumber
     * does not know it for a mobile ({@code tel:442079460777} is a London line, {@code tel:14155550777}
     * may be either in the United States, and digits of no country known may be anything).
     */
    public static boolean sharedLine(String phoneKey) {
        String digits = phoneKey.substring(phoneKey.indexOf(':') + 1);
        if (digits.startsWith("86")) {
            return PhoneNumbers.isLandline(digits.substring(2));
        }
        return !PhoneNumbers.isForeignMobile(digits);
    }

    /** How versions before 2026-12 could have spelled a phone key's digits, which customers stored then are claimed under. */
    public static List<String> legacyPhones(String raw) {
        return phone(raw).map(d -> PhoneNumbers.legacy(raw, d)).orElse(List.of());
    }

    /**
     * Lower-cased; {@code empty} unless it looks like an address: one {@code @}, something before
     * it, a dot inside the domain, no spaces, at most 254 characters. Checked in one pass, without
     * a regular expression: a backtracking pattern took seconds on {@code a@} followed by 60,000 dots.
     */
    public static Optional<String> email(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty() || e.length() > MAX_EMAIL) {
            return Optional.empty();
        }
        int at = -1;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (Character.isWhitespace(c)) {
                return Optional.empty();
            }
            if (c == '@') {
                if (at >= 0) {
                    return Optional.empty();
                }
                at = i;
            }
        }
        if (at <= 0) {
            return Optional.empty();
        }
        int dot = e.indexOf('.', at + 1);
        // A dot after at least one character of the domain and before its last character.
        return dot > at + 1 && dot < e.length() - 1 ? Optional.of(e) : Optional.empty();
    }

    /**
     * Why a key is too long to be stored, or null: {@code "customer id is 3,000 bytes as an
     * identity key (sid:…); the limit is 1,024"}.
     */
    public static String tooLong(Identity k) {
        long bytes = dev.custcode.customer.ItemSize.utf8(k.key());
        if (bytes <= MAX_KEY_BYTES) {
            return null;
        }
        return k.kind().described() + " is " + String.format("%,d", bytes) + " bytes as an identity key; the limit is "
                + String.format("%,d", MAX_KEY_BYTES) + " bytes";
    }

    /**
     * {@code name:} the name and city as {@link CompanyNames} compares them: 杭州青木贸易有限公司 in
     * 杭州市 and 杭州青木贸易（有限公司） in 杭州 are one key, {@code name:杭州青木贸易|杭州}.
     */
    public static Optional<Identity> nameCity(Map<String, String> values) {
        String name = values.get("name");
        String city = values.get("city");
        if (name == null || city == null) {
            return Optional.empty();
        }
        String key = IdentityKind.NAME_CITY.key(CompanyNames.forMatching(name) + "|" + CompanyNames.cityForMatching(city));
        String legacy = IdentityKind.NAME_CITY.key(name.toLowerCase(Locale.ROOT) + "|" + city.toLowerCase(Locale.ROOT));
        return Optional.of(new Identity(IdentityKind.NAME_CITY, key, List.of(legacy)));
    }
}
