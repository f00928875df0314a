package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Access ACCESS = Access.parse(("""
            {"grants": [
              {"principal": "arn:aws:iam::1:role/north-sales", "folders": ["north"]},
              {"principal": "arn:aws:iam::1:role/east-sales", "folders": ["east/enterprise"]},
              {"principal": "group:stewards", "folders": ["*"], "personal": true}],
             "default": {"folders": ["hmt"]}}
            """).getBytes(StandardCharsets.UTF_8));

    @Test
    void aCallerGetsTheUnionOfItsGrantsOrElseTheDefault() {
        Access.Viewer north = ACCESS.viewer(List.of("arn:aws:sts::1:assumed-role/north-sales/alice", "arn:aws:iam::1:role/north-sales"));
        assertThat(north.sees("north")).isTrue();
        assertThat(north.sees("north/enterprise/tier-a")).isTrue();
        assertThat(north.sees("northeast")).as("a folder is not a prefix of another's name").isFalse();
        assertThat(north.personal()).isFalse();

        Access.Viewer both = ACCESS.viewer(List.of("arn:aws:iam::1:role/east-sales", "group:stewards"));
        assertThat(both.all()).isTrue();
        assertThat(both.personal()).isTrue();

        Access.Viewer stranger = ACCESS.viewer(List.of("sub:1234"));
        assertThat(stranger.folders()).containsExactly("hmt");
        assertThat(ACCESS.viewer(List.of()).sees("north")).isFalse();
    }

    @Test
    void anAncestorIsPartlyVisibleToWhoeverReadsAFolderBelowIt() {
        Access.Viewer east = ACCESS.viewer(List.of("arn:aws:iam::1:role/east-sales"));
        assertThat(east.seesPartOf("east")).isTrue();
        assertThat(east.sees("east")).isFalse();
        assertThat(east.sees("east/enterprise/tier-b")).isTrue();
        assertThat(east.seesPartOf("east/personal")).isFalse();
        assertThat(east.seesPartOf("north")).isFalse();
    }

    @Test
    void withoutAFileEveryoneSeesEverythingMasked() {
        Access.Viewer anyone = Access.OPEN.viewer(List.of("arn:aws:iam::1:user/x"));
        assertThat(anyone.all()).isTrue();
        assertThat(anyone.personal()).isFalse();
    }

    @Test
    void aFileThatIsNotAnAccessFileIsRefused() {
        assertThatThrownBy(() -> Access.parse("{\"grants\": [{\"folders\": [\"*\"]}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("principal");
        assertThatThrownBy(() -> Access.parse("{\"grant\": []}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an access file");
    }
}
