package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code custcode status [IMPORT]}: the latest imports, or one import with its counts and files. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "The latest imports, newest first; or one import: status, progress, counts and its files.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "IMPORT", description = "An import id (20 hex digits).")
    String importId;

    @Option(names = "--running", description = "Only the imports not finished: when each started, its rows and percent so far.")
    boolean running;

    @Option(names = "--limit", defaultValue = "20", description = "How many imports to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "The API's answer as it is.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(main.target());
        if (importId != null) {
            JsonNode one = api.find("/imports/" + importId, Map.of())
                    .orElseThrow(() -> new IllegalArgumentException("no import " + importId + " (not started yet, or not an import of this stack)"));
            if (json) {
                out.println(one.toPrettyString());
            } else {
                Summary.printImport(out, main.target(), one);
            }
            return "FAILED".equals(one.path("status").asText()) ? Main.FAILED : 0;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(limit));
        if (running) {
            query.put("status", "RUNNING");
        }
        JsonNode page = api.get("/imports", query);
        if (json) {
            out.println(page.toPrettyString());
            return 0;
        }
        if (page.path("items").isEmpty()) {
            out.println(running ? "no import is running" : "no imports yet");
        }
        for (JsonNode i : page.path("items")) {
            out.printf("%s  %-10s %-20s %s  accepted %d, rejected %d%s%s%n", i.path("importId").asText(), i.path("status").asText(),
                    i.path("startedAt").asText(""), i.path("source").path("key").asText(), i.path("accepted").asLong(), i.path("rejected").asLong(),
                    i.path("conflicts").asLong() > 0 ? ", in conflict " + i.path("conflicts").asLong() : "",
                    i.has("progress") && i.path("progress").has("percent") ? String.format("  %.0f %%", i.path("progress").path("percent").asDouble())
                            : i.hasNonNull("undoneAt") ? "  UNDONE " + i.path("undoneAt").asText() : "");
            outcomeLine(i).ifPresent(out::println);
        }
        return 0;
    }

    /** What an import that did not apply every row says of it (its rows in conflict too), on a line of its own; empty otherwise. */
    static java.util.Optional<String> outcomeLine(JsonNode i) {
        String status = i.path("status").asText();
        String message = i.path("message").asText("");
        return (status.equals("PARTIAL") || status.equals("FAILED")) && !message.isEmpty()
                ? java.util.Optional.of("    " + message) : java.util.Optional.empty();
    }
}
