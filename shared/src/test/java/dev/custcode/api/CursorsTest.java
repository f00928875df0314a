package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {
    @Test
    void aCursorResumesOnlyTheListingThatIssuedItAndOnlyWhole() {
        String cursor = Cursors.after("groups/east", "EEO000123");
        assertThat(Cursors.decode("groups/east", cursor, Cursors.CODE)).isEqualTo("EEO000123");
        // QA: east's cursor was read by hmt's members, and one cut short resumed from another code.
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("m1:EEO0".getBytes(StandardCharsets.UTF_8));
        for (String[] refused : new String[][] {{"groups/hmt", cursor}, {"groups/east", cursor.substring(0, cursor.length() - 2)},
                {"groups/east", forged}, {"groups/east", "%%%"}, {"groups/east", Cursors.after("groups/east", "../x")}}) {
            assertThatThrownBy(() -> Cursors.decode(refused[0], refused[1], Cursors.CODE)).as(refused[1])
                    .isInstanceOf(ProblemException.class).hasMessageContaining("not one this listing issued");
        }
    }
}
