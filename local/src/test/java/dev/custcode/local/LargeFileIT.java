package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large file within Lambda's bounds, end to end through the template's wiring and its defaults:
 * every function's timeout forced to 20 s (the local runtime ends longer invocations), so the file
 * is cut into chunks of 1,200 rows, four imported at a time (about 50 rows a second each on two
 * cores: a chunk takes longer than one invocation, pauses near its end and goes on in the next),
 * and the chunk function's JVM killed (SIGKILL) while it imports. The killed chunk comes back after
 * the queue's visibility timeout (30 s here) and is redone from its last pause: every row accepted
 * once, no code issued twice, exports equal to the table.
 *
 * <p>24,000 rows by default; {@code -Dlargefile.rows=300000} runs the size (about half an
 * hour on DynamoDB Local here).
 */
class LargeFileIT {
    private static final int ROWS = Integer.getInteger("largefile.rows", 24_000);

    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass(() -> TestStack.ROOT.resolve("template.yaml"), everyTimeout(20)
            .andThen(c -> c.withParameter("ChunkVisibilityTimeout", "30"))::apply);

    private static java.util.function.Function<LocalRuntime.Config, LocalRuntime.Config> everyTimeout(int seconds) {
        return c -> {
            LocalRuntime.Config out = c;
            try {
                for (String f : SamTemplate.read(TestStack.ROOT.resolve("template.yaml")).resourcesOfType("AWS::Serverless::Function")) {
                    out = out.withTimeout(f, seconds);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        };
    }

    @Test
    void aLargeFileCompletesWithinTheTimeoutsAndAKilledWorkerLosesAndDoublesNothing() throws Exception {
        TestStack stack = STACK.get();
        byte[] file = file(ROWS);
        assertThat(file.length).as("over 4 MB: cut into chunks").isGreaterThan(4 << 20);
        stack.put("incoming/large.csv", file);
        String importId = stack.importIdOf("incoming/large.csv");

        // Kill the chunk function's JVM while it imports: after two chunks are done, when one is running.
        TestStack.await(() -> chunksDone(stack, importId) >= 2, Duration.ofMinutes(5), "two chunks done");
        TestStack.await(() -> {
            List<String> log = stack.functionLog("ChunkFunction");
            if (log.stream().anyMatch(l -> l.contains("Runtime.ExitError"))) {
                return true;
            }
            long started = log.stream().filter(l -> l.contains(") started")).count();
            long ended = log.stream().filter(l -> l.startsWith("REPORT ")).count();
            OptionalLong pid = stack.runtime.functionPid("ChunkFunction");
            if (pid.isPresent() && started > ended) {
                ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            }
            return false;
        }, Duration.ofMinutes(5), "a chunk running when its JVM was killed");

        JsonNode report = stack.awaitReport(importId, Duration.ofMinutes(10 + ROWS / 200));
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.at("/counts/rows").asLong()).isEqualTo(ROWS);
        assertThat(report.at("/counts/accepted").asLong()).isEqualTo(ROWS);
        assertThat(report.at("/counts/new").asLong()).isEqualTo(ROWS);
        assertThat(report.at("/counts/rejected").asLong()).isZero();
        // The export first: the scans below would slow DynamoDB Local under it.
        stack.awaitExport(report, Duration.ofMinutes(10));
        List<String> codes = ExactlyOnceIT.customers(stack).stream().map(c -> c.get("code").s()).toList();
        assertThat(codes).hasSize(ROWS).doesNotHaveDuplicates();
        ExactlyOnceIT.assertCodesUniqueAndCountersAhead(stack);

        JsonNode index = stack.json("groups/_index.json");
        assertThat(index.get("total").asLong()).isEqualTo(ROWS);
        Set<String> exported = new HashSet<>();
        for (String leaf : leaves(index)) {
            for (String code : exportCodes(stack, leaf)) {
                assertThat(exported.add(code)).as(code + " in one leaf only").isTrue();
            }
        }
        assertThat(exported).isEqualTo(new HashSet<>(codes));

        List<String> reports = new ArrayList<>();
        for (String f : SamTemplate.read(TestStack.ROOT.resolve("template.yaml")).resourcesOfType("AWS::Serverless::Function")) {
            stack.functionLog(f).stream().filter(l -> l.startsWith("REPORT ")).forEach(reports::add);
        }
        assertThat(reports).as("no invocation ran into its 20 s timeout").isNotEmpty().noneMatch(l -> l.contains("Status: timeout"));
        assertThat(stack.functionLog("ChunkFunction")).as("the killed chunk was redone from its interrupted run")
                .anyMatch(l -> l.contains("redoing an interrupted run"));
        assertThat(stack.runtime.failedEvents()).isEmpty();
        System.out.printf("LargeFileIT: %d rows, %d chunk invocations (%d paused near their end), %d ChunkFunction REPORT lines%n", ROWS,
                stack.functionLog("ChunkFunction").stream().filter(l -> l.contains(") started")).count(),
                stack.functionLog("ChunkFunction").stream().filter(l -> l.contains(" paused after ")).count(),
                stack.functionLog("ChunkFunction").stream().filter(l -> l.startsWith("REPORT ")).count());
    }

    private static long chunksDone(TestStack stack, String importId) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    stack.runtime.apiEndpoint().resolve("/imports/" + importId)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? TestStack.JSON.readTree(r.body()).at("/progress/chunks/done").asLong(0) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The seeded file of {@link LargeFiles}: rows of about 220 bytes, a quoted line break in one row of 50. */
    static byte[] file(int rows) {
        return LargeFiles.bytes(rows);
    }

    private static List<String> leaves(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            if (child.has("children")) {
                out.addAll(leaves(child));
            } else {
                out.add(child.get("path").asText());
            }
        }
        return out;
    }

    private static List<String> exportCodes(TestStack stack, String folder) throws Exception {
        List<String> codes = new ArrayList<>();
        byte[] bytes = stack.get("groups/" + folder + "/_export.csv").orElseThrow();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(new ByteArrayInputStream(bytes))) {
            for (NamedCsvRecord r : csv) {
                codes.add(r.getField("code"));
            }
        }
        return codes;
    }
}
