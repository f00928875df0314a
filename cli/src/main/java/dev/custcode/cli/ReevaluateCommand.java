package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code custcode reevaluate [--as-of DATE]}: puts {@code config/reevaluate.json}, then follows the
 * run it starts to its report (counts and how each dimension moved), printing a line each time its
 * progress moves.
 */
@Command(name = "reevaluate", mixinStandardHelpOptions = true, description = "Classify every customer again now (or as of a date) and print what moved.")
final class ReevaluateCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--as-of", paramLabel = "DATE", description = "The date the run classifies as of (YYYY-MM-DD; default today).")
    LocalDate asOf;

    @Option(names = "--preview", description = "A dry run: report what the run would move, and change nothing.")
    boolean preview;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(main.target());
        // The run's id starts with the request's event time (whole seconds): a run of ours is one started since.
        String since = RUN_TIME.format(Instant.now().minusSeconds(2));
        try (S3Client s3 = main.target().s3()) {
            s3.putObject(b -> b.bucket(main.target().bucket()).key("config/reevaluate.json").contentType("application/json"),
                    RequestBody.fromString(body(asOf, preview)));
        }
        out.println("asked for a re-evaluation" + (preview ? " preview (a dry run)" : "") + (asOf == null ? "" : " as of " + asOf));
        out.flush();
        String[] runId = new String[1];
        String[] shown = new String[1];
        Optional<JsonNode> finished = main.await(() -> {
            if (runId[0] == null) {
                for (JsonNode run : api.get("/evaluations", Map.of("limit", "20")).path("items")) {
                    String id = run.path("runId").asText();
                    if (id.contains("-request-") && id.compareTo(since) >= 0) {
                        runId[0] = id;
                        out.println("run " + id);
                        out.flush();
                        break;
                    }
                }
            }
            if (runId[0] == null) {
                return Optional.empty();
            }
            Optional<JsonNode> run = api.find("/evaluations/" + runId[0], Map.of());
            run.flatMap(ReevaluateCommand::progressLine).filter(line -> !line.equals(shown[0])).ifPresent(line -> {
                shown[0] = line;
                out.println(line);
                out.flush();
            });
            return run.filter(r -> r.path("status").asText().equals("DONE") || r.path("status").asText().equals("REJECTED"));
        });
        if (finished.isPresent()) {
            print(out, finished.get());
            return finished.get().path("status").asText().equals("DONE") ? 0 : Main.FAILED;
        }
        spec.commandLine().getErr().println("custcode: the re-evaluation did not end within " + main.timeoutSeconds + " s"
                + (runId[0] == null ? "" : "; `curl …/evaluations/" + runId[0] + "` tells how it stands"));
        return Main.UNREACHABLE;
    }

    /** What {@code config/reevaluate.json} says: {@code {}}, or an as-of date, and whether the run is a preview. */
    static String body(LocalDate asOf, boolean preview) {
        List<String> fields = new java.util.ArrayList<>();
        if (asOf != null) {
            fields.add("\"asOf\":\"" + asOf + "\"");
        }
        if (preview) {
            fields.add("\"preview\":true");
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A running run's progress in one line ({@code evaluating: 12000 of 40000 customers (30.0 %)}); empty without one. */
    static Optional<String> progressLine(JsonNode run) {
        JsonNode p = run.path("progress");
        if (!run.path("status").asText().equals("RUNNING") || !p.has("customersRead")) {
            return Optional.empty();
        }
        String of = p.has("customers") ? " of " + p.path("customers").asLong() : "";
        String percent = p.has("percent") ? String.format(java.util.Locale.ROOT, " (%.1f %%)", p.path("percent").asDouble()) : "";
        return Optional.of("  " + p.path("phase").asText("evaluating") + ": " + p.path("customersRead").asLong() + of + " customers" + percent);
    }

    /** A dry run's line ({@code a preview (raise-a): …}); empty for a real run. */
    static Optional<String> previewLine(JsonNode run) {
        if (!run.hasNonNull("draft")) {
            return Optional.empty();
        }
        String draft = run.path("draft").asText();
        // The active scheme's dry run is marked "(active scheme)" already; a draft is named.
        String which = draft.startsWith("(") ? draft : "(" + draft + ")";
        return Optional.of("  a preview " + which + ": what a run would change; nothing was changed");
    }

    private void print(PrintWriter out, JsonNode r) {
        out.printf("%s %s as of %s: %d customers, %d changed (%d moved folder), %d unchanged%n", r.path("runId").asText(),
                r.path("status").asText(), r.path("asOf").asText(), r.path("customers").asLong(), r.path("changed").asLong(),
                r.path("moved").asLong(), r.path("unchanged").asLong());
        previewLine(r).ifPresent(out::println);
        if (!r.path("message").asText("").isEmpty()) {
            out.println("  " + r.path("message").asText());
        }
        r.path("matrix").fields().forEachRemaining(dim -> dim.getValue().fields().forEachRemaining(from -> from.getValue().fields()
                .forEachRemaining(to -> {
                    if (!from.getKey().equals(to.getKey())) {
                        out.printf("  %-10s %s → %s: %d%n", dim.getKey(), from.getKey(), to.getKey(), to.getValue().asLong());
                    }
                })));
        out.println("  report     " + main.target().s3Uri("evaluations/" + r.path("runId").asText() + "/report.json"));
        out.println("  movements  " + main.target().s3Uri("evaluations/" + r.path("runId").asText() + "/movements.csv"));
    }
}
