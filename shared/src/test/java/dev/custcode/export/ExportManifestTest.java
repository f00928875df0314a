package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A manifest is trusted only as far as it names what schemes make: its folders become keys. */
class ExportManifestTest {

    private static ExportManifest parse(String json) {
        return ExportManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatIngestWritesIsReadBack() {
        ExportManifest m = new ExportManifest("0123456789abcdef0123", "2026-11-30T08:00:00Z", List.of("north/enterprise/tier-a", "hmt"));
        assertThat(ExportManifest.parse(m.toJson())).isEqualTo(m);
        assertThat(parse("{\"cause\":\"sweep-2026-11-30T08:00:00.123Z\",\"at\":\"x\",\"folders\":[]}").folders()).isEmpty();
    }

    @Test
    void foldersAndCausesNoSchemeMakesAreRefusedWithTheReason() {
        for (String folder : List.of("../incoming", "north/../../x", "/north", "north/", "North", "north//a", "a b", "归档",
                "a/".repeat(16) + "a", "x".repeat(65))) {
            assertThatThrownBy(() -> parse("{\"cause\":\"c1\",\"at\":\"x\",\"folders\":[\"" + folder + "\"]}"))
                    .as(folder).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a folder path");
        }
        for (String cause : List.of("../x", "a/b", "", " x", "x".repeat(129))) {
            assertThatThrownBy(() -> parse("{\"cause\":\"" + cause + "\",\"at\":\"x\",\"folders\":[\"north\"]}"))
                    .as(cause).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cause");
        }
        assertThatThrownBy(() -> parse("{\"cause\":")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an export manifest");
    }
}
