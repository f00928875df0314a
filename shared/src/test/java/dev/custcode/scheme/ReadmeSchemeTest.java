package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/scheme.md prints the default scheme in full; this keeps that copy true. */
class ReadmeSchemeTest {

    @Test
    void readmeShowsTheShippedDefaultScheme() throws Exception {
        String readme = Files.readString(Path.of("../docs/scheme.md"), StandardCharsets.UTF_8);
        String start = "<!-- default-scheme:start -->\n```json\n";
        String end = "\n```\n<!-- default-scheme:end -->";
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        assertThat(from).as("docs/scheme.md has the default-scheme block").isPositive();
        String shown = readme.substring(from + start.length(), to);
        assertThat(shown).isEqualTo(new String(SchemeLoader.defaultSchemeJson(), StandardCharsets.UTF_8).stripTrailing());
    }
}
