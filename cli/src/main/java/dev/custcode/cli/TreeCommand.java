package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code custcode tree [PATH]}: the group tree (or a folder's part of it) with counts, indented. */
@Command(name = "tree", mixinStandardHelpOptions = true, description = "The group folders with their counts, as an indented tree.")
final class TreeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PATH", description = "A folder, e.g. north or north/enterprise.")
    String path;

    @Option(names = "--depth", defaultValue = "99", description = "Levels to show below PATH.")
    int depth;

    @Override
    public Integer call() {
        if (depth < 0) {
            throw new IllegalArgumentException("--depth must be 0 or more (levels below PATH), got " + depth);
        }
        PrintWriter out = spec.commandLine().getOut();
        String where = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (java.util.Arrays.stream(where.split("/")).anyMatch(s -> s.equals("..") || s.equals(".")) || where.contains("//")) {
            throw new IllegalArgumentException("not a folder path: " + path + " (folders are names joined by /, e.g. north/enterprise)");
        }
        JsonNode node = new ApiClient(main.target()).get("/groups", Map.of());
        if (!where.isEmpty()) {
            // Folders are lower-case slugs: EAST/Enterprise is east/enterprise.
            StringBuilder found = new StringBuilder();
            for (String segment : where.split("/")) {
                JsonNode next = null;
                for (JsonNode child : node.path("children")) {
                    if (child.path("folder").asText().equalsIgnoreCase(segment)) {
                        next = child;
                    }
                }
                if (next == null) {
                    spec.commandLine().getErr().println("custcode: no folder " + where);
                    return Main.FAILED;
                }
                node = next;
                found.append(found.length() == 0 ? "" : "/").append(next.path("folder").asText());
            }
            where = found.toString();
            out.printf("%s  %s  %d%n", where, node.path("label").asText(""), node.path("count").asLong());
        } else {
            out.printf("groups  %d%n", node.path("total").asLong());
        }
        print(out, node, 1);
        return 0;
    }

    private void print(PrintWriter out, JsonNode node, int level) {
        if (level > depth) {
            return;
        }
        for (JsonNode child : node.path("children")) {
            out.printf("%s%s  %s  %d%n", "  ".repeat(level), child.path("folder").asText(), child.path("label").asText(""), child.path("count").asLong());
            print(out, child, level + 1);
        }
    }
}
