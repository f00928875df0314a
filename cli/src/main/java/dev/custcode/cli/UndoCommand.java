package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code custcode undo IMPORT}: puts {@code undo/<importId>.json} and waits for the undo's report. */
@Command(name = "undo", mixinStandardHelpOptions = true, description = "Undo an import: its new customers retired, its changes reverted where no later file changed them.")
final class UndoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMPORT", description = "The import id (20 hex digits).")
    String importId;

    @Override
    public Integer call() throws InterruptedException {
        if (!importId.matches("[0-9a-f]{20}")) {
            throw new IllegalArgumentException("\"" + importId + "\" is not an import id (20 hex digits; `custcode status` lists them)");
        }
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(main.target());
        JsonNode before = api.find("/imports/" + importId, Map.of()).orElseThrow(() -> new IllegalArgumentException("no import " + importId))
                .path("undo");
        // Only an undo that was carried out is final: one refused while the import ran (NOT_FINISHED) is asked again.
        if (before.isObject() && "UNDONE".equals(before.path("status").asText()) && before.path("mergedAway").isEmpty()
                && before.path("survivors").isEmpty()) {
            out.println(importId + " was undone before, at " + before.path("undoneAt").asText() + "; nothing to do");
            summarize(out, before);
            return 0;
        }
        // An undo under way is waited for, not asked again (a second run would only do the same work beside it):
        // its end is the report that no longer says UNDOING, whatever its time.
        boolean underWay = "UNDOING".equals(before.path("status").asText());
        String undoneBefore = underWay ? "" : before.path("undoneAt").asText("");
        if (underWay) {
            out.println(importId + " is already " + before.path("message").asText("being undone") + "; waiting");
        } else {
            try (S3Client s3 = main.target().s3()) {
                s3.putObject(b -> b.bucket(main.target().bucket()).key("undo/" + importId + ".json").contentType("application/json"),
                        RequestBody.fromString("{}"));
            }
            out.println("asked to undo " + importId + " (" + main.target().s3Uri("undo/" + importId + ".json") + ")");
        }
        out.flush();
        // An undo done again (for customers merged away before) is told by its new time. One asked while the
        // import runs answers NOT_FINISHED and is carried out when the import finishes: waited for too.
        boolean[] toldRunning = {false};
        boolean[] toldUndoing = {underWay};
        Optional<JsonNode> undo = main.await(() -> api.find("/imports/" + importId, Map.of()).map(i -> i.path("undo"))
                .filter(u -> u.isObject() && !u.path("undoneAt").asText("").equals(undoneBefore))
                .filter(u -> {
                    String status = u.path("status").asText();
                    if ("UNDOING".equals(status)) {
                        if (!toldUndoing[0]) {
                            toldUndoing[0] = true;
                            out.println("  " + u.path("message").asText("being undone") + "; waiting");
                            out.flush();
                        }
                        return false;
                    }
                    if (!"NOT_FINISHED".equals(status)) {
                        return true;
                    }
                    if (!toldRunning[0]) {
                        toldRunning[0] = true;
                        out.println("  " + u.path("message").asText("the import is still running") + "; waiting");
                        out.flush();
                    }
                    return false;
                }));
        if (undo.isPresent()) {
            JsonNode u = undo.get();
            summarize(out, u);
            out.println("  report  " + main.target().s3Uri("imports/" + importId + "/undo-report.json"));
            return "UNDONE".equals(u.path("status").asText()) ? 0 : Main.FAILED;
        }
        spec.commandLine().getErr().println("custcode: the undo of " + importId + " did not end within " + main.timeoutSeconds + " s"
                + (toldRunning[0] ? " (the import is still running: it is undone when it finishes; `custcode status " + importId + "` tells)"
                : toldUndoing[0] ? " (it is still being undone; `custcode status " + importId + "` tells when it is done)" : ""));
        return Main.UNREACHABLE;
    }

    private void summarize(PrintWriter out, JsonNode u) {
        out.printf("%s %s at %s: %s retired, %d reverted, %d kept (changed since by later files)%n", importId,
                u.path("status").asText(), u.path("undoneAt").asText(), customers(u.path("retired").size()), u.path("reverted").size(),
                u.path("keptChanged").size());
        // A customer the import created is retired even when a later file updated it since: what that file set goes with it.
        u.path("retiredChangedSince").properties().forEach(e -> out.printf(
                "  %s, which it created, was updated since by import %s: retired all the same, and what that import set went with it%n",
                e.getKey(), e.getValue().asText()));
        if (u.hasNonNull("message")) {
            out.println("  " + u.get("message").asText()); // what to do when nothing was undone (an import still running)
        }
        u.path("mergedAway").properties().forEach(e -> out.printf(
                "  %s, which it created or changed, was merged into %s since and stays: unmerge it (custcode merge --undo %s %s), then undo again%n",
                e.getKey(), e.getValue().asText(), e.getValue().asText(), e.getKey()));
        u.path("survivors").properties().forEach(e -> e.getValue().forEach(merged -> out.printf(
                "  %s, which it created, has %s merged into it since and stays: unmerge it (custcode merge --undo %s %s), then undo again%n",
                e.getKey(), merged.asText(), e.getKey(), merged.asText())));
    }

    private static String customers(int n) {
        return n + (n == 1 ? " customer" : " customers");
    }
}
