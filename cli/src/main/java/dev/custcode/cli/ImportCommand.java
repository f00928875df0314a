package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.ingest.ImportId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@code custcode import FILE…}: uploads each file into {@code incoming/}, shows a progress bar per
 * file until its report exists, then prints its summary and where its row files are.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Upload files into incoming/ and follow each import to its report.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSV files (any supported encoding and delimiter).")
    List<Path> files;

    @Option(names = "--prefix", defaultValue = "incoming/", description = "Where to upload (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--no-wait", description = "Upload only: print the import ids and return.")
    boolean noWait;

    /** One uploaded file and the import its object starts. */
    /**
     * @param finishedBefore when the import these bytes under this key make had finished before they
     *                       were sent (a bucket without versions: the same bytes are the same import), else null
     */
    record Upload(Path file, String key, String importId, long bytes, java.time.Instant sent, String finishedBefore) {
        Upload(Path file, String key, String importId, long bytes, java.time.Instant sent) {
            this(file, key, importId, bytes, sent, null);
        }
    }

    /** The ETag S3 gives these bytes sent in one request: their MD5, streamed. */
    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md5.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    /** When the import these bytes would be in a bucket without versions had finished, asked before sending them; null if none had. */
    private static String finishedBefore(ApiClient api, String bucket, String key, String md5) {
        try {
            return api.find("/imports/" + ImportId.of(bucket, key, null, md5), Map.of())
                    .map(i -> i.path("finishedAt").asText(null)).orElse(null);
        } catch (RuntimeException unknown) {
            return null; // the note is a courtesy: the import goes on without it
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!prefix.startsWith("incoming/")) {
            throw new IllegalArgumentException("--prefix must be under incoming/ (only uploads there are imported), got " + prefix);
        }
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + " is a directory: give the files in it (" + file + "/*.csv)");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
        }
        Target target = main.target();
        ApiClient api = new ApiClient(target);
        List<Upload> uploads = new ArrayList<>();
        try (S3Client s3 = target.s3()) {
            for (Path file : files) {
                String key = (prefix.endsWith("/") ? prefix : prefix + "/") + objectName(file);
                if (!key.endsWith(file.getFileName().toString())) {
                    out.printf("%s: only objects named .csv are imported (a .txt or .tsv export is read the same): uploaded as %s%n",
                            file, key.substring(key.lastIndexOf('/') + 1));
                }
                String md5 = noWait ? null : md5(file);
                String before = md5 == null ? null : finishedBefore(api, target.bucket(), key, md5);
                java.time.Instant sent = java.time.Instant.now();
                PutObjectResponse put = s3.putObject(b -> b.bucket(target.bucket()).key(key), RequestBody.fromFile(file));
                // The id the import gets is derived from what names the uploaded bytes (see ImportId).
                String importId = ImportId.of(target.bucket(), key, put.versionId(), put.eTag());
                boolean sameImport = before != null && importId.equals(ImportId.of(target.bucket(), key, null, md5));
                uploads.add(new Upload(file, key, importId, Files.size(file), sent, sameImport ? before : null));
                out.printf("uploaded %s → %s  import %s%n", file, target.s3Uri(key), importId);
            }
        }
        out.flush();
        if (noWait) {
            return 0;
        }
        int exit = 0;
        for (Upload upload : uploads) {
            Optional<JsonNode> done = follow(api, upload);
            if (done.isEmpty()) {
                spec.commandLine().getErr().printf("custcode: import %s of %s did not end within %d s; `custcode status %s` tells how it stands%n",
                        upload.importId(), upload.file(), main.timeoutSeconds, upload.importId());
                exit = Math.max(exit, Main.UNREACHABLE);
                continue;
            }
            Summary.printImport(out, target, done.get());
            earlier(done.get(), upload).ifPresent(out::println);
            if ("FAILED".equals(done.get().path("status").asText())) {
                exit = Math.max(exit, Main.FAILED);
            }
        }
        return exit;
    }

    /**
     * A note when the import answered finished before the upload was sent: the same bytes under the
     * same key are the same import (its id names them), so this upload applied nothing again.
     */
    static Optional<String> earlier(JsonNode imported, Upload upload) {
        String finishedAt = imported.path("finishedAt").asText("");
        try {
            // Asked before the upload, or told by the clocks (with a margin for those of this machine and of the stack).
            if (!finishedAt.isEmpty() && (upload.finishedBefore() != null
                    || java.time.Instant.parse(finishedAt).isBefore(upload.sent().minusSeconds(30)))) {
                return Optional.of("  note: " + upload.key() + " held these same bytes before: import " + upload.importId() + " ended at "
                        + finishedAt + " and this upload applied nothing again (change a byte or use another name to import it anew)");
            }
        } catch (java.time.format.DateTimeParseException notATime) {
            // no note
        }
        return Optional.empty();
    }

    /**
     * Polls the import until it has a final status, drawing its progress: bytes of the file done
     * when it is cut into chunks, rows read otherwise. Empty if it does not end in time.
     */
    private Optional<JsonNode> follow(ApiClient api, Upload upload) throws InterruptedException {
        try (ProgressBar bar = bar(upload)) {
            say(bar, "waiting for the import to start");
            return main.await(() -> {
                Optional<JsonNode> state = api.find("/imports/" + upload.importId(), Map.of());
                if (state.isEmpty()) {
                    return Optional.empty();
                }
                JsonNode s = state.get();
                JsonNode progress = s.path("progress");
                long rows = progress.path("rowsRead").asLong();
                if (progress.has("bytes")) {
                    bar.maxHint(progress.path("bytes").path("total").asLong());
                    bar.stepTo(progress.path("bytes").path("done").asLong());
                    say(bar, String.format("%d rows read, chunks %d/%d", rows, progress.path("chunks").path("done").asLong(),
                            progress.path("chunks").path("total").asLong()));
                } else {
                    // One invocation reads it: its rows read, against the file's lines, move the bar (a line of a quoted
                    // cell's own is no row: the bar may stay a little short until the import ends).
                    if (lineCount < 0) {
                        lineCount = dataLines(upload.file());
                    }
                    bar.stepTo(bytesFor(rows, lineCount, upload.bytes()));
                    say(bar, rows + " rows read");
                }
                if ("RUNNING".equals(s.path("status").asText())) {
                    return Optional.empty();
                }
                bar.stepTo(upload.bytes());
                say(bar, s.path("status").asText() + ", " + rows + " rows");
                return Optional.of(s);
            });
        }
    }

    private long lineCount = -1;

    /** The bar's message after its speed, which the bar writes without a space after it ({@code 211.8 B/s COMPLETED}). */
    private static void say(ProgressBar bar, String message) {
        bar.setExtraMessage(" " + message);
    }

    /** The lines of a file after its header (0 when it cannot be read again). */
    static long dataLines(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            long n = 0;
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                for (int i = 0; i < read; i++) {
                    n += buffer[i] == '\n' ? 1 : 0;
                }
            }
            return Math.max(0, n - 1);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Where the bar of a file read in one invocation stands: its bytes in the share its rows read are of its lines. */
    static long bytesFor(long rowsRead, long lines, long bytes) {
        return lines <= 0 ? 0 : Math.min(bytes, bytes * Math.min(rowsRead, lines) / lines);
    }

    /** On a terminal a redrawn bar; in a pipe or a log, one line per update. */
    private ProgressBar bar(Upload upload) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(upload.file().getFileName().toString())
                .setInitialMax(upload.bytes())
                // Kilobytes, but bytes for a small file (0/0 KB says nothing).
                .setUnit(upload.bytes() < 10 * 1024 ? " B" : " KB", upload.bytes() < 10 * 1024 ? 1 : 1024).showSpeed().setUpdateIntervalMillis(500)
                .setStyle(ProgressBarStyle.ASCII);
        PrintWriter err = spec.commandLine().getErr();
        if (Main.terminal) {
            builder.continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(System.err));
        } else {
            String[] last = {null};
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> {
                // The bar is drawn twice a second; a log takes a line only when it says something new.
                String said = withoutClock(line);
                if (!said.equals(last[0])) {
                    last[0] = said;
                    err.println(line.stripTrailing());
                    err.flush();
                }
            }, 100));
        }
        return builder.build();
    }

    /** A bar's line without what moves with the clock alone: its elapsed and remaining time, its speed. */
    static String withoutClock(String line) {
        return line.replaceAll("\\(\\d+:\\d{2}:\\d{2} / [^)]*\\)", "").replaceAll("[\\d.,]+ ?\\S*/s\\b", "").strip();
    }

    /** The object's name: the file's, with {@code .csv} added when it has another ending ({@code us.txt} → {@code us.txt.csv}). */
    static String objectName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name : name + ".csv";
    }
}
