package dev.custcode.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityKindTest {
    @Test
    void eachKindIsNamedOnceInSchemesAndItsKeysAreKnownByTheirPrefix() {
        assertThat(IdentityKind.inSchemes()).extracting(IdentityKind::schemeName)
                .containsExactly("sourceId", "taxId", "phone", "email", "nameCity");
        for (IdentityKind kind : IdentityKind.values()) {
            String key = kind.key("X1");
            assertThat(IdentityKind.ofKey(key)).contains(kind);
            assertThat(kind.value(key)).isEqualTo("X1");
        }
        assertThat(IdentityKind.fromScheme("code")).as("a code is a key, not a kind a scheme prefers").isEmpty();
        assertThat(IdentityKind.ofKey("blk:abc")).isEmpty();
        assertThatThrownBy(() -> IdentityKind.PHONE.value("sid:C1")).hasMessageContaining("not a phone key");
    }

    @Test
    void onlyCustomerIdAndTaxIdAreStrongAndOnlyNameAndCityIsWeak() {
        assertThat(IdentityKind.values()).filteredOn(IdentityKind::strong).containsExactly(IdentityKind.SOURCE_ID, IdentityKind.TAX_ID);
        assertThat(IdentityKind.values()).filteredOn(IdentityKind::weak).containsExactly(IdentityKind.NAME_CITY);
    }

    @Test
    void theKeysARowCarriesAreOfTheKindsItsSchemePrefersInThatOrder() {
        var keys = IdentityKeys.all(Map.of("sourceId", "C0001", "email", " Li.Na@Example.com ", "phone", "138-0013-8000"),
                java.util.List.of("email", "sourceId", "phone"));
        assertThat(keys).extracting(Identity::kind).containsExactly(IdentityKind.EMAIL, IdentityKind.SOURCE_ID, IdentityKind.PHONE);
        assertThat(keys).extracting(Identity::key).containsExactly("email:li.na@example.com", "sid:C0001", "tel:8613800138000");
    }

    @Test
    void personalKeysAreMaskedAsTheirFieldsAreAndTheOthersShown() {
        assertThat(IdentityKind.masked(List.of("sid:C0001", "tel:8613812348000", "email:li@example.com", "tax:91330100MA2B3C4D5E", "name:李娜|杭州", "code:EEZ000001")))
                .containsExactly("sid:C0001", "tel:861******8000", "email:l***@example.com", "tax:91**************5E", "name:李娜|杭州",
                        "code:EEZ000001");
    }
}
