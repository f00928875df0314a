package dev.custcode.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Folders of the local servers' data for one test: in memory-backed {@code /dev/shm} where there is one, deleted after. */
final class ScratchDirs {
    private ScratchDirs() {
    }

    /** A new folder named {@code prefix…}. */
    static Path create(String prefix) throws IOException {
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, prefix);
    }

    /** The folder and all in it (nothing when it is gone already). */
    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
