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
                .contains(new Identity("sourceId", "sid:EB54EF1154C3A78"));
        assertThat(IdentityKeys.of(Map.of("taxId", "9144 0300-7663x", "phone", "13800138000"), ORDER))
                .contains(new Identity("taxId", "tax:914403007663X"));
        assertThat(IdentityKeys.of(Map.of("phone", "+86 138-0013-8000", "email", "A@B.CN"), ORDER))
                .contains(new Identity("phone", "tel:8613800138000"));
        assertThat(IdentityKeys.of(Map.of("email", "Li.Na@Example.COM"), ORDER))
                .contains(new Identity("email", "email:li.na@example.com"));
        assertThat(IdentityKeys.of(Map.of("name", "Heather", "city", "Oslo"), ORDER))
                .contains(new Identity("nameCity", "name:heather|oslo"));
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
    void invalidEmailIsNoIdentity() {
        assertThat(IdentityKeys.email("not-an-email")).isEmpty();
        assertThat(IdentityKeys.of(Map.of("email", "nope"), ORDER)).isEmpty();
    }
}
