package dev.custcode.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function's code as it was when the stack first ran it, as a deployment fixes a Lambda
 * function's code: a copy of its jar, read by every process of the function from then on. A
 * rebuild beside a running stack ({@code mvn package}, {@code mvn verify}, a second
 * {@code ./custcode-local --print-default-scheme}) rewrites {@code target/function.jar} while the
 * function's JVM still loads classes from it lazily; without the copy, the running functions then
 * fail with {@code NoClassDefFoundError} or truncated reads until the stack is restarted. The
 * copies live in one temporary directory, removed when the stack stops.
 */
final class CodeSnapshot {
    private static final ConcurrentHashMap<Path, Path> COPIES = new ConcurrentHashMap<>();
    private static volatile Path dir;

    private CodeSnapshot() {
    }

    /** The copy of {@code jar} this stack runs, made on the first call for it. */
    static Path of(Path jar) {
        return COPIES.computeIfAbsent(jar.toAbsolutePath().normalize(), j -> {
            try {
                Path copy = directory().resolve(j.getParent().getParent().getFileName() + "-" + j.getFileName());
                // Copied under another name, then moved: a jar being rewritten meanwhile is never read half-written by a function.
                Path partial = Files.createTempFile(directory(), "partial-", ".jar");
                Files.copy(j, partial, StandardCopyOption.REPLACE_EXISTING);
                return Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy " + j + " for the stack to run", e);
            }
        });
    }

    private static synchronized Path directory() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("custcode-code-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(d), "custcode-code-cleanup"));
            dir = d;
        }
        return dir;
    }

    private static void delete(Path d) {
        try (var all = Files.walk(d)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
