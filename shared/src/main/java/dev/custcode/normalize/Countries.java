package dev.custcode.normalize;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The country a cell names, as its ISO 3166 alpha-2 code: by that code or the alpha-3 one, by its
 * name in English, Chinese (simplified or traditional), German, French, Spanish or Japanese as the
 * JDK's locale data spells them, or by a common other name ({@code USA}, {@code UK}, {@code 香港}).
 * Case, spaces, dots and a leading "the" do not count: {@code Germany}, {@code 德国}, {@code DE} and
 * {@code deu} are one country, {@code U.S.A.} and {@code the United States} another.
 */
public final class Countries {
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.TRADITIONAL_CHINESE,
            Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"), Locale.JAPANESE);
    /** Other names in use for some countries, beside the locale data's. */
    private static final Map<String, List<String>> OTHER_NAMES = Map.of(
            "US", List.of("America", "United States of America", "U.S.", "美利坚合众国"),
            "GB", List.of("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
            "CN", List.of("PRC", "Mainland China", "中华人民共和国", "中国大陆", "People's Republic of China"),
            "HK", List.of("Hong Kong", "香港", "Hongkong", "中国香港"),
            "MO", List.of("Macau", "Macao", "澳门", "中国澳门"),
            "KR", List.of("Korea", "Republic of Korea", "韩国", "大韩民国"),
            "RU", List.of("Russian Federation"),
            "VN", List.of("Viet Nam"),
            "CZ", List.of("Czech Republic"),
            "AE", List.of("UAE", "Emirates"));
    private static final Map<String, String> BY_NAME = names();

    private Countries() {
    }

    /** The ISO alpha-2 code of the country the cell names; empty for one it does not know. */
    public static Optional<String> iso(String cell) {
        return cell == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(key(cell)));
    }

    /** How a name is compared: normalized text, lower case, without a leading "the", spaces, dots, apostrophes or hyphens. */
    static String key(String name) {
        return Text.normalize(name).toLowerCase(Locale.ROOT).replaceFirst("^the\\s+", "").replaceAll("[\\s.'’\\-]", "");
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
