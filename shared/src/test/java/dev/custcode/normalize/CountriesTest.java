package dev.custcode.normalize;

import static org.assertj.core.api.Assertions.assertThat;

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
}
