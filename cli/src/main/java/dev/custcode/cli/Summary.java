package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** How a finished import reads on a terminal: its message, its counts, where its files are. */
final class Summary {
    private Summary() {
    }

    /**
     * An import's message without the count of its rows it begins with (the counts line says them):
     * what is left after that, or all of it when it does not begin so.
     */
    static String besidesCounts(String message, JsonNode counts) {
        if (!counts.isObject() || !message.startsWith(counts.path("rows").asLong() + " row")) {
            return message;
        }
        int rest = message.indexOf("; ");
        return rest < 0 ? "" : message.substring(rest + 2);
    }

    static void printImport(PrintWriter out, Target target, JsonNode i) {
        String id = i.path("importId").asText();
        out.printf("%s  %s  %s%n", i.path("source").path("key").asText(), id, i.path("status").asText());
        if (i.hasNonNull("undoneAt")) {
            out.println("  UNDONE at " + i.path("undoneAt").asText() + ": its changes were taken back (`custcode undo " + id + "` again says what is left)");
        }
        JsonNode counts = i.path("counts");
        String message = besidesCounts(i.path("message").asText(""), counts);
        if (!message.isEmpty()) {
            out.println("  " + message);
        }
        if (counts.isObject()) {
            out.printf("  rows %d: accepted %d (new %d, updated %d, unchanged %d), rejected %d, conflicts %d, warnings %d, in-file duplicates %d, moved %d%s%n",
                    counts.path("rows").asLong(), counts.path("accepted").asLong(), counts.path("new").asLong(), counts.path("updated").asLong(),
                    counts.path("unchanged").asLong(), counts.path("rejected").asLong(), counts.path("conflicts").asLong(),
                    counts.path("warnings").asLong(), counts.path("duplicates").asLong(), counts.path("moved").asLong(),
                    counts.path("duplicateCandidates").asLong() > 0 ? ", probable duplicates " + counts.path("duplicateCandidates").asLong() : "");
        } else if (i.path("status").asText().equals("RUNNING")) {
            out.printf("  running: %d rows read%s%n", i.path("progress").path("rowsRead").asLong(),
                    i.path("progress").has("percent") ? String.format(", %.1f %% of the file", i.path("progress").path("percent").asDouble()) : "");
        }
        if (i.path("status").asText().equals("RUNNING")) {
            return;
        }
        String prefix = "imports/" + id + "/";
        out.println("  report     " + target.s3Uri(prefix + "report.json"));
        if (counts.path("rejected").asLong() > 0) {
            out.println("  rejected   " + target.s3Uri(prefix + "rejected.csv") + "   (every row not applied, with its line and reason)");
        }
        if (counts.path("conflicts").asLong() > 0) {
            out.println("  conflicts  " + target.s3Uri(prefix + "conflicts.csv")
                    + "   (rows not applied: their keys point at different customers, or their id is not the matched customer's; each with its reason)");
        }
        // In-file duplicates are noted there too (the same customer as line 2), though no value was misunderstood.
        if (counts.path("warnings").asLong() > 0 || counts.path("duplicates").asLong() > 0) {
            out.println("  warnings   " + target.s3Uri(prefix + "warnings.csv") + "   (values kept or ignored that were not understood,"
                    + " rows of a customer the file names again)");
        }
        if (counts.path("duplicateCandidates").asLong() > 0) {
            out.println("  duplicates " + target.s3Uri(prefix + "duplicates.csv") + "   (pairs of customers that are probably one; nothing was merged)");
        }
        JsonNode undo = i.path("undo");
        if (undo.isObject() && "UNDONE".equals(undo.path("status").asText())) {
            out.println("  undone     " + undo.path("status").asText() + " at " + undo.path("undoneAt").asText());
        } else if (undo.isObject() && "UNDOING".equals(undo.path("status").asText())) {
            out.println("  undoing    " + undo.path("message").asText("being undone since " + undo.path("undoneAt").asText()));
        } else if (undo.isObject() && "FAILED".equals(undo.path("status").asText())) {
            out.println("  undo FAILED at " + undo.path("undoneAt").asText() + ": " + undo.path("message").asText(""));
        } else if (undo.isObject()) {
            // An undo asked for while the import ran (NOT_FINISHED): nothing was undone; its message says what to do.
            out.println("  undo asked at " + undo.path("undoneAt").asText() + ": " + undo.path("status").asText() + ", nothing undone"
                    + (undo.hasNonNull("message") ? " (" + undo.path("message").asText() + ")" : ""));
        }
    }
}
