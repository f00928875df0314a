package dev.custcode.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.csv.CsvLimits;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountriesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Germany|DE", "德国|DE", "德國|DE", "DE|DE", "deu|DE", "Deutschland|DE", "' GERMANY '|DE", "ドイツ|DE",
            "United States|US", "U.S.A.|US", "USA|US", "America|US", "美国|US",
            "UK|GB", "United Kingdom|GB", "England|GB", "英国|GB",
            "China|CN", "中国|CN", "中华人民共和国|CN", "香港|HK", "Hong Kong|HK",
            "Norway|NO", "Netherlands|NL", "The Netherlands|NL", "Niederlande|NL", "荷兰|NL", "France|FR", "Frankreich|FR",
            "Bavaria|-", "-|-", "''|-"})
    void aCountryIsOneCodeInAnyOfItsNames(String cell, String iso) {
        assertThat(Countries.iso(cell).orElse(null)).as(cell).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // accents, "&"/"and", "St"/"Saint"
            "Sao Tome and Principe|ST", "São Tomé & Príncipe|ST", "Cote d'Ivoire|CI", "Reunion|RE", "Curacao|CW",
            "Saint Barthelemy|BL", "Saint Helena|SH", "St Helena|SH", "St. Kitts & Nevis|KN", "Saint Lucia|LC",
            "Saint Martin|MF", "Antigua and Barbuda|AG", "Svalbard & Jan Mayen Islands|SJ",
            // parentheses: whole, the rest, the part inside
            "Slovakia (Slovak Republic)|SK", "Holy See (Vatican City State)|VA", "Bouvet Island (Bouvetoya)|BV",
            "Antarctica (the territory South of 60 deg S)|AQ", "British Indian Ocean Territory (Chagos Archipelago)|IO",
            "Korea (Democratic People's Republic of)|KP", "Virgin Islands (U.S.)|VI", "Hong Kong (China)|HK",
            "Congo (Kinshasa)|CD", "Congo (Brazzaville)|CG",
            // "X, Republic of", "Republic of X", "The"
            "'Korea, Republic of'|KR", "'Korea, Democratic People''s Republic of'|KP", "'Moldova, Republic of'|MD",
            "'Iran, Islamic Republic of'|IR", "'Tanzania, United Republic of'|TZ", "'Congo, The Democratic Republic of the'|CD",
            "Republic of the Congo|CG", "'Bahamas, The'|BS", "The Gambia|GM", "'Taiwan, Province of China'|TW",
            // ISO/UN long names
            "Syrian Arab Republic|SY", "Libyan Arab Jamahiriya|LY", "Lao People's Democratic Republic|LA",
            "Democratic People's Republic of Korea|KP", "Venezuela|VE", "Bolivia|BO", "Micronesia|FM", "Macedonia|MK",
            "Palestinian Territory|PS", "United States Minor Outlying Islands|UM", "Heard Island and McDonald Islands|HM",
            // a code alone is not read as a word: AND is Andorra, ST São Tomé
            "AND|AD", "ST|ST", "Saint|-", "The|-", "&|-"})
    void longAndOtherwiseWrittenNamesAreTheirCountry(String cell, String iso) {
        assertThat(Countries.iso(cell).orElse(null)).as(cell).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // a Chinese company's words for its own country, in either script
            "大陆|CN", "內地|CN", "国内|CN", "中國大陸|CN", "Mainland|CN",
            // Taiwan, Hong Kong and Macau in traditional characters and as their governments write them
            "中華民國|TW", "ROC|TW", "台灣|TW", "臺灣|TW", "中國台灣|TW", "香港特别行政区|HK", "香港特別行政區|HK", "中國香港|HK",
            "澳門|MO", "澳門特別行政區|MO", "Macao SAR|MO", "Atlantis|-"})
    void chineseWordsForChinaTaiwanHongKongAndMacauInEitherScript(String cell, String iso) {
        assertThat(Countries.iso(cell).orElse(null)).as(cell).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // read whole first: iso's answer stands
            "Germany|DE", "'Taiwan, Province of China'|TW", "Republic of China|TW", "РФ|RU",
            // not read whole: the place it begins with, or China when it mentions China
            "台湾省|TW", "Taiwan R.O.C.|TW", "中国台湾省|TW", "香港特区|HK", "Hong Kong S.A.R.|HK", "澳门特区|MO", "Macau, China|MO",
            "P.R. China|CN", "P.R.C.|CN", "中国内地|CN", "China Mainland|CN", "中华人民共和國大陸地區|CN",
            // no place it knows; China only as a whole word (Indochina, Chinandega are not China)
            "Bavaria|-", "Atlantis|-", "Indochina|-", "Chinandega|-", "-|-"})
    void aCellNotReadWholeNamesThePlaceItBeginsWithOrChina(String cell, String iso) {
        assertThat(Countries.named(cell).orElse(null)).as(cell).isEqualTo(iso);
        assertThat(Countries.named(cell).orElse(null)).as(cell + ", asked again").isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Korea|North Korea", "Korea|Democratic People's Republic of Korea", "South Korea|North Korea",
            "Congo|Democratic Republic of the Congo", "Republic of the Congo|Democratic Republic of the Congo",
            "Guinea|Guinea-Bissau", "Guinea|Equatorial Guinea", "Guinea|Papua New Guinea", "Guinea-Bissau|Equatorial Guinea",
            "Niger|Nigeria", "Dominica|Dominican Republic", "Sudan|South Sudan", "China|Republic of China",
            "British Virgin Islands|United States Virgin Islands"})
    void namesAlikeAreStillTwoCountries(String one, String other) {
        assertThat(Countries.iso(one)).as(one).isPresent();
        assertThat(Countries.iso(other)).as(other).isPresent();
        assertThat(Countries.iso(one)).as(one + " / " + other).isNotEqualTo(Countries.iso(other));
    }

    @Test
    void everyCountryOfTheDefaultSchemesRegionTableIsKnown() {
        Scheme scheme = SchemeLoader.defaultScheme();
        Set<String> unknown = new TreeSet<>();
        for (String name : scheme.tables().get("countries").keySet()) {
            if (Countries.iso(name).isEmpty()) {
                unknown.add(name);
            }
        }
        // the region rules place a customer by these names: the duplicate rules must see the same countries
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyCountryOfTheSampleDataIsKnown() throws Exception {
        Path sample = dev.custcode.testing.SampleData.customers10000();
        Set<String> countries = new TreeSet<>();
        try (InputStream in = Files.newInputStream(sample);
             CustomerCsvReader reader = CustomerCsvReader.open(in, SchemeLoader.defaultScheme(), CsvLimits.DEFAULT)) {
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                countries.add(reader.header().values(row.cells()).get("country"));
            }
        }
        assertThat(countries).hasSizeGreaterThan(200);
        assertThat(countries).filteredOn(c -> Countries.iso(c).isEmpty()).isEmpty();
    }
}
