package dev.custcode.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({
            "2024-03-05, 2024-03-05", "2024/3/5, 2024-03-05", "2024.3.5, 2024-03-05", "2024年3月5日, 2024-03-05",
            "20240305, 2024-03-05", "05-03-2024, 2024-03-05", "5/3/24, 2024-03-05", "26-08-2020, 2020-08-26",
            "03/25/2024, 2024-03-25", "2024-03-05 10:11:12, 2024-03-05", "'２０２４－０３－０５', 2024-03-05"})
    void datesInCommonForms(String text, LocalDate expected) {
        assertThat(Values.parseDate(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"115/11/20, 2026-11-20", "113.3.5, 2024-03-05", "100-01-01, 2011-01-01", "民國115年11月20日, 2026-11-20",
            "民国99年3月5日, 2010-03-05", "民國 99/3/5, 2010-03-05", "115/11/20 14:30, 2026-11-20", "099/03/05, 2010-03-05",
            "1151120, 2026-11-20", "中華民國115年11月20日, 2026-11-20"})
    void taiwansMinguoYearsAre1911AfterTheGregorian(String text, LocalDate expected) {
        assertThat(Values.parseDate(text)).contains(expected);
    }

    @Test
    void aTwoDigitYearWithoutMinguoIsNoMinguoYear() {
        assertThat(Values.parseDate("99/3/5")).as("no reading of it is sure").isEmpty();
        assertThat(Values.parseDate("115/13/20")).as("no 13th month").isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0001/01/01", "0001-01-01", "0115/01/01", "9999-12-31", "1899-12-30", "01/01/0001"})
    void anErpsPlaceholderOrAYearNoCustomerFileMeansIsNoDate(String text) {
        assertThat(Values.parseDate(text)).isEmpty();
        assertThat(Values.parseDate(text, true)).isEmpty();
    }

    @Test
    void ambiguousDayMonthIsDayFirst() {
        assertThat(Values.parseDate("04/05/2024")).contains(LocalDate.of(2024, 5, 4));
    }

    @Test
    void aDateThatReadsBothWaysIsReadMonthFirstInAFileThatWritesTheMonthFirst() {
        assertThat(Values.parseDate("04/05/2024", true)).contains(LocalDate.of(2024, 4, 5));
        assertThat(Values.parseDate("04/25/2024", true)).contains(LocalDate.of(2024, 4, 25));
        assertThat(Values.parseDate("25/04/2024", true)).as("25 is no month, whatever the file says").contains(LocalDate.of(2024, 4, 25));
        assertThat(Values.parseDate("2024/4/5", true)).as("year first is year, month, day").contains(LocalDate.of(2024, 4, 5));
        assertThat(Values.parseDate("04/05/2024", false)).contains(LocalDate.of(2024, 5, 4));
    }

    /** QA: what Excel writes for currency cells on a Polish, Czech, Russian or Ukrainian Windows. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1 234,50 zł|1234.50", "PLN 2 500,00|2500.00", "150 000 Kč|150000", "2 500,50 CZK|2500.50",
            "500 руб.|500", "1 500 р.|1500", "1 500 грн.|1500", "3 000 ₽|3000", "12 000 Ft|12000"})
    void amountsInCentralAndEasternEuropeanCurrencies(String text, BigDecimal expected) {
        assertThat(Values.parseAmount(text, NumberStyle.DECIMAL_COMMA)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @Test
    void invalidDatesAreEmpty() {
        assertThat(Values.parseDate("2024-02-30")).isEmpty();
        assertThat(Values.parseDate("yesterday")).isEmpty();
        assertThat(Values.parseDate("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "¥1,280,000|1280000", "\\3,000,000|3000000", "￥356,000.50|356000.50", "$1,234|1234", "356,000元|356000", "12.5万|125000.0",
            "(1,000)|-1000", "-42|-42", "RMB 88|88", "１２３|123", "12,345円|12345", "JPY 5,000|5000", "1.2亿|120000000",
            "3億|300000000", "2亿元|200000000", "£1,500|1500", "₩50,000|50000"})
    void amountsWithCurrencyAndSeparators(String text, BigDecimal expected) {
        assertThat(Values.parseAmount(text)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @Test
    void nonNumbersAreEmpty() {
        assertThat(Values.parseAmount("a lot")).isEmpty();
        assertThat(Values.parseAmount("1.2.3")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1,234,567.89|1234567.89", "12,345|12345", "-1,234|-1234", "¥12,345.5万|123455000"})
    void commasThatGroupThousandsAreAccepted(String text, BigDecimal expected) {
        assertThat(Values.parseAmount(text)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @Test
    void anyOtherCommaIsNotUnderstoodRatherThanStripped() {
        for (String text : List.of("12345,67", "1,23", "1,234,56", "12,3456", ",123", "123,", "1,,234", "1.234.567,89", "€12345,67")) {
            assertThat(Values.parseAmount(text)).as(text).isEmpty();
        }
    }

    @Test
    void textIsWidthFoldedAndTrimmed() {
        assertThat(Text.normalize("  ＡＢＣ　１２３\u200B  ")).isEqualTo("ABC 123");
        assertThat(Text.normalize("a \t\n b")).isEqualTo("a b");
        assertThat(Text.normalize(null)).isEmpty();
    }

    @Test
    void countsAreWholeNonNegativeNumbers() {
        assertThat(Values.parseCount("12")).contains(12L);
        assertThat(Values.parseCount("1,200")).contains(1200L);
        assertThat(Values.parseCount(" １２ ")).contains(12L);
        assertThat(Values.parseCount("0")).contains(0L);
        assertThat(Values.parseCount("-1")).isEmpty();
        assertThat(Values.parseCount("1.5")).isEmpty();
        assertThat(Values.parseCount("12,00")).isEmpty();
        assertThat(Values.parseCount("many")).isEmpty();
        assertThat(Values.parseCount(null)).isEmpty();
    }

    @Test
    void aHeadersBracketStatesAMagnitudeOrOnlyACurrency() {
        Map<String, Long> magnitudes = Map.of("万元", 10_000L, "万", 10_000L, "万美元", 10_000L, "千元", 1_000L, "USD thousands", 1_000L,
                "k", 1_000L, "in '000", 1_000L, "百万元", 1_000_000L, "million", 1_000_000L, "亿元", 100_000_000L);
        magnitudes.forEach((q, m) -> assertThat(Values.magnitude(q)).as(q).contains(java.math.BigDecimal.valueOf(m)));
        for (String q : new String[] {"元", "RMB", "$", "含税", "USD", "", "2025"}) {
            assertThat(Values.magnitude(q)).as(q).isEmpty();
        }
        assertThat(Values.magnitude(null)).isEmpty();
        assertThat(Values.inUnits("1,234.5", java.math.BigDecimal.valueOf(10_000))).isEqualTo("12345000");
        assertThat(Values.inUnits("0.00", java.math.BigDecimal.valueOf(10_000))).isEqualTo("0");
    }

    @Test
    void amountsInTaiwanAndHongKongSpellings() {
        assertThat(Values.parseAmount("NT$1,200")).contains(new java.math.BigDecimal("1200"));
        assertThat(Values.parseAmount("HK$ 3,500.50")).contains(new java.math.BigDecimal("3500.50"));
        assertThat(Values.parseAmount("12萬")).contains(new java.math.BigDecimal("120000"));
        assertThat(Values.parseAmount("新台币 800")).contains(new java.math.BigDecimal("800"));
    }

    @Test
    void datesAsExcelWritesThemWithMonthNamesOrAsItsSerialDays() {
        assertThat(Values.parseDate("45356")).contains(LocalDate.of(2024, 3, 5));
        assertThat(Values.parseDate("45356.75")).contains(LocalDate.of(2024, 3, 5));
        assertThat(Values.parseDate("5-Mar-24")).contains(LocalDate.of(2024, 3, 5));
        assertThat(Values.parseDate("05 March 2024")).contains(LocalDate.of(2024, 3, 5));
        assertThat(Values.parseDate("Mar 5, 2024")).contains(LocalDate.of(2024, 3, 5));
        assertThat(Values.parseDate("Sept 5, 2024")).contains(LocalDate.of(2024, 9, 5));
        assertThat(Values.parseDate("5-Mac-24")).isEmpty();
        assertThat(Values.parseDate("1234")).isEmpty();
        assertThat(Values.parseDate("31-Feb-24")).isEmpty();
    }

    /**
     * Cell × the file's number style → the amount it is, and whether a warning says it could be 1,000
     * times another: {@code P} a comma- or tab-delimited file (decimal point), {@code C} a
     * semicolon-delimited one (decimal comma); an empty amount is none understood.
     */
    @ParameterizedTest(name = "{0} in {1}: {2}, warned {3}")
    @CsvSource(delimiter = '|', value = {
            // Excel in a European locale: dots (or spaces) group thousands, the comma is decimal.
            "250.000|C|250000|false", "250.000|P|250|true",
            "1.500|C|1500|false", "1.500|P|1.5|true",
            "2,500|C|2.5|true", "2,500|P|2500|false",
            "12,345|C|12.345|true", "12,345|P|12345|false",
            "1.234,56|C|1234.56|false", "1.234,56|P||false",
            "1 234,56|C|1234.56|false", "1\u00a0234,56|C|1234.56|false", "1\u202f234,56|C|1234.56|false", // no-break spaces, as Excel groups in French
            "2,5|C|2.5|false", "2,5|P||false", ",5|C|0.5|false",
            "1.234.567,89|C|1234567.89|false", "1.234.567|C|1234567|false", "1.234.567|P||false",
            "€ 250.000|C|250000|false", "-2,500|C|-2.5|true", "(1.500)|C|-1500|false", "1,5万|C|15000|false",
            // What only a decimal point can write reads so in either style, unwarned.
            "1.5|C|1.5|false", "1.5|P|1.5|false", "12.75|C|12.75|false", "12.75|P|12.75|false",
            "1,234,567|C|1234567|false", "1,234,567|P|1234567|false", "1,234,567.89|C|1234567.89|false",
            "0.500|C|0.5|false", "0.500|P|0.5|false", "1234.000|C|1234|false", "1234.000|P|1234|false",
            "250000|C|250000|false", "250000|P|250000|false", "1,23|C|1.23|false", "1,23|P||false"})
    void amountsInTheFilesNumberStyle(String text, String style, String expected, boolean warned) {
        NumberStyle s = style.equals("C") ? NumberStyle.DECIMAL_COMMA : NumberStyle.DECIMAL_POINT;
        if (expected == null) {
            assertThat(Values.parseAmount(text, s)).isEmpty();
        } else {
            assertThat(Values.parseAmount(text, s)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
            // Stored as the default reading reads it, so that later reads (reevaluation, exports) mean the same.
            assertThat(Values.parseAmount(Values.amountAsDecimalPoint(text, s)))
                    .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
        }
        assertThat(Values.thousandfoldReading(text, s).isPresent()).as("warned").isEqualTo(warned);
    }

    @Test
    void theWarningSaysHowTheCellWasReadAndWhatToWriteForTheOther() {
        assertThat(Values.thousandfoldReading("250.000", NumberStyle.DECIMAL_POINT)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("read as 250,").contains("\".\" being the decimal mark").endsWith("write 250000 or 250,000"));
        assertThat(Values.thousandfoldReading("2,500", NumberStyle.DECIMAL_COMMA)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("read as 2.5,").contains("delimited by \";\"").endsWith("write 2500 or 2.500"));
    }

    @Test
    void aDecimalCommaCellIsStoredWithItsCurrencyAndMarksSwapped() {
        assertThat(Values.amountAsDecimalPoint("€ 1.234,56", NumberStyle.DECIMAL_COMMA)).isEqualTo("€ 1,234.56");
        assertThat(Values.amountAsDecimalPoint("250.000", NumberStyle.DECIMAL_COMMA)).isEqualTo("250,000");
        assertThat(Values.amountAsDecimalPoint("12.75", NumberStyle.DECIMAL_COMMA)).as("read alike: as written").isEqualTo("12.75");
        assertThat(Values.amountAsDecimalPoint("about 5k", NumberStyle.DECIMAL_COMMA)).isEqualTo("about 5k");
        assertThat(Values.amountAsDecimalPoint("250.000", NumberStyle.DECIMAL_POINT)).isEqualTo("250.000");
    }

    @Test
    void countsOfADecimalCommaFileGroupWithDotsToo() {
        assertThat(Values.parseCount("1.500", NumberStyle.DECIMAL_COMMA)).contains(1500L);
        assertThat(Values.parseCount("1.500", NumberStyle.DECIMAL_POINT)).isEmpty();
        assertThat(Values.parseCount("1,500", NumberStyle.DECIMAL_COMMA)).as("a count has no decimals: the comma groups").contains(1500L);
        assertThat(Values.parseCount("0.500", NumberStyle.DECIMAL_COMMA)).isEmpty();
        assertThat(Values.countAsDecimalPoint("1.500", NumberStyle.DECIMAL_COMMA)).isEqualTo("1500");
        assertThat(Values.countAsDecimalPoint("1,500", NumberStyle.DECIMAL_COMMA)).isEqualTo("1,500");
    }
}
