package dev.custcode.normalize;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient parsing of the amounts and dates found in spreadsheet exports.
 *
 * <p>Dates: {@code 2024-03-05}, {@code 2024/3/5}, {@code 2024.3.5}, {@code 2024年3月5日},
 * {@code 20240305}, {@code 5-Mar-24}, {@code Mar 5, 2024}, Excel's serial days ({@code 45356}: a date
 * in a General column), Taiwan's Minguo years ({@code 113/3/5}, {@code 099/3/5}, {@code 民國113年3月5日},
 * {@code 1130305}: 1911 after the Gregorian; without 民國 only with three digits, so {@code 99/3/5} is
 * not read as 2010), and day/month forms {@code 05-03-2024}, {@code 5/3/24}; years from 1900 to 2199 only ({@code 0001-01-01}, an ERP's empty date, is none). When the year comes
 * last, the order of day and month is ambiguous; the rule is: if the first number is above 12 it
 * is the day, if the second is above 12 it is the day, otherwise <b>day first</b> (as in
 * {@code dd-mm-yyyy} exports and most of the world). Two-digit years are 2000–2069 or 1970–1999.
 *
 * <p>Amounts: currency signs and names ({@code ¥ ￥ $ € £ 元 RMB CNY USD HK$ NT$ 港币 新台币 …}; a backslash too:
 * the yen sign of a Shift_JIS file, byte 0x5C, which Java reads as one),
 * thousands separators, a trailing {@code 万} or {@code 萬} (×10,000) or {@code 亿} or {@code 億} (×100,000,000) and accounting negatives {@code (1,234)} are accepted. A comma
 * must group thousands ({@code 1,234,567.89}, {@code 12,345}); {@code 12345,67} or {@code 1,23}
 * is not understood (empty), never read as {@code 1234567} or {@code 123}. That is the reading of a
 * comma- or tab-delimited file; a semicolon-delimited one writes a decimal comma ({@link NumberStyle}:
 * {@code 1.234,56}), read by {@link #parseAmount(String, NumberStyle)} and stored as the default reading
 * reads it ({@link #amountAsDecimalPoint}). Where the two styles differ by a factor of 1,000
 * ({@code 250.000}, {@code 2,500}), {@link #thousandfoldReading} says so.
 *
 * <p>Counts: whole non-negative numbers, thousands separators allowed ({@code 1,200}; {@code 1.200} too in a decimal-comma file).
 */
public final class Values {
    private static final Pattern YMD = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T].*)?");
    private static final Pattern MINGUO = Pattern.compile("(?:(?:中[華华])?民[國国]\\s*(\\d{1,3})|([01]\\d{2}))\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T].*)?");
    /** {@code 1151120}: a Minguo year of three digits, its month and day, as Taiwan's systems write it. */
    private static final Pattern MINGUO_COMPACT = Pattern.compile("([01]\\d{2})(\\d{2})(\\d{2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern DMY = Pattern.compile("(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{2}|\\d{4})(?:[ T].*)?");
    private static final Pattern AMOUNT_NOISE = Pattern.compile(
            "(?i)rmb|cny|usd|eur|hkd|twd|ntd|nt|hk|us|gbp|jpy|krw|sgd|aud|cad|chf|inr|pln|czk|rub|uah|huf|ron|zł|kč|руб\\.?|р\\.|грн\\.?|ft"
                    + "|人民币|美元|欧元|港币|港元|新台币|台币|日元|日圆|韩元|英镑|元|円|[¥$€£₩₹₽₴\\s\\\\]");
    // Commas only as thousands grouping: 12345,67 and 1,23 are decimal commas (or typos) that
    // stripping would read as 1234567 and 123, so they stay values not understood.
    private static final Pattern AMOUNT_NUMBER = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+");
    // The same in a decimal-comma file, dots grouping (1.234.567,89) and a comma as decimal mark (2,5; ,5).
    // A group after a leading 0 is no grouping (0.500 is a half, written with a point).
    private static final Pattern COMMA_NUMBER = Pattern.compile("[1-9]\\d{0,2}(?:\\.\\d{3})+(?:,\\d+)?|\\d+,\\d+|,\\d+");
    // One mark between 1–3 digits and exactly three: thousands or a decimal mark, the file's style decides.
    private static final Pattern THOUSANDFOLD = Pattern.compile("[1-9]\\d{0,2}([.,])\\d{3}");

    private Values() {
    }

    public static Optional<LocalDate> parseDate(String text) {
        return read(text).filter(Values::plausible);
    }

    /**
     * Whether a date read is one a customer file means: from 1900 to 2199. {@code 0001/01/01} (an
     * ERP's empty date), {@code 9999-12-31} (its "never") and {@code 0115/01/01} are no dates.
     */
    private static boolean plausible(LocalDate date) {
        return date.getYear() >= 1900 && date.getYear() < 2200;
    }

    private static Optional<LocalDate> read(String text) {
        String s = Text.normalize(text);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            Matcher m = YMD.matcher(s);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
            m = MINGUO.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)) + 1911;
                return Optional.of(LocalDate.of(year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            }
            m = MINGUO_COMPACT.matcher(s);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)) + 1911, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
            m = COMPACT.matcher(s);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
            m = SERIAL.matcher(s);
            if (m.matches()) {
                // Excel's own count of days (a date cell in a General column): day 1 is 1900-01-01, and
                // 1900 is taken for a leap year, so from March 1900 on day n is 1899-12-30 plus n.
                return Optional.of(LocalDate.of(1899, 12, 30).plusDays(Long.parseLong(m.group(1))));
            }
            Matcher named = D_MON_Y.matcher(s);
            if (named.matches()) {
                return month(named.group(2)).map(mon -> LocalDate.of(year(named.group(3)), mon, Integer.parseInt(named.group(1))));
            }
            Matcher english = MON_D_Y.matcher(s);
            if (english.matches()) {
                return month(english.group(1)).map(mon -> LocalDate.of(year(english.group(3)), mon, Integer.parseInt(english.group(2))));
            }
            m = DMY.matcher(s);
            if (m.matches()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(2));
                int year = Integer.parseInt(m.group(3));
                if (m.group(3).length() == 2) {
                    year += year < 70 ? 2000 : 1900;
                }
                boolean monthFirst = b > 12 && a <= 12;
                return Optional.of(monthFirst ? LocalDate.of(year, a, b) : LocalDate.of(year, b, a));
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A date as {@link #parseDate(String)} reads it, except that a day/month date that can be read
     * both ways is read month first in a file that writes the month first ({@code 12/6/2026} in a US
     * file is 6 December).
     */
    public static Optional<LocalDate> parseDate(String text, boolean monthFirst) {
        Optional<LocalDate> inFileOrder = monthFirst ? monthFirstReading(text) : Optional.empty();
        return inFileOrder.isPresent() ? inFileOrder : parseDate(text);
    }

    /**
     * What a date cell says of the file's order of day and month: {@code 1} month first
     * ({@code 11/28/2016}: 28 cannot be a month), {@code -1} day first ({@code 28/11/2016}), {@code 0}
     * nothing (no day/month form, or both numbers 12 or less).
     */
    public static int dayMonthEvidence(String text) {
        Matcher m = DMY.matcher(Text.normalize(text));
        if (!m.matches()) {
            return 0;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a > 12 && b <= 12 ? -1 : b > 12 && a <= 12 ? 1 : 0;
    }

    /**
     * The month-first reading of a day/month date that can be read both ways ({@code 11/2/2024}:
     * 2024-11-02 where {@link #parseDate} reads 2024-02-11); empty for any other text. An export
     * saved again by Excel in a US locale writes its ISO dates so, and nothing else in such a cell
     * tells the order.
     */
    public static Optional<LocalDate> monthFirstReading(String text) {
        Matcher m = DMY.matcher(Text.normalize(text));
        if (!m.matches() || dayMonthEvidence(text) != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year(m.group(3)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))).filter(Values::plausible);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Excel's serial day ({@code 45356}: a date cell in a General column, which means nothing to a
     * reader) as ISO ({@code 2024-03-05}), so that it is stored and exported as a date; other cells as
     * they are. A time of day after the point ({@code 45356.5}) is dropped, as from any date.
     */
    public static String serialAsIso(String text) {
        return SERIAL.matcher(Text.normalize(text)).matches() ? parseDate(text).map(LocalDate::toString).orElse(text) : text;
    }

    /**
     * A day/month date of a file that writes the month first ({@code 3/5/2024}, US), as ISO
     * ({@code 2024-03-05}), so that it reads the same wherever it is read later; other cells as they are.
     */
    public static String monthFirstAsIso(String text) {
        Matcher m = DMY.matcher(Text.normalize(text));
        if (!m.matches()) {
            return text;
        }
        try {
            return LocalDate.of(year(m.group(3)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).toString();
        } catch (DateTimeException e) {
            return text;
        }
    }

    /** Excel serial days from 1933 to 2173 (five digits), with or without a time of day ({@code 45356.5}). */
    private static final Pattern SERIAL = Pattern.compile("([1-9]\\d{4})(?:\\.\\d+)?");
    /** {@code 5-Mar-24}, {@code 05 March 2024}, {@code 5-Mar-2024 10:00}. */
    private static final Pattern D_MON_Y = Pattern.compile("(\\d{1,2})[-/ ]([A-Za-z]{3,9})\\.?[-/ ,]*(\\d{2}|\\d{4})(?:[ T].*)?");
    /** {@code Mar 5, 2024}, {@code March 5 2024}. */
    private static final Pattern MON_D_Y = Pattern.compile("([A-Za-z]{3,9})\\.? (\\d{1,2}),? (\\d{4})(?:[ T].*)?");
    private static final java.util.List<String> MONTHS = java.util.List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /** The month an English name or its three-letter abbreviation ({@code Sept} too) names. */
    private static Optional<Integer> month(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        int i = MONTHS.indexOf(n.length() >= 3 ? n.substring(0, 3) : n);
        java.time.Month m = i < 0 ? null : java.time.Month.of(i + 1);
        boolean spelled = m != null && (n.length() == 3 || m.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                .toLowerCase(java.util.Locale.ROOT).startsWith(n));
        return spelled ? Optional.of(i + 1) : Optional.empty();
    }

    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        return digits.length() == 2 ? year + (year < 70 ? 2000 : 1900) : year;
    }

    private static final Pattern COUNT = Pattern.compile("\\d{1,3}(?:,\\d{3})+|\\d+");

    // A count of a decimal-comma file grouped by dots (1.500); a comma still groups there, since a count has no decimals.
    private static final Pattern DOTTED_COUNT = Pattern.compile("[1-9]\\d{0,2}(?:\\.\\d{3})+");

    /** {@code "1,200"} → 1200; {@code "12"} → 12; {@code "-1"}, {@code "1.5"}, {@code "many"} → empty. */
    public static Optional<Long> parseCount(String text) {
        return parseCount(text, NumberStyle.DECIMAL_POINT);
    }

    /** As {@link #parseCount(String)}; in a {@link NumberStyle#DECIMAL_COMMA} file {@code "1.500"} is 1500 too. */
    public static Optional<Long> parseCount(String text, NumberStyle style) {
        String s = Text.normalize(text);
        boolean dotted = style == NumberStyle.DECIMAL_COMMA && DOTTED_COUNT.matcher(s).matches();
        if (!dotted && !COUNT.matcher(s).matches()) {
            return Optional.empty();
        }
        String digits = s.replace(",", "").replace(".", "");
        if (digits.length() > 18) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }

    /** An amount as a comma- or tab-delimited file writes it ({@link NumberStyle#DECIMAL_POINT}). */
    public static Optional<BigDecimal> parseAmount(String text) {
        return parseAmount(text, NumberStyle.DECIMAL_POINT);
    }

    /**
     * An amount as a file of this style writes it. {@link NumberStyle#DECIMAL_COMMA}: {@code .} groups
     * thousands and {@code ,} is the decimal mark ({@code 250.000} → 250000, {@code 1.234,56} →
     * 1234.56, {@code 2,5} → 2.5; spaces are ignored in either style, so {@code 1 234,56} too); a number
     * that can only be written with a decimal point ({@code 12.75}, {@code 1,234,567}) is still read so.
     */
    public static Optional<BigDecimal> parseAmount(String text, NumberStyle style) {
        return written(text).flatMap(w -> number(w.number(), style).map(v -> w.value(v)));
    }

    /**
     * What a warning says of an amount whose reading depends on the file's decimal mark by a factor
     * of 1,000: one {@code .} or {@code ,} between 1–3 digits and exactly three ({@code 250.000},
     * {@code 2,500}), which this style reads as its decimal mark (a grouping reading is the file's
     * habit and says nothing). Empty for any other value ({@code 1.5}, {@code 12.75}, {@code 1,234,567},
     * or {@code 2,500} in a comma-delimited file, where it is 2500).
     */
    public static Optional<String> thousandfoldReading(String text, NumberStyle style) {
        Optional<Written> written = written(text);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        String number = written.get().number();
        Matcher m = THOUSANDFOLD.matcher(number);
        if (!m.matches() || m.group(1).charAt(0) != style.decimalMark()) {
            return Optional.empty();
        }
        String read = parseAmount(text, style).map(v -> v.stripTrailingZeros().toPlainString()).orElseThrow();
        String mark = String.valueOf(style.decimalMark());
        return Optional.of("read as " + read + ", \"" + mark + "\" being the decimal mark of a file "
                + (style == NumberStyle.DECIMAL_COMMA ? "delimited by \";\" (as European Excel writes it)" : "not delimited by \";\"")
                + "; " + THOUSANDFOLD_HINT + " " + number.replace(mark, "") + " or " + number.replace(mark, String.valueOf(style.grouping())));
    }

    /** What a {@link #thousandfoldReading} warning says before the other way to write the number. */
    public static final String THOUSANDFOLD_HINT = "for 1000 times that write";

    /**
     * A cell of an amount column in a file of this style, written so that the default reading
     * ({@link #parseAmount(String)}, which classification and every later read of the stored value use)
     * gives what the file means: {@code 250.000} → {@code 250,000}, {@code € 1.234,56} → {@code € 1,234.56}
     * in a {@link NumberStyle#DECIMAL_COMMA} file. A cell both read alike, or no amount, stays as written.
     */
    public static String amountAsDecimalPoint(String text, NumberStyle style) {
        Optional<BigDecimal> meant = parseAmount(text, style);
        if (style == NumberStyle.DECIMAL_POINT || meant.isEmpty() || sameNumber(parseAmount(text), meant)) {
            return text;
        }
        // Marks swapped, the cell keeps its currency, its 万 and its brackets; should that read otherwise
        // (a stray dot of a currency's abbreviation), the plain number is stored instead.
        String swapped = swapMarks(text);
        return sameNumber(parseAmount(swapped), meant) ? swapped : meant.get().toPlainString();
    }

    /** As {@link #amountAsDecimalPoint}, for a count column: {@code 1.500} → {@code 1500} in a {@link NumberStyle#DECIMAL_COMMA} file. */
    public static String countAsDecimalPoint(String text, NumberStyle style) {
        Optional<Long> meant = parseCount(text, style);
        return meant.isEmpty() || meant.equals(parseCount(text)) ? text : String.valueOf(meant.get());
    }

    private static boolean sameNumber(Optional<BigDecimal> a, Optional<BigDecimal> b) {
        return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) == 0;
    }

    private static String swapMarks(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(c == '.' ? ',' : c == ',' ? '.' : c);
        }
        return sb.toString();
    }

    /** The digits and marks of an amount cell, and what its sign, brackets and 万/亿 make of them. */
    private record Written(boolean negative, BigDecimal multiplier, String number) {
        BigDecimal value(BigDecimal number) {
            BigDecimal v = number.multiply(multiplier);
            return negative ? v.negate() : v;
        }
    }

    private static Optional<Written> written(String text) {
        String s = Simplified.of(Text.normalize(text));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        boolean negative = false;
        if (s.startsWith("(") && s.endsWith(")")) {
            negative = true;
            s = s.substring(1, s.length() - 1);
        }
        BigDecimal multiplier = BigDecimal.ONE;
        if (s.endsWith("亿元") || s.endsWith("亿")) {
            s = s.substring(0, s.length() - (s.endsWith("亿元") ? 2 : 1));
            multiplier = BigDecimal.valueOf(100_000_000);
        } else if (s.endsWith("万元")) {
            s = s.substring(0, s.length() - 2);
            multiplier = BigDecimal.valueOf(10_000);
        } else if (s.endsWith("万")) {
            s = s.substring(0, s.length() - 1);
            multiplier = BigDecimal.valueOf(10_000);
        }
        s = AMOUNT_NOISE.matcher(s).replaceAll("");
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1);
        }
        return Optional.of(new Written(negative, multiplier, s));
    }

    private static Optional<BigDecimal> number(String s, NumberStyle style) {
        if (style == NumberStyle.DECIMAL_COMMA && COMMA_NUMBER.matcher(s).matches()) {
            return Optional.of(new BigDecimal(s.replace(".", "").replace(',', '.')));
        }
        // A number only a decimal point can write (12.75, 1,234,567) means the same in a decimal-comma file.
        return AMOUNT_NUMBER.matcher(s).matches() ? Optional.of(new BigDecimal(s.replace(",", ""))) : Optional.empty();
    }

    // The words of a unit qualifier that name a currency, not a magnitude: stripped before the magnitude is read.
    private static final Pattern CURRENCY_WORDS = Pattern.compile("(?i)人民币|美元|欧元|港币|港元|新台币|台币|元|rmb|cny|usd|eur|hkd|twd|ntd|nt|gbp|in|[¥$€£'\\s]");
    private static final java.util.Map<String, BigDecimal> MAGNITUDES = java.util.Map.ofEntries(
            java.util.Map.entry("千", BigDecimal.valueOf(1_000)), java.util.Map.entry("k", BigDecimal.valueOf(1_000)),
            java.util.Map.entry("000", BigDecimal.valueOf(1_000)), java.util.Map.entry("thousand", BigDecimal.valueOf(1_000)),
            java.util.Map.entry("thousands", BigDecimal.valueOf(1_000)), java.util.Map.entry("万", BigDecimal.valueOf(10_000)),
            java.util.Map.entry("百万", BigDecimal.valueOf(1_000_000)), java.util.Map.entry("m", BigDecimal.valueOf(1_000_000)),
            java.util.Map.entry("mn", BigDecimal.valueOf(1_000_000)), java.util.Map.entry("million", BigDecimal.valueOf(1_000_000)),
            java.util.Map.entry("millions", BigDecimal.valueOf(1_000_000)), java.util.Map.entry("亿", BigDecimal.valueOf(100_000_000)));

    /**
     * The magnitude an amount column's header states in its bracket: {@code 万元} → 10,000,
     * {@code 千元} and {@code USD thousands} and {@code k} → 1,000, {@code 百万} and {@code million}
     * → 1,000,000, {@code 亿元} → 100,000,000. A currency alone ({@code 元}, {@code RMB}, {@code $})
     * or any other qualifier ({@code 含税}) gives empty: the values are as written.
     */
    public static Optional<BigDecimal> magnitude(String qualifier) {
        if (qualifier == null) {
            return Optional.empty();
        }
        String word = CURRENCY_WORDS.matcher(Simplified.of(Text.normalize(qualifier))).replaceAll("").toLowerCase(java.util.Locale.ROOT);
        return Optional.ofNullable(MAGNITUDES.get(word));
    }

    /**
     * A cell of a column whose header states a magnitude, in units: {@code 12.5} under {@code 金额（万元）}
     * → {@code 125000}. A cell that states its own magnitude ({@code 12.5万}) or is no amount stays as
     * it is (the latter to be reported as a value not understood).
     */
    public static String inUnits(String cell, BigDecimal magnitude) {
        String folded = Simplified.of(cell);
        if (folded.contains("万") || folded.contains("千") || folded.contains("亿")) {
            return cell;
        }
        return parseAmount(cell).map(v -> v.multiply(magnitude).stripTrailingZeros().toPlainString()).orElse(cell);
    }
}
