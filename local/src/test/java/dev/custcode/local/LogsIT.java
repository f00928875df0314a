package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The functions log JSON: every line an import's invocation logs is one JSON object with the
 * request id, the function, the cold-start flag and the import's id (what CloudWatch Logs
 * Insights filters on: {@code filter importId = "…"}).
 */
class LogsIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();

    private static JsonNode parse(String line) {
        try {
            return TestStack.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }

    @Test
    void everyLineOfAnImportIsJsonCarryingItsId() {
        TestStack stack = STACK.get();
        stack.put("incoming/logs.csv", TestStack.ROOT.resolve("events/customers-sample.csv"));
        String importId = stack.importIdOf("incoming/logs.csv");
        JsonNode report = stack.awaitReport(importId, Duration.ofMinutes(5));
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");

        // The runtime's own REPORT lines are Lambda's, not the function's; every other line is JSON.
        List<String> lines = stack.functionLog("IngestFunction").stream().filter(l -> !l.startsWith("REPORT ")).toList();
        List<JsonNode> logged = lines.stream().map(LogsIT::parse).toList();
        List<JsonNode> ofImport = logged.stream().filter(j -> j.path("message").asText().contains(importId)).toList();
        assertThat(ofImport).as("the import's started and finished lines").hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode j : ofImport) {
            assertThat(j.path("importId").asText()).as(j.toString()).isEqualTo(importId);
            assertThat(j.path("function_name").asText()).isEqualTo("IngestFunction");
            assertThat(j.path("function_request_id").asText()).isNotBlank();
            assertThat(j.path("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(j.path("service").asText()).isEqualTo("custcode");
            assertThat(j.path("cold_start").isBoolean()).isTrue();
        }
        // Lines of one invocation share its request id.
        assertThat(ofImport.stream().map(j -> j.path("function_request_id").asText()).distinct()).hasSize(1);
    }
}
