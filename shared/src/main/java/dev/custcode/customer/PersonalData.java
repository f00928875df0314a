package dev.custcode.customer;

import dev.custcode.normalize.Values;
import dev.custcode.scheme.Scheme;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How personal information is shown to whoever is not granted it: enough to recognise a contact
 * one already has ({@code 138****8000}, {@code z***@example.com}), not enough to use it.
 *
 * <ul>
 *   <li>phones: the first 3 and the last 4 digits kept, the digits between starred, separators kept
 *       ({@code 010-6543 2100} → {@code 010-**** 2100}); 8 digits: the first 2 and the last 4
 *       ({@code 88**1234}); fewer: all but the last 2 starred, and at least two ({@code **6});</li>
 *   <li>emails: the first character of the local part, {@code ***}, and the domain;</li>
 *   <li>tax ids: the first 2 and the last 2 characters kept, the rest starred (fewer than 8: all starred);</li>
 *   <li>anything else marked personal: its first character and {@code ***}.</li>
 * </ul>
 *
 * <p>Masking is the same on every call, so a masked value can be compared, not reversed.
 */
public final class PersonalData {
    private PersonalData() {
    }

    /** The value as shown without access to personal data; empty and null stay as they are. */
    public static String mask(String field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (field) {
            case "phone", "phone2" -> phone(value);
            case "email" -> email(value);
            case "taxId" -> middle(value, 2, 2, 8);
            default -> value.codePointCount(0, value.length()) <= 1 ? "*" : new String(Character.toChars(value.codePointAt(0))) + "***";
        };
    }

    /** A value of a field nobody knows (a cell of a broken line): all but its first character hidden. */
    public static String maskAny(String value) {
        return mask("", value);
    }

    static String phone(String value) {
        int digits = (int) value.chars().filter(Character::isDigit).count();
        // At least two digits starred, so that every mask is one isMasked knows (8 digits: 88**1234, 3: **6).
        int keepHead = digits >= 9 ? 3 : digits == 8 ? 2 : 0;
        int keepTail = digits >= 8 ? 4 : Math.max(0, Math.min(2, digits - 2));
        StringBuilder sb = new StringBuilder(value.length());
        int seen = 0;
        for (char c : value.toCharArray()) {
            if (Character.isDigit(c)) {
                sb.append(seen < keepHead || seen >= digits - keepTail ? c : '*');
                seen++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String email(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return maskAny(value);
        }
        return new String(Character.toChars(value.codePointAt(0))) + "***" + value.substring(at);
    }

    private static String middle(String value, int head, int tail, int minLength) {
        int n = value.length();
        if (n < minLength) {
            return "*".repeat(n);
        }
        return value.substring(0, head) + "*".repeat(n - head - tail) + value.substring(n - tail);
    }

    /**
     * Whether a value is one of these masks rather than data: two asterisks in a row (or a lone
     * one), or an asterisk beside a digit (a short phone as exports masked it before they starred
     * at least two: {@code 888*1234}), which no phone, email or tax id has. Ingest ignores such
     * cells of personal fields, so a masked export edited in Excel and dropped back leaves the
     * stored values alone.
     */
    public static boolean isMasked(String value) {
        if (value == null) {
            return false;
        }
        if (value.contains("**") || value.equals("*")) {
            return true;
        }
        for (int i = value.indexOf('*'); i >= 0; i = value.indexOf('*', i + 1)) {
            if (i > 0 && Character.isDigit(value.charAt(i - 1)) || i + 1 < value.length() && Character.isDigit(value.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Attributes with every personal field the scheme names masked, and in the other columns (ones no
     * field names: free text such as 备注) the phone numbers and emails written in them.
     */
    public static Map<String, String> mask(Map<String, String> attributes, Scheme scheme) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, masked(k, v, scheme)));
        return out;
    }

    /** One attribute as {@link #mask(Map, Scheme)} shows it. */
    public static String masked(String key, String value, Scheme scheme) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (scheme.isPersonal(key)) {
            return mask(scheme.maskedAs(key), value);
        }
        if (scheme.fields().containsKey(key) || figures(key) && Values.parseAmount(value).isPresent()) {
            return value;
        }
        return scrub(value, !otherNumbers(key));
    }

    /**
     * Whether a header names a column of numbers of another kind than phones: a record's id or number,
     * a postal code, a date ({@code recordid}, {@code billingzip/postalcode}, {@code lastactivitydate},
     * {@code 订单编号}). Its emails are masked, its numbers are not. A header that also names a contact
     * ({@code phoneno}, {@code 电话号码}) is none of them.
     */
    private static boolean otherNumbers(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        if (CONTACT_WORDS.stream().anyMatch(h::contains)) {
            return false;
        }
        return ID_ENDINGS.stream().anyMatch(h::endsWith) || OTHER_NUMBERS.stream().anyMatch(h::contains);
    }

    private static final List<String> CONTACT_WORDS = List.of("phone", "tel", "mobile", "fax", "cell", "contact", "wechat", "whatsapp", "qq",
            "微信", "电话", "電話", "手机", "手機", "传真", "傳真", "联系", "聯絡", "联络", "携帯");
    private static final List<String> ID_ENDINGS = List.of("id", "no", "no.", "number", "code", "编号", "编码", "代码", "单号", "編號", "番号",
            "コード");
    private static final List<String> OTHER_NUMBERS = List.of("zip", "postal", "postcode", "邮编", "邮政编码", "郵便", "郵遞區號", "date", "日期",
            "时间", "時間", "日時", "日付");

    /**
     * Words of a header whose column holds figures ({@code Annual Revenue}, {@code 注册资本}, {@code 员工人数}):
     * a number in it is no phone number, however many digits it has.
     */
    private static final List<String> FIGURES = List.of("revenue", "amount", "sales", "income", "turnover", "price", "total", "balance",
            "profit", "capital", "budget", "spend", "employees", "headcount", "quantity", "qty", "金额", "收入", "营业额", "销售额", "营收",
            "价格", "总额", "余额", "利润", "资本", "预算", "人数", "数量", "销量", "消费");

    private static boolean figures(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return FIGURES.stream().anyMatch(h::contains);
    }

    /**
     * Whether a run of digits with hyphens or spaces is a date ({@code 2026-03-01}, {@code 01-03-2026},
     * {@code 2026-03-01 14} of {@code 2026-03-01 14:05}): eight digits, yet no phone number.
     */
    private static boolean date(String run) {
        String[] parts = run.split("[- ]");
        if (parts.length < 3 || parts.length > 4 || parts.length == 4 && parts[3].length() > 2) {
            return false; // a fourth part is the hour of a date and time (2026-03-01 14:05)
        }
        boolean yearFirst = parts[0].length() == 4 && parts[1].length() <= 2 && parts[2].length() <= 2;
        boolean yearLast = parts[2].length() == 4 && parts[0].length() <= 2 && parts[1].length() <= 2;
        if (!yearFirst && !yearLast) {
            return false;
        }
        int year = Integer.parseInt(yearFirst ? parts[0] : parts[2]);
        int a = Integer.parseInt(yearFirst ? parts[1] : parts[0]);
        int b = Integer.parseInt(yearFirst ? parts[2] : parts[1]);
        return year >= 1900 && year <= 2100 && a >= 1 && b >= 1 && (a <= 12 && b <= 31 || b <= 12 && a <= 31);
    }

    /**
     * Free text with the emails and phone-like numbers in it (seven digits or more, single spaces or
     * hyphens allowed between them) masked: {@code 王先生 13900001111} → {@code 王先生 139****1111}; a
     * date ({@code 2026-03-01}) is no phone number and stays.
     * One pass, no regular expression (free text can be long and hostile).
     */
    public static String scrub(String text) {
        return scrub(text, true);
    }

    /** {@link #scrub(String)}; {@code numbers}: whether phone-like numbers are masked too, or emails only. */
    private static String scrub(String text, boolean numbers) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isDigit(c) || (c == '+' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int end = i + 1;
                int digits = Character.isDigit(c) ? 1 : 0;
                while (end < n) {
                    char d = text.charAt(end);
                    if (Character.isDigit(d)) {
                        digits++;
                        end++;
                    } else if ((d == ' ' || d == '-') && end + 1 < n && Character.isDigit(text.charAt(end + 1))) {
                        end++;
                    } else {
                        break;
                    }
                }
                String run = text.substring(i, end);
                sb.append(numbers && digits >= 7 && !date(run) ? phone(run) : run);
                i = end;
            } else if (c == '@') {
                // The address around it: back to the last separator already written, on to the next one.
                int from = sb.length();
                while (from > 0 && !isSeparator(sb.charAt(from - 1))) {
                    from--;
                }
                int end = i + 1;
                while (end < n && !isSeparator(text.charAt(end))) {
                    end++;
                }
                String address = sb.substring(from) + text.substring(i, end);
                sb.setLength(from);
                sb.append(address.indexOf('.', address.indexOf('@')) > 0 ? email(address) : address);
                i = end;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || ",;:<>()[]\"'，；：（）、".indexOf(c) >= 0;
    }
}
