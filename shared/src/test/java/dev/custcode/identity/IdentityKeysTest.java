package dev.custcode.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityKeysTest {
    private static final List<String> ORDER = List.of("sourceId", "taxId", "phone", "email", "nameCity");

    @Test
    void firstAvailableKindWins() {
        assertThat(IdentityKeys.of(Map.of("sourceId", "EB54EF1154C3A78", "phone", "13800138000"), ORDER))
                .contains(new Identity(IdentityKind.SOURCE_ID, "sid:EB54EF1154C3A78"));
        assertThat(IdentityKeys.of(Map.of("taxId", "9144 0300-7663x", "phone", "13800138000"), ORDER))
                .contains(new Identity(IdentityKind.TAX_ID, "tax:914403007663X"));
        assertThat(IdentityKeys.of(Map.of("phone", "+86 138-0013-8000", "email", "A@B.CN"), ORDER))
                .contains(new Identity(IdentityKind.PHONE, "tel:8613800138000"));
        assertThat(IdentityKeys.of(Map.of("email", "Li.Na@Example.COM"), ORDER))
                .contains(new Identity(IdentityKind.EMAIL, "email:li.na@example.com"));
        assertThat(IdentityKeys.of(Map.of("name", "Heather", "city", "Oslo"), ORDER))
                .contains(new Identity(IdentityKind.NAME_CITY, "name:heather|oslo"));
        assertThat(IdentityKeys.of(Map.of("name", "Heather"), ORDER)).isEmpty();
    }

    @Test
    void onePhoneTypedManyWaysIsOneKey() {
        assertThat(IdentityKeys.phone("13800138000")).contains("8613800138000");
        assertThat(IdentityKeys.phone("+86 138 0013 8000")).contains("8613800138000");
        assertThat(IdentityKeys.phone("0086-138-0013-8000")).contains("8613800138000");
        assertThat(IdentityKeys.phone("(209)172-7124x3651")).contains("2091727124");
        assertThat(IdentityKeys.phone("12-34")).isEmpty();
    }

    @Test
    void aLandlineWhoseLeadingZeroASpreadsheetDroppedIsTheSameNumber() {
        // QA: 057487650000 in one file, 57487650000 in its Excel re-save: two customers, found only as probable duplicates.
        assertThat(IdentityKeys.phone("57487650000")).isEqualTo(IdentityKeys.phone("0574-8765 0000")).contains("8657487650000");
        assertThat(IdentityKeys.phone("1065432100")).isEqualTo(IdentityKeys.phone("010 6543 2100"));
        assertThat(IdentityKeys.phone("2012345678")).isEqualTo(IdentityKeys.phone("020-1234-5678"));
        // Customers stored before still hold the digits as typed, which a lookup tries too.
        assertThat(PhoneNumbers.legacy("57487650000", "8657487650000")).contains("57487650000");
        // Not a number written out with separators, nor one in a row of another country, nor a country code without its plus.
        assertThat(IdentityKeys.phone("(209)172-7124")).contains("2091727124");
        assertThat(PhoneNumbers.normalize("6175550007", false)).contains("6175550007");
        assertThat(IdentityKeys.phone("88673456789")).contains("88673456789");
    }

    @Test
    void aDateUnderThePhoneColumnIsNoPhone() {
        // What a row shifted by a stray delimiter puts there: 2026/9/15 is no number to find a customer by.
        for (String date : List.of("2026/9/15", "2026-09-15", "2026.9.15", "2026年9月15日", "9/15/2026", "15.09.2026", " 2026/12/31 ")) {
            assertThat(IdentityKeys.phone(date)).as(date).isEmpty();
        }
        for (String phone : List.of("0571-8888 1234", "020-1234-5678", "2012-3456", "1234/5678", "010 6543 2100")) {
            assertThat(IdentityKeys.phone(phone)).as(phone).isPresent();
        }
    }

    @Test
    void invalidEmailIsNoIdentity() {
        assertThat(IdentityKeys.email("not-an-email")).isEmpty();
        assertThat(IdentityKeys.of(Map.of("email", "nope"), ORDER)).isEmpty();
    }

    @Test
    void longTextIsNotAPhoneAndIsRefusedBeforeAnyRegex() {
        // 100,000 spaces before a digit: the extension pattern's \s* runs would backtrack for minutes.
        String hostile = "1" + " ".repeat(100_000) + "2x";
        long t0 = System.nanoTime();
        assertThat(IdentityKeys.phone(hostile)).isEmpty();
        assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5)); // minutes when it backtracks; generous for a loaded machine
        assertThat(IdentityKeys.phone("+86 138 0013 8000 ext. 1234" + " ".repeat(30))).contains("8613800138000");
        assertThat(IdentityKeys.phone("1".repeat(65))).isEmpty();
    }

    @Test
    void anEmailOfSixtyThousandDotsIsNoIdentityAtOnce() {
        long t0 = System.nanoTime();
        assertThat(IdentityKeys.email("a@" + ".".repeat(60_000))).isEmpty();
        assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5)); // minutes when it backtracks; generous for a loaded machine
    }

    @Test
    void keysOverTheByteLimitAreNamedByTheirField() {
        assertThat(IdentityKeys.tooLong(new Identity(IdentityKind.SOURCE_ID, "sid:" + "C".repeat(1020)))).isNull();
        assertThat(IdentityKeys.tooLong(new Identity(IdentityKind.SOURCE_ID, "sid:" + "C".repeat(1021))))
                .isEqualTo("customer id is 1,025 bytes as an identity key; the limit is 1,024 bytes");
        // Bytes, not characters: 342 Chinese characters are 1,026 bytes.
        assertThat(IdentityKeys.tooLong(new Identity(IdentityKind.NAME_CITY, "name:" + "客".repeat(340) + "|x")))
                .startsWith("name + city is 1,027 bytes");
    }

    @Test
    void aLegacySpellingTooLongToLookUpIsDropped() {
        // The key of today's rules is short; the earlier spelling (the name as typed) is over the limit.
        String name = "青木" + "有限公司".repeat(200);
        Identity k = IdentityKeys.of(Map.of("name", name, "city", "杭州"), ORDER).orElseThrow();
        assertThat(k.key()).isEqualTo("name:青木|杭州");
        assertThat(k.legacy()).isEmpty();
    }

    @Test
    void aRowInChinaSpelledAnyWayReadsTheTrunkZero() {
        for (String country : java.util.List.of("中國", "中华人民共和国", "P.R.C.", "Mainland China", "内地")) {
            assertThat(IdentityKeys.of(Map.of("phone", "0571-8888 1234", "country", country), ORDER).orElseThrow().key())
                    .as(country).isEqualTo("tel:8657188881234");
        }
        assertThat(IdentityKeys.of(Map.of("phone", "020 7946 0958", "country", "United Kingdom"), ORDER).orElseThrow().key())
                .isEqualTo("tel:442079460958");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "03-1234-5678|Japan|+81 3-1234-5678",            // QA: a Japanese list's 03- and another system's +81 were two customers
            "03-1234-5678|日本|+81 (0)3 1234 5678",          // the trunk 0 written inside an international number
            "020 7946 0958|United Kingdom|0044 20 7946 0958",
            "020 7946 0958|UK|+44 (0)20 7946 0958",
            "030 1234567|Deutschland|+49 30 1234567",
            "06 12 34 56 78|France|+33 6 12 34 56 78",
            "06 1234 5678|Italia|+39 06 1234 5678",          // Italy keeps its 0 after the country code
            "(209) 172-7124|USA|+1 209 172 7124",
            "9123 4567|Singapore|+65 9123 4567",
            "010-1234-5678|대한민국|+82 10 1234 5678",
            "030 12345601|Bundesrepublik Deutschland|+49 30 12345601", "01 42 68 53 01|République française|+33 1 42 68 53 01"})
    void aNationalNumberOfAnotherCountryIsOneWithItsCountryCode(String national, String country, String international) {
        assertThat(phoneKey("phone", national, "country", country)).isEqualTo(phoneKey("phone", international))
                .isEqualTo(phoneKey("phone", international, "country", country));
        // Customers stored before were claimed under the digits as typed: a lookup and a re-import still find them.
        String digits = national.replaceAll("\\D", "");
        assertThat(IdentityKeys.all(Map.of("phone", national, "country", country), List.of("phone")).get(0).legacy()).contains("tel:" + digits);
    }

    @Test
    void aNumberNoCountryDialsWholeStaysAsGiven() {
        // Dialled locally only (no area code), or too short for its country: the digits as given.
        assertThat(phoneKey("phone", "555-1234", "country", "USA")).isEqualTo("tel:5551234");
        assertThat(phoneKey("phone", "172-7124 x12", "country", "USA")).isEqualTo("tel:1727124");
        // No country named: a national number is not guessed at.
        assertThat(phoneKey("phone", "(209) 172-7124")).isEqualTo("tel:2091727124");
        assertThat(phoneKey("phone", "+1 (209) 172-7124")).isEqualTo("tel:12091727124");
    }

    /** The phone key of a row with these cells (field, value, field, value …). */
    private static String phoneKey(String... cells) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cells.length; i += 2) {
            row.put(cells[i], cells[i + 1]);
        }
        return IdentityKeys.all(row, List.of("phone")).get(0).key();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "0912-345-678||+886 912 345 678",                   // a Taiwan mobile, wherever the row is
            "02-2345-6789|臺北市|+886-2-2345-6789",               // a Taipei landline in a row of Taipei
            "07-345-6789|高雄|886 7 345 6789",
            "04-2222-3333|臺中市|+886 4 2222 3333",
            "9123 4567|香港|+852 9123 4567",
            "2345 6789|Kowloon|+852-2345-6789",
            "6612 3456|澳門|+853 6612 3456",
            "0571-8888 1234|臺北市|+86 571 88881234"})              // a mainland number is one wherever the row is
    void numbersOfTaiwanHongKongAndMacauWrittenWithoutTheirCountryCodeAreOneWithIt(String local, String city, String international) {
        String key = city == null ? phoneKey("phone", local) : phoneKey("phone", local, "city", city);
        assertThat(key).isEqualTo(phoneKey("phone", international));
    }

    @Test
    void withNeitherProvinceNorCityTheAddressThatBeginsWithAPlaceSaysWhereTheNumberIsFrom() {
        // QA: a Taiwan list with only an address column (地區 臺中市) keyed 04-2222-3333 as a mainland number; +886 in another
        // system's file then made a second customer.
        assertThat(phoneKey("phone", "04-2222-3333", "address", "臺中市")).isEqualTo(phoneKey("phone", "+886-4-2222-3333"));
        assertThat(phoneKey("phone", "03-566-6666", "address", "新竹市東區光復路1號")).isEqualTo("tel:88635666666");
        assertThat(phoneKey("phone", "04-2222-3333", "address", "Taichung City, Xitun Dist.")).isEqualTo("tel:886422223333");
        assertThat(phoneKey("phone", "9123 4567", "address", "香港九龍彌敦道1號")).isEqualTo("tel:85291234567");
        assertThat(phoneKey("phone", "2345 6789", "address", "九龙坡区杨家坪")).as("Chongqing's Jiulongpo").isEqualTo("tel:23456789");
        assertThat(phoneKey("phone", "2345 6789", "address", "香港路12号")).as("a street named Hong Kong Road").isEqualTo("tel:23456789");
        assertThat(phoneKey("phone", "04-2222-3333", "city", "杭州", "address", "台中市")).as("the city decides first").isEqualTo("tel:0422223333");
    }

    @Test
    void aKoreanOrJapanesePlaceWithoutACountryColumnSaysWhereTheNumberIsFrom() {
        // A Korean list has 주소 and no country: its 010-1234-5678 is a Korean mobile, not 010, Beijing's area code.
        assertThat(phoneKey("phone", "010-1234-5678", "address", "서울특별시 강남구 테헤란로 123")).isEqualTo(phoneKey("phone", "+82 10-1234-5678"))
                .isEqualTo("tel:821012345678");
        assertThat(phoneKey("phone", "02-312-3456", "province", "경기도")).isEqualTo("tel:8223123456");
        assertThat(phoneKey("phone", "03-1234-5678", "province", "東京都")).isEqualTo(phoneKey("phone", "+81 3-1234-5678"));
        assertThat(phoneKey("phone", "045-123-4567", "city", "横浜市", "address", "神奈川県横浜市西区")).as("the city in kanji says nothing; the address does not decide after it")
                .isEqualTo("tel:0451234567");
        assertThat(phoneKey("phone", "045-123-4567", "province", "神奈川県")).isEqualTo("tel:81451234567");
        assertThat(phoneKey("phone", "010-1234-5678", "province", "北京")).as("a Beijing landline in a Beijing row").isEqualTo("tel:861012345678");
        assertThat(phoneKey("phone", "010-1234-5678", "country", "China", "address", "서울")).as("a country cell decides").isEqualTo("tel:861012345678");
        // QA: no place column at all (이름,연락처 in CP949): the name in Hangul says Korea; a Chinese mobile is Chinese still.
        assertThat(phoneKey("name", "이준", "phone", "010-3121-5678")).isEqualTo(phoneKey("phone", "+82 10-3121-5678"));
        assertThat(phoneKey("name", "이준", "phone", "138 0013 8000")).isEqualTo("tel:8613800138000");
        assertThat(phoneKey("name", "ヤマダ タロウ", "phone", "090-1234-5678")).isEqualTo(phoneKey("phone", "+81 90-1234-5678"));
        assertThat(phoneKey("name", "王芳", "phone", "010-3121-5678")).as("a Han name says nothing").isEqualTo("tel:861031215678");
        assertThat(phoneKey("name", "이준", "city", "北京", "phone", "010-3121-5678")).as("a place decides before a name").isEqualTo("tel:861031215678");
        // A Russian list (Windows-1251) with no country: 8 is Russia's trunk prefix, +7 its country code.
        assertThat(phoneKey("phone", "8 (812) 234-56-78", "city", "Санкт-Петербург")).isEqualTo(phoneKey("phone", "+7 812 234-56-78"));
        assertThat(phoneKey("phone", "(044) 234-56-78", "city", "Київ")).isEqualTo(phoneKey("phone", "+380 44 234 5678"));
        // Customers stored before were claimed under the Chinese reading: a re-import still finds them.
        assertThat(IdentityKeys.all(Map.of("phone", "010-1234-5678", "address", "서울특별시"), List.of("phone")).get(0).legacy())
                .contains("tel:861012345678");
    }

    @Test
    void eightDigitsWithoutAPlaceAreNotTakenForHongKong() {
        assertThat(phoneKey("phone", "9123 4567")).isEqualTo("tel:91234567");
        assertThat(phoneKey("phone", "9123 4567", "country", "Singapore")).isEqualTo("tel:6591234567");
        assertThat(phoneKey("phone", "04-2222-3333", "country", "Taiwan, Province of China")).isEqualTo("tel:886422223333");
        assertThat(phoneKey("phone", "9123 4567", "country", "HK")).isEqualTo("tel:85291234567");
        assertThat(phoneKey("phone", "2345 6789", "province", "重庆", "city", "九龙坡区")).as("Chongqing's Jiulongpo").isEqualTo("tel:23456789");
        assertThat(phoneKey("phone", "2345 6789", "city", "九龙县")).as("Sichuan's Jiulong county").isEqualTo("tel:23456789");
        assertThat(phoneKey("phone", "2345 6789", "province", "MO")).as("Missouri, not Macau").isEqualTo("tel:23456789");
        assertThat(phoneKey("phone", "04-2222-3333", "city", "新北区")).as("Changzhou's Xinbei").isEqualTo("tel:0422223333");
        // The country cell is read as Countries reads it, in either script.
        assertThat(phoneKey("phone", "9123 4567", "country", "香港特別行政區")).isEqualTo("tel:85291234567");
        assertThat(phoneKey("phone", "6612 3456", "country", "澳門")).isEqualTo("tel:85366123456");
        assertThat(phoneKey("phone", "04-2222-3333", "country", "中華民國")).isEqualTo("tel:886422223333");
        assertThat(phoneKey("phone", "0571-8888 1234", "country", "内地")).isEqualTo(phoneKey("phone", "+86 571 88881234"));
        // Spellings Countries does not read whole: still the place they name.
        for (String china : List.of("P.R. China", "PR China", "China P.R.", "China Mainland", "中国内地", "中國內地", "中国 China")) {
            assertThat(phoneKey("phone", "0571-8888 1234", "country", china)).as(china).isEqualTo(phoneKey("phone", "+86 571 88881234"));
        }
        assertThat(phoneKey("phone", "02-2345-6789", "country", "台湾省")).isEqualTo("tel:886223456789");
        assertThat(phoneKey("phone", "02-2345-6789", "country", "Taiwan R.O.C.")).isEqualTo("tel:886223456789");
        assertThat(phoneKey("phone", "9123 4567", "country", "香港特区")).isEqualTo("tel:85291234567");
        assertThat(phoneKey("phone", "6612 3456", "country", "澳门特区")).isEqualTo("tel:85366123456");
        assertThat(phoneKey("phone", "0571-8888 1234", "country", "Germany")).as("elsewhere: its trunk 0 is not China's")
                .isNotEqualTo(phoneKey("phone", "+86 571 88881234"));
    }

    @Test
    void aContactRestatedInTheSpellingOfItsPlaceIsTheSameContact() {
        // QA: +81 (0)3 … for a stored 03-1234-5678 in Japan replaced it; the trunk 0 written inside is no extension's digit.
        assertThat(IdentityKeys.sameContact("phone", "03-1234-5678", Map.of("country", "Japan"), "+81 (0)3 1234 5678", Map.of())).isTrue();
        assertThat(IdentityKeys.sameContact("phone", "03-1234-5678", Map.of("country", "Japan"), "+81 3 1234 5678 x12", Map.of())).isFalse();
        assertThat(IdentityKeys.sameContact("phone", "+852 9123 4567", "9123 4567", Map.of("city", "香港"))).isTrue();
        assertThat(IdentityKeys.sameContact("phone", "+852 9123 4567", "9123 4567", Map.of())).as("a mainland row: no country code").isFalse();
        assertThat(IdentityKeys.sameContact("phone", "+86 139 1000 0001", "13910000001", Map.of())).isTrue();
        assertThat(IdentityKeys.sameContact("phone", "0571-8888 1234", "+86 571 8888 1234", Map.of())).as("a trunk 0 for the country code").isTrue();
        assertThat(IdentityKeys.sameContact("phone", "+86 139 1000 0001", "13910000001 ext 12", Map.of())).as("it adds an extension").isFalse();
        assertThat(IdentityKeys.sameContact("email", "USER@Example.cn", " user@example.cn", Map.of())).isTrue();
    }
}
