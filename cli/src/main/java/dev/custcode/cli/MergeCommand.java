package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code custcode merge CODE --into SURVIVOR} and {@code custcode merge --undo SURVIVOR [CODE]}:
 * through the bucket, as a steward without API access would ({@code stewardship/merge/} or
 * {@code stewardship/unmerge/}), waiting for the answer in {@code stewardship/results/}.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge a customer into another that is the same company: one code survives, the other answers 301.",
                "With --undo, undo a merge. Waits for the result."})
final class MergeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CODE", description = "The customer merged away (with --undo: the survivor).")
    String code;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MERGED", description = "With --undo: the merged customer (default: the latest merge).")
    String merged;

    @Option(names = "--into", paramLabel = "SURVIVOR", description = "The customer that keeps its code.")
    String into;

    @Option(names = "--undo", description = "Undo the merge of MERGED (or the latest) into CODE.")
    boolean undo;

    @Override
    public Integer call() throws InterruptedException {
        if (!undo && (into == null || merged != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give the survivor with --into (or --undo to undo a merge)");
        }
        String name = "cli-" + UUID.randomUUID();
        String key = (undo ? "stewardship/unmerge/" : "stewardship/merge/") + name + ".json";
        var body = JSON.createObjectNode().put("code", code);
        if (undo && merged != null) {
            body.put("merged", merged);
        } else if (!undo) {
            body.put("into", into);
        }
        PrintWriter out = spec.commandLine().getOut();
        String resultKey = "stewardship/results/" + name + ".json";
        try (S3Client s3 = main.target().s3()) {
            s3.putObject(b -> b.bucket(main.target().bucket()).key(key).contentType("application/json"), RequestBody.fromString(body.toString()));
            Optional<JsonNode> result = main.await(() -> {
                try {
                    return Optional.of(JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(main.target().bucket()).key(resultKey)).asByteArray()));
                } catch (NoSuchKeyException notYet) {
                    return Optional.empty();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (result.isEmpty()) {
                spec.commandLine().getErr().println("custcode: no answer to " + main.target().s3Uri(key) + " within " + main.timeoutSeconds + " s");
                return Main.UNREACHABLE;
            }
            JsonNode r = result.get();
            String status = r.path("status").asText();
            if (status.equals("REFUSED")) {
                spec.commandLine().getErr().println("custcode: refused: " + r.path("reason").asText());
                return Main.FAILED;
            }
            JsonNode m = r.path("result");
            out.printf("%s %s %s: filed in %s%s%n", m.path("code").asText(), status.equals("MERGED") ? "merged into" : "unmerged from",
                    m.path("into").asText(), m.path("folder").asText(),
                    status.equals("MERGED") ? "" : "; " + m.path("code").asText() + " back in " + m.path("mergedFolder").asText());
            out.println("  result  " + main.target().s3Uri(resultKey));
            return 0;
        }
    }
}
