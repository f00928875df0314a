package dev.custcode.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateRulesTest {
    private static int codes;

    private static Customer customer(String name, String city, String region, String phone, String email) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("name", name);
        if (city != null) {
            attrs.put("city", city);
        }
        if (phone != null) {
            attrs.put("phone", phone);
        }
        if (email != null) {
            attrs.put("email", email);
        }
        return Customer.builder().code(String.format("EEA%06d", ++codes)).prefix("EEA").folder("east/enterprise/tier-c")
                .dimensions(Map.of("region", region)).attributes(attrs).stamps(Map.of()).keys(java.util.List.of()).version(1)
                .createdAt("2026-12-01T00:00:00Z").updatedAt("2026-12-01T00:00:00Z").first("i", 1).last("i", 1).build();
    }

    @Test
    void theSameNameInTheSameCityOrRegionIsACandidate() {
        Customer erp = customer("杭州青木贸易有限公司", "杭州", "east", "0571-8888 1234", null);
        Customer shop = customer("杭州青木贸易（有限公司）", "杭州市", "east", "0571-8777 0000", null);
        Customer elsewhere = customer("杭州青木贸易有限公司", "宁波", "east", null, null);
        Customer abroad = customer("杭州青木贸易有限公司", "成都", "southwest", null, null);

        assertThat(DuplicateRules.compare(erp, shop)).hasValueSatisfying(m -> {
            assertThat(m.score()).isEqualTo(0.95);
            assertThat(m.reasons()).containsExactly("same name", "same city");
        });
        assertThat(DuplicateRules.compare(erp, elsewhere)).hasValueSatisfying(m -> assertThat(m.reasons()).containsExactly("same name", "same region"));
        assertThat(DuplicateRules.compare(erp, abroad)).as("same name, another region: two companies").isEmpty();
        assertThat(DuplicateRules.blocks(erp)).as("found through the same block").containsAnyElementsOf(DuplicateRules.blocks(shop));
        // A city written in traditional characters is the same city (QA: 寧波 and 宁波 scored as the same region only).
        Customer hongKongFile = customer("宁海电器厂", "寧波", "east", null, null);
        Customer mainlandFile = customer("宁海电器厂", "宁波", "east", null, null);
        assertThat(DuplicateRules.compare(hongKongFile, mainlandFile)).hasValueSatisfying(m -> {
            assertThat(m.score()).isEqualTo(0.95);
            assertThat(m.reasons()).containsExactly("same name", "same city");
        });
    }

    @Test
    void theSameNameInOneRegionOfTwoCountriesIsNoCandidateButInOneCountryItIs() {
        Customer berlin = withCountry(customer("Nordwind Handel GmbH", "Berlin", "europe", null, null), "Germany");
        Customer lyon = withCountry(customer("Nordwind Handel GmbH", "Lyon", "europe", null, null), "France");
        Customer munich = withCountry(customer("Nordwind Handel GmbH", "München", "europe", null, null), " germany ");
        Customer noCountry = customer("Nordwind Handel GmbH", "Hamburg", "europe", null, null);

        assertThat(DuplicateRules.compare(berlin, lyon)).as("one region, two countries: two companies").isEmpty();
        assertThat(DuplicateRules.compare(berlin, munich)).hasValueSatisfying(m -> assertThat(m.reasons()).containsExactly("same name", "same region"));
        assertThat(DuplicateRules.compare(lyon, noCountry)).as("a country unknown does not differ").isPresent();

        Customer bergenNorway = withCountry(customer("Nordic Fish Export AS", "Bergen", "europe", null, null), "Norway");
        Customer bergenNetherlands = withCountry(customer("Nordic Fish Export AS", "Bergen", "europe", null, null), "Netherlands");
        assertThat(DuplicateRules.compare(bergenNorway, bergenNetherlands)).as("one city's name, two countries").isEmpty();
        for (String sameCountry : List.of("德国", "DE", "Deutschland", "DEU")) {
            Customer other = withCountry(customer("Nordwind Handel GmbH", "Köln", "europe", null, null), sameCountry);
            assertThat(DuplicateRules.compare(berlin, other)).as(sameCountry).isPresent();
        }
        Customer bavaria = withCountry(customer("Nordwind Handel GmbH", "Nürnberg", "europe", null, null), "Bavaria");
        assertThat(DuplicateRules.compare(lyon, bavaria)).as("a name not known as a country is no other country").isPresent();
    }

    @Test
    void aCountryByItsLongNameIsStillThatCountry() {
        // "Syrian Arab Republic" once named no known country, and so differed from none: a pair with Pakistan was written.
        Customer syria = withCountry(customer("Quentin Tarrow", "Aleppo", "asia", null, null), "Syrian Arab Republic");
        Customer pakistan = withCountry(customer("Quentin Tarrow", "Karachi", "asia", null, null), "Pakistan");
        Customer syriaShort = withCountry(customer("Quentin Tarrow", "Damascus", "asia", null, null), "Syria");

        assertThat(DuplicateRules.compare(syria, pakistan)).as("one region, two countries").isEmpty();
        assertThat(DuplicateRules.compare(syria, syriaShort)).as("one country by two names")
                .hasValueSatisfying(m -> assertThat(m.reasons()).containsExactly("same name", "same region"));
    }

    private static Customer withCountry(Customer c, String country) {
        Map<String, String> attrs = new HashMap<>(c.attributes());
        attrs.put("country", country);
        return c.toBuilder().attributes(attrs).build();
    }

    @Test
    void aMunicipalityInTheProvinceColumnIsTheSameCity() {
        Customer erp = customer("北京星海科技有限公司", null, "north", null, null);
        Customer erpWithProvince = erp.toBuilder().attributes(Map.of("name", "北京星海科技有限公司", "province", "北京市")).build();
        Customer shop = customer("北京星海科技有限公司", "北京", "north", null, null);
        assertThat(DuplicateRules.compare(erpWithProvince, shop)).hasValueSatisfying(m -> assertThat(m.reasons()).containsExactly("same name", "same city"));
        Customer province = erp.toBuilder().attributes(Map.of("name", "北京星海科技有限公司", "province", "河北")).build();
        assertThat(DuplicateRules.compare(province, shop)).as("a province is no city").hasValueSatisfying(m ->
                assertThat(m.reasons()).containsExactly("same name", "same region"));
    }

    @Test
    void aNameInTraditionalCharactersIsTheSameNameAsInSimplified() {
        Customer mainland = customer("上海浦江贸易有限公司", "上海", "east", "021-6888 0001", null);
        Customer taipeiOffice = customer("上海浦江貿易有限公司", "上海", "east", "021-6888 0002", null);

        assertThat(DuplicateRules.compare(taipeiOffice, mainland)).hasValueSatisfying(m ->
                assertThat(m.reasons()).containsExactly("same name", "same city"));
        assertThat(DuplicateRules.blocks(taipeiOffice)).as("found through the simplified spelling's block")
                .containsAnyElementsOf(DuplicateRules.blocks(mainland));
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(taipeiOffice), DuplicateRules.member(mainland))).isTrue();
        assertThat(DuplicateRules.blocks(mainland)).as("a simplified name joins one name block").hasSize(2);
    }

    @Test
    void similarNamesNeedASharedAreaCodeOrCompanyDomain() {
        Customer a = customer("杭州青木贸易有限公司", "杭州", "east", "0571-8888 1234", null);
        Customer typo = customer("杭州青木贺易有限公司", "杭州", "east", "+86 571 8666 0000", null);
        Customer otherArea = customer("杭州青木贺易有限公司", "杭州", "east", "0572-8666 0000", null);
        Customer otherTrade = customer("杭州青木科技有限公司", "杭州", "east", "0571-8666 0000", null);

        assertThat(DuplicateRules.compare(a, typo)).hasValueSatisfying(m -> {
            assertThat(m.score()).isEqualTo(0.85);
            assertThat(m.reasons()).containsExactly("similar names (0.75)", "same area code 571", "same city");
        });
        assertThat(DuplicateRules.compare(a, otherArea)).as("similar, but nothing shared").isEmpty();
        assertThat(DuplicateRules.compare(a, otherTrade)).as("青木贸易 and 青木科技 are two businesses").isEmpty();
        assertThat(DuplicateRules.blocks(a)).containsAnyElementsOf(DuplicateRules.blocks(typo));

        Customer acme = customer("Acme Trading Co., Ltd.", "Shanghai", "east", null, "sales@acme-trading.com");
        Customer acmee = customer("Acme Tradng Company Limited", "Shanghai", "east", null, "li@acme-trading.com");
        Customer freeMail = customer("Acme Tradng", "Suzhou", "east", null, "acme@qq.com");
        assertThat(DuplicateRules.compare(acme, acmee)).hasValueSatisfying(m ->
                assertThat(m.reasons()).contains("same email domain acme-trading.com"));
        assertThat(DuplicateRules.compare(acme, freeMail)).as("a free mail domain is no evidence").isEmpty();
        for (String placeholder : List.of("example.com", "mail.example.org", "shop.test", "acme.invalid")) {
            Customer sales = customer("Acme Trading Co., Ltd.", "Shanghai", "east", null, "sales@" + placeholder);
            Customer li = customer("Acme Tradng", "Suzhou", "east", null, "li@" + placeholder);
            assertThat(DuplicateRules.compare(sales, li)).as("a domain reserved for examples, %s, is no evidence", placeholder).isEmpty();
            assertThat(DuplicateRules.blocks(sales)).as("nor a block").hasSize(DuplicateRules.blocks(customer("Acme Trading Co., Ltd.",
                    "Shanghai", "east", null, null)).size());
        }
    }

    @Test
    void namesNumberedApartInWordsOrDigitsAreTwoCustomers() {
        String phone = "0571-8888 1234";
        assertThat(DuplicateRules.compare(customer("良好客户一", "杭州", "east", phone, null), customer("良好客户十", "杭州", "east", phone, null)))
                .as("一 and 十: two numbered customers").isEmpty();
        assertThat(DuplicateRules.compare(customer("青木贸易第一分店", "杭州", "east", phone, null), customer("青木贸易第二分店", "杭州", "east", phone, null)))
                .isEmpty();
        assertThat(DuplicateRules.compare(customer("青木贸易12店", "杭州", "east", phone, null), customer("青木贸易13店", "杭州", "east", phone, null)))
                .isEmpty();
        assertThat(DuplicateRules.compare(customer("统一青木贸易", "杭州", "east", phone, null), customer("统一青木贺易", "杭州", "east", phone, null)))
                .as("a numeral both names share is part of the name; they differ by a typo").isPresent();
        assertThat(DuplicateRules.compare(customer("青木贸易一店", "杭州", "east", phone, null), customer("青木贸易店", "杭州", "east", phone, null)))
                .as("a numeral left out is no other number").isPresent();
    }

    @Test
    void blocksHoldNoPersonalData() {
        Customer person = customer("王小明", "深圳", "south", "0755-2345 6789", "wang.xm@xinghe-tech.cn");
        assertThat(DuplicateRules.blocks(person)).hasSize(3).allSatisfy(b -> {
            assertThat(b).matches("[0-9a-f]{24}");
            assertThat(b).doesNotContain("王").doesNotContain("755");
        });
        assertThat(DuplicateRules.blocks(customer("", null, "south", null, null))).isEmpty();
    }

    @Test
    void similarityIsEditDistanceOverTheLongerName() {
        assertThat(DuplicateRules.similarity("青木贸易", "青目贸易")).isEqualTo(0.75);
        assertThat(DuplicateRules.similarity("acme", "acme")).isEqualTo(1.0);
        assertThat(DuplicateRules.similarity("abc", "")).isEqualTo(0.0);
    }

    @Test
    void twoTaxIdsAreTwoLegalEntitiesWhateverTheirNames() {
        Customer a = customer("杭州青木贸易有限公司", "杭州", "east", null, null);
        Customer b = customer("杭州青木贸易有限公司", "杭州", "east", null, null);
        Customer withTax = a.toBuilder().attributes(new HashMap<>(a.attributes()) {{ put("taxId", "91350100M000100Y43"); }}).build();
        Customer otherTax = b.toBuilder().attributes(new HashMap<>(b.attributes()) {{ put("taxId", "91440300708461136T"); }}).build();
        Customer sameTax = b.toBuilder().attributes(new HashMap<>(b.attributes()) {{ put("taxId", "9135 0100 m000 100y 43"); }}).build();

        assertThat(DuplicateRules.compare(withTax, otherTax)).isEmpty();
        assertThat(DuplicateRules.compare(withTax, sameTax)).isPresent();
        assertThat(DuplicateRules.compare(withTax, b)).as("one tax id unknown: still a candidate").isPresent();
    }

    @Test
    void aBlockMemberIsTheCodeAndASignatureWithoutTheName() {
        Customer c = customer("杭州青木贸易有限公司", "杭州", "east", "0571-8888 1234", null);
        String member = DuplicateRules.member(c);
        assertThat(member).matches(c.code() + "/[A-Za-z0-9_-]{11}").doesNotContain("青").doesNotContain("571");
        assertThat(DuplicateRules.codeOf(member)).isEqualTo(c.code());
        assertThat(DuplicateRules.codeOf("EEA000001")).as("a member stored before signatures").isEqualTo("EEA000001");
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), "EEA000001")).as("unsigned: read and compared").isTrue();
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), "EEA000001/not-a-signature")).isTrue();

        Customer typo = customer("杭州青木贺易有限公司", "杭州", "east", "0571-8666 0000", null);
        Customer otherTrade = customer("杭州青木科技有限公司", "杭州", "east", "0571-8666 0000", null);
        Customer numbered = customer("杭州青木贸易2有限公司", "杭州", "east", "0571-8666 0000", null);
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), DuplicateRules.member(typo))).isTrue();
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), DuplicateRules.member(otherTrade))).as("青木贸易 and 青木科技 share 2 of 4").isFalse();
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), DuplicateRules.member(numbered))).as("other digits").isFalse();
        Customer moved = customer("杭州青木贸易（有限公司）", "宁波", "east", null, null);
        assertThat(DuplicateRules.mayMatch(DuplicateRules.member(c), DuplicateRules.member(moved))).as("the same name, its core not: by the name's hash").isTrue();
    }

    /**
     * Seeded pairs of names, most of them near (a character replaced, inserted, dropped or swapped,
     * a legal form, brackets, another city): whenever {@link DuplicateRules#compare} finds a pair,
     * the signature of either lets the other read it; and it keeps most unrelated names unread.
     */
    @Test
    void theSignatureNeverHidesAPairThatCompareFinds() {
        java.util.Random random = new java.util.Random(20261204);
        String han = "青木林森华远恒达信诚金鑫瑞祥泰和安康宏伟鸿运盛世天地中兴海洋星辰明月光辉贸易科技食品物流建材电子服饰医药";
        String latin = "abcdefghijklmnopqrstuvwxyz";
        String[] cities = {"杭州", "宁波", "上海", "Shanghai", "苏州"};
        String[] forms = {"有限公司", "（有限公司）", "股份有限公司", " Co., Ltd.", " Company Limited", "集团", ""};
        int found = 0;
        int unrelated = 0;
        int unrelatedKept = 0;
        for (int i = 0; i < 30_000; i++) {
            String pool = random.nextInt(3) == 0 ? latin : han;
            StringBuilder core = new StringBuilder();
            for (int n = 2 + random.nextInt(pool == latin ? 14 : 7); n > 0; n--) {
                core.append(pool.charAt(random.nextInt(pool.length())));
            }
            if (random.nextInt(5) == 0) {
                core.append(random.nextInt(30));
            }
            String other = random.nextInt(4) == 0 ? randomCore(random, pool, core.length()) : mutate(random, core.toString(), pool);
            String cityA = cities[random.nextInt(cities.length)];
            String cityB = random.nextBoolean() ? cityA : cities[random.nextInt(cities.length)];
            Customer a = customer((random.nextBoolean() ? cityA : "") + core + forms[random.nextInt(forms.length)], cityA, "east",
                    "0571-8888 1234", null);
            Customer b = customer((random.nextBoolean() ? cityB : "") + other + forms[random.nextInt(forms.length)], cityB, "east",
                    "0571-8666 0000", null);
            if (DuplicateRules.compare(a, b).isPresent()) {
                found++;
                assertThat(DuplicateRules.mayMatch(DuplicateRules.member(a), DuplicateRules.member(b))).as("%s ~ %s", a.attributes(), b.attributes()).isTrue();
                assertThat(DuplicateRules.mayMatch(DuplicateRules.member(b), DuplicateRules.member(a))).as("%s ~ %s", b.attributes(), a.attributes()).isTrue();
            } else if (DuplicateRules.similarity(DuplicateRules.core(a), DuplicateRules.core(b)) < 0.4) {
                unrelated++;
                unrelatedKept += DuplicateRules.mayMatch(DuplicateRules.member(a), DuplicateRules.member(b)) ? 1 : 0;
            }
        }
        assertThat(found).as("pairs found by compare in the sample").isGreaterThan(5_000);
        assertThat(unrelated).isGreaterThan(3_000);
        assertThat(unrelatedKept).as("unrelated names the signature still reads, of %d", unrelated).isLessThan(unrelated / 10);
    }

    private static String randomCore(java.util.Random random, String pool, int length) {
        StringBuilder s = new StringBuilder();
        for (int n = length; n > 0; n--) {
            s.append(pool.charAt(random.nextInt(pool.length())));
        }
        return s.toString();
    }

    private static String mutate(java.util.Random random, String core, String pool) {
        StringBuilder s = new StringBuilder(core);
        for (int edits = random.nextInt(3); edits >= 0 && s.length() > 1; edits--) {
            int at = random.nextInt(s.length());
            char c = pool.charAt(random.nextInt(pool.length()));
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, c);
                case 1 -> s.insert(at, c);
                case 2 -> s.deleteCharAt(at);
                default -> {
                    int next = Math.min(at + 1, s.length() - 1);
                    char t = s.charAt(at);
                    s.setCharAt(at, s.charAt(next));
                    s.setCharAt(next, t);
                }
            }
        }
        return s.toString();
    }
}
