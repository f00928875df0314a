package dev.custcode.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.util.HashMap;
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
    }

    @Test
    void blocksHoldNoPersonalData() {
        Customer person = customer("王小明", "深圳", "south", "0755-2345 6789", "wang.xm@example.com");
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
}
