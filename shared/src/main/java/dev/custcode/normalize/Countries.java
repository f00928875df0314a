package dev.custcode.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The country a cell names, as its ISO 3166 alpha-2 code: by that code or the alpha-3 one, by its
 * name in English, Chinese (simplified or traditional), German, French, Spanish or Japanese as the
 * JDK's locale data spells them, by its name in its own language ({@code Sverige}, {@code Ελλάδα}), or by a common other name ({@code USA}, {@code UK}, {@code 香港})
 * or an ISO/UN long one ({@code Syrian Arab Republic}, {@code Lao People's Democratic Republic}).
 * Case, spaces, dots, hyphens, apostrophes, accents and, among other words, "the", "of" and "and"
 * ({@code &}) do not count, and "St" is "Saint": {@code Germany}, {@code 德国}, {@code DE} and
 * {@code deu} are one country, {@code U.S.A.} and {@code the United States} another,
 * {@code St. Kitts & Nevis} and {@code Saint Kitts and Nevis} a third. A name with a part in
 * parentheses or after a comma is read whole, then with that part moved before the rest
 * ({@code Korea, Republic of}), then without it ({@code Slovakia (Slovak Republic)}), then as that
 * part alone ({@code Holy See (Vatican City State)}); {@code Republic of X} is also read as {@code X}.
 */
public final class Countries {
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.TRADITIONAL_CHINESE,
            Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"), Locale.JAPANESE);
    /**
     * Other names in use for some countries, beside the locale data's: common short ones, and the
     * ISO/UN-style long ones the JDK spells otherwise, which sample and exported data use. A name
     * the rules in {@link #readings} would get wrong has to be here, as a name is looked up whole
     * before them: without its own entry "Korea, Democratic People's Republic of" would end as "Korea".
     */
    private static final Map<String, List<String>> OTHER_NAMES = Map.ofEntries(
            // Countries' own names, in their languages (Sverige, Polska, Ελλάδα): the locale data's languages above miss them.
            Map.entry("IT", List.of("Italia")), Map.entry("BR", List.of("Brasil")), Map.entry("PT", List.of("Portugal")),
            Map.entry("NL", List.of("Nederland")), Map.entry("BE", List.of("België", "Belgie")), Map.entry("PL", List.of("Polska")),
            Map.entry("SE", List.of("Sverige")), Map.entry("FI", List.of("Suomi")), Map.entry("DK", List.of("Danmark")),
            Map.entry("NO", List.of("Norge", "Noreg")), Map.entry("IS", List.of("Ísland")), Map.entry("IE", List.of("Éire")),
            Map.entry("GR", List.of("Ελλάδα", "Ελλάς", "Hellas")), Map.entry("HU", List.of("Magyarország")),
            Map.entry("SI", List.of("Slovenija")), Map.entry("HR", List.of("Hrvatska")), Map.entry("RS", List.of("Srbija", "Србија")),
            Map.entry("RO", List.of("România")), Map.entry("BG", List.of("България")), Map.entry("UA", List.of("Україна")),
            Map.entry("BY", List.of("Беларусь")), Map.entry("LT", List.of("Lietuva")), Map.entry("LV", List.of("Latvija")),
            Map.entry("EE", List.of("Eesti")), Map.entry("AL", List.of("Shqipëria")), Map.entry("CY", List.of("Κύπρος")),
            Map.entry("LU", List.of("Lëtzebuerg")), Map.entry("CH", List.of("Svizzera", "Svizra", "Helvetia")),
            Map.entry("MX", List.of("México")), Map.entry("AR", List.of("Argentina")), Map.entry("TH", List.of("ประเทศไทย")),
            Map.entry("ID", List.of("Indonesia")), Map.entry("MY", List.of("Malaysia")),
            // Their long and romanized forms: Bundesrepublik Deutschland, République française, Nippon.
            Map.entry("DE", List.of("Bundesrepublik Deutschland", "BRD")), Map.entry("FR", List.of("République française", "Republique francaise")),
            Map.entry("JP", List.of("Nippon", "Nihon", "日本国")), Map.entry("AT", List.of("Republik Österreich")),
            Map.entry("ES", List.of("Reino de España")),
            Map.entry("US", List.of("America", "United States of America", "U.S.", "美利坚合众国", "미국")),
            Map.entry("GB", List.of("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland")),
            // A Chinese company's own words for its country: the mainland, within the borders.
            Map.entry("CN", List.of("PRC", "Mainland China", "中华人民共和国", "中国大陆", "People's Republic of China", "Mainland", "大陆",
                    "内地", "国内")),
            Map.entry("HK", List.of("Hong Kong", "香港", "Hongkong", "中国香港", "Hong Kong SAR", "香港特别行政区", "中国香港特别行政区")),
            Map.entry("MO", List.of("Macau", "Macao", "澳门", "中国澳门", "Macao SAR", "Macau SAR", "澳门特别行政区", "中国澳门特别行政区")),
            // Taiwan written as a part of China (中国台湾, "Taiwan, Province of China") is still Taiwan: TW, not CN.
            Map.entry("TW", List.of("中国台湾", "中国台湾省", "中华民国", "Republic of China", "ROC", "Taiwan Province of China")),
            // "Korea" alone is taken as the south, as most data means it; the north only ever by a name of its own.
            Map.entry("KR", List.of("Korea", "Republic of Korea", "South Korea", "韩国", "大韩民国", "대한민국", "한국")),
            Map.entry("KP", List.of("Democratic People's Republic of Korea", "DPRK", "DPR Korea", "North Korea", "朝鲜")),
            Map.entry("RU", List.of("Russian Federation", "Россия", "Российская Федерация", "РФ")),
            Map.entry("VN", List.of("Viet Nam", "Việt Nam")),
            Map.entry("CZ", List.of("Czech Republic", "Česko", "Česká republika")),
            Map.entry("SK", List.of("Slovak Republic", "Slovensko")),
            Map.entry("KG", List.of("Kyrgyz Republic")),
            Map.entry("AE", List.of("UAE", "Emirates", "阿联酋")),
            Map.entry("SY", List.of("Syrian Arab Republic")),
            Map.entry("LY", List.of("Libyan Arab Jamahiriya", "State of Libya")),
            Map.entry("IR", List.of("Islamic Republic of Iran")),
            Map.entry("LA", List.of("Lao People's Democratic Republic", "Lao PDR", "Lao")),
            Map.entry("MD", List.of("Republic of Moldova")),
            Map.entry("TZ", List.of("United Republic of Tanzania")),
            Map.entry("VE", List.of("Bolivarian Republic of Venezuela")),
            Map.entry("BO", List.of("Plurinational State of Bolivia")),
            Map.entry("FM", List.of("Federated States of Micronesia")),
            Map.entry("MK", List.of("Macedonia", "Former Yugoslav Republic of Macedonia", "FYROM", "Republic of North Macedonia")),
            Map.entry("VA", List.of("Holy See", "Vatican", "Vatican City State")),
            Map.entry("PS", List.of("Palestine", "State of Palestine", "Palestinian Territory", "Occupied Palestinian Territory")),
            Map.entry("SJ", List.of("Svalbard and Jan Mayen Islands")),
            Map.entry("UM", List.of("United States Minor Outlying Islands", "US Minor Outlying Islands")),
            Map.entry("VI", List.of("United States Virgin Islands", "US Virgin Islands", "American Virgin Islands")),
            Map.entry("HM", List.of("Heard Island and McDonald Islands")),
            Map.entry("CI", List.of("Ivory Coast")),
            Map.entry("CV", List.of("Cabo Verde")),
            Map.entry("BV", List.of("Bouvetoya")),
            Map.entry("IO", List.of("Chagos Archipelago", "Chagos Islands")),
            Map.entry("FK", List.of("Malvinas", "Falkland Islands (Malvinas)")),
            Map.entry("WF", List.of("Wallis and Futuna Islands")),
            Map.entry("SH", List.of("Saint Helena, Ascension and Tristan da Cunha")),
            Map.entry("BQ", List.of("Bonaire, Sint Eustatius and Saba", "Bonaire")),
            // Congo alone is the Republic of the Congo (Brazzaville), as in the locale data; the larger one has names of its own.
            Map.entry("CD", List.of("Democratic Republic of the Congo", "DR Congo", "DRC", "Zaire")),
            Map.entry("CG", List.of("Republic of the Congo")),
            Map.entry("TL", List.of("East Timor")),
            Map.entry("MM", List.of("Burma")),
            Map.entry("SZ", List.of("Swaziland")),
            Map.entry("TR", List.of("Türkiye", "Turkey")),
            // Not in the JDK's list of ISO codes: XK is the code in common use for Kosovo, AN the one
            // the Netherlands Antilles had until 2010 (old data still names them).
            Map.entry("XK", List.of("Kosovo")),
            Map.entry("AN", List.of("Netherlands Antilles")));
    /** "Republic of X" (also after a comma was moved: "Moldova, Republic of"): X. */
    private static final Pattern REPUBLIC_OF = Pattern.compile("(?i)^(?:the\\s+)?republic\\s+of\\s+(?:the\\s+)?(.+)$");
    /** "X (Y)": X and Y, the parentheses anywhere ("Cocos (Keeling) Islands"). */
    private static final Pattern PARENTHESES = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)\\s*(.*)$");
    /** "X, Y" at the last comma: "Korea, Democratic People's Republic of". */
    private static final Pattern COMMA = Pattern.compile("^(.+),\\s*([^,]+)$");
    private static final Pattern SAINT = Pattern.compile("\\bst\\b");
    private static final Pattern FILLER = Pattern.compile("\\b(?:the|of|and)\\b");
    private static final Pattern WORDS = Pattern.compile("[\\s.,()'’\\-&]+");
    private static final Pattern IGNORED = Pattern.compile("[\\s.,()'’\\-]");
    private static final Map<String, String> BY_NAME = names();

    private Countries() {
    }

    /** The ISO alpha-2 code of the country the cell names; empty for one it does not know. */
    public static Optional<String> iso(String cell) {
        if (cell == null) {
            return Optional.empty();
        }
        for (String reading : readings(Text.normalize(cell))) {
            String iso = BY_NAME.get(key(reading));
            if (iso != null) {
                return Optional.of(iso);
            }
        }
        return Optional.empty();
    }

    /**
     * Names of Taiwan, Hong Kong and Macau that begin a cell {@link #iso} does not read whole
     * ({@code 台湾省}, {@code Taiwan R.O.C.}, {@code 香港特区}), compared as {@link #folded}.
     */
    private static final Map<String, List<String>> BEGINNINGS = Map.of(
            "TW", List.of("taiwan", "台湾", "中国台湾", "中华民国", "republicofchina"),
            "HK", List.of("hongkong", "香港", "中国香港"),
            "MO", List.of("macau", "macao", "澳门", "中国澳门"));
    /** Words that name China in a cell {@link #iso} does not read whole ({@code P.R. China}, {@code China Mainland}): whole words. */
    private static final java.util.Set<String> CHINA_WORDS = java.util.Set.of("china", "mainland", "prc");
    /** Characters that name China anywhere in such a cell ({@code 中国内地}, {@code 中华人民共和國大陸地區}). */
    private static final List<String> CHINA = List.of("中国", "中华", "大陆", "内地");
    /** Not a word's letter: where a cell's words are split ({@code P.R. China} → p, r, china). */
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]+");

    /**
     * The country a cell names, read whole ({@link #iso}) or else by the place it begins with or
     * speaks of: Taiwan, Hong Kong or Macau when it begins with one's name, China when it mentions
     * China. For telling where a phone number is from and whether two customers are in different
     * countries, where {@code P.R. China} and {@code 台湾省} must not pass for "not a country".
     */
    public static Optional<String> named(String cell) {
        if (cell == null) {
            return Optional.empty();
        }
        // Asked for every phone of every row: a file names few countries, each read once (and at most NAMED_CAP kept).
        Optional<String> known = NAMED.get(cell);
        if (known == null) {
            known = read(cell);
            if (NAMED.size() < NAMED_CAP && cell.length() <= NAMED_CELL) {
                NAMED.put(cell, known);
            }
        }
        return known;
    }

    private static final int NAMED_CAP = 10_000;
    /** Longest cell kept in the cache: a country's name is short; a long text in the country column is read each time. */
    private static final int NAMED_CELL = 64;
    private static final Map<String, Optional<String>> NAMED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<String> read(String cell) {
        Optional<String> whole = iso(cell);
        if (whole.isPresent()) {
            return whole;
        }
        String folded = Text.placeKey(cell);
        for (Map.Entry<String, List<String>> place : BEGINNINGS.entrySet()) {
            if (place.getValue().stream().anyMatch(folded::startsWith)) {
                return Optional.of(place.getKey());
            }
        }
        boolean china = CHINA.stream().anyMatch(folded::contains) || folded.equals("prc")
                || java.util.Arrays.stream(NOT_A_LETTER.split(Text.lookupKey(cell))).anyMatch(CHINA_WORDS::contains);
        return china ? Optional.of("CN") : Optional.empty();
    }

    /**
     * The ways a name is read, the most literal first: whole; a part in parentheses or after the last
     * comma moved before the rest, then the rest alone, then that part alone; "Republic of X" as X.
     * Whole comes first so a name listed as it is wins over a rule ("Democratic Republic of the
     * Congo" never reaches "Congo"); the rest before the part so "Hong Kong (China)" is Hong Kong.
     */
    static List<String> readings(String name) {
        Set<String> out = new LinkedHashSet<>();
        add(out, name);
        Matcher p = PARENTHESES.matcher(name);
        Matcher c = COMMA.matcher(name);
        if (p.matches()) {
            String rest = (p.group(1) + " " + p.group(3)).trim();
            String part = p.group(2).trim();
            // "Korea (Democratic People's Republic of)", "Virgin Islands (U.S.)", "Congo (Kinshasa)"
            readingsOf(out, part + " " + rest);
            readingsOf(out, rest + " " + part);
            readingsOf(out, rest);
            readingsOf(out, part);
        } else if (c.matches()) {
            String head = c.group(1).trim();
            String tail = c.group(2).trim();
            // "Congo, The Democratic Republic of the", "Virgin Islands, British", "Bahamas, The"
            readingsOf(out, tail + " " + head);
            readingsOf(out, head);
        }
        return new ArrayList<>(out);
    }

    private static void readingsOf(Set<String> out, String name) {
        if (!name.isBlank() && !out.contains(name)) {
            out.addAll(readings(name));
        }
    }

    private static void add(Set<String> out, String name) {
        if (name.isBlank()) {
            return;
        }
        out.add(name);
        Matcher r = REPUBLIC_OF.matcher(name);
        if (r.matches()) {
            add(out, r.group(1));
        }
    }

    /**
     * How a name is compared: normalized text in simplified characters (中華民國 as 中华民国), lower case, without accents (São Tomé); among other
     * words "&" as "and", "St" as "Saint" and without the words "the", "of" and "and"; without spaces,
     * dots, commas, parentheses, apostrophes or hyphens. The locale data writes "St. Kitts & Nevis" and "Bosnia & Herzegovina"
     * where other data writes "Saint Kitts and Nevis" and "Bosnia and Herzegovina".
     */
    static String key(String name) {
        String s = Text.withoutAccents(Simplified.of(Text.normalize(name))).toLowerCase(Locale.ROOT);
        // Words are dropped or spelled out only among others: a code alone is a code (AND is Andorra, ST São Tomé).
        if (WORDS.split(s.strip()).length > 1) {
            s = s.replace("&", " and ");
            s = SAINT.matcher(s).replaceAll("saint");
            s = FILLER.matcher(s).replaceAll(" ");
        }
        return IGNORED.matcher(s).replaceAll("");
    }

    private static Map<String, String> names() {
        Map<String, String> out = new HashMap<>();
        for (String iso : Locale.getISOCountries()) {
            Locale country = new Locale("", iso);
            out.putIfAbsent(key(iso), iso);
            try {
                out.putIfAbsent(key(country.getISO3Country()), iso);
            } catch (java.util.MissingResourceException noAlpha3) {
                // a code without an alpha-3 form: its alpha-2 code and names still name it
            }
            for (Locale language : LANGUAGES) {
                String name = country.getDisplayCountry(language);
                if (!name.isBlank() && !name.equalsIgnoreCase(iso)) {
                    out.putIfAbsent(key(name), iso);
                }
            }
        }
        OTHER_NAMES.forEach((iso, names) -> names.forEach(n -> out.put(key(n), iso)));
        return Map.copyOf(out);
    }
}
