package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aFunctionRunsTheJarAsItWasWhenTheStackFirstRanItWhateverARebuildWritesLater() throws Exception {
        Path jar = dir.resolve("functions/ingest/target/function.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "built before the stack started");

        Path copy = CodeSnapshot.of(jar);
        assertThat(copy).isNotEqualTo(jar);
        assertThat(copy.getFileName().toString()).isEqualTo("ingest-function.jar");

        // mvn package beside the running stack rewrites the jar (here: cut short, as a half-written one is).
        Files.writeString(jar, "rebuilt");
        assertThat(Files.readString(copy)).isEqualTo("built before the stack started");
        assertThat(CodeSnapshot.of(jar)).as("a process started after a timeout runs the same copy").isEqualTo(copy);
    }
}
