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
        // The function process's first invocation says it is a cold start; later ones do not.
        assertThat(logged.stream().filter(j -> j.has("cold_start")).findFirst().orElseThrow().get("cold_start").asBoolean()).isTrue();
    }

    /**
     * A line in CloudWatch's embedded metric format, checked against the specification: a
     * {@code _aws} member with a timestamp and metric directives, every dimension it names a
     * string member, every metric it declares a number member. Returns the line.
     */
    static JsonNode emf(JsonNode line) {
        JsonNode aws = line.get("_aws");
        assertThat(aws).as(line.toString()).isNotNull();
        assertThat(aws.path("Timestamp").isIntegralNumber()).as("_aws.Timestamp in epoch ms").isTrue();
        assertThat(aws.path("CloudWatchMetrics").isArray() && aws.path("CloudWatchMetrics").size() > 0).isTrue();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            assertThat(directive.path("Namespace").asText()).isEqualTo("custcode");
            assertThat(directive.path("Dimensions").isArray()).isTrue();
            for (JsonNode set : directive.path("Dimensions")) {
                assertThat(set.size()).isBetween(1, 30);
                set.forEach(name -> assertThat(line.path(name.asText()).isTextual()).as("dimension " + name + " of " + line).isTrue());
            }
            assertThat(directive.path("Metrics").size()).isBetween(1, 100);
            for (JsonNode metric : directive.path("Metrics")) {
                JsonNode value = line.path(metric.path("Name").asText());
                assertThat(value.isNumber() || value.isArray() && value.size() > 0 && value.get(0).isNumber())
                        .as("metric " + metric + " of " + line).isTrue();
            }
        }
        return line;
    }

    private static java.util.Set<String> declared(JsonNode line) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        line.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static List<JsonNode> metricLines(TestStack stack, String function) {
        return stack.functionLog(function).stream().filter(l -> l.startsWith("{\"_aws\"")).map(LogsIT::parse).map(LogsIT::emf).toList();
    }

    @Test
    void everyImportAndRunWritesItsFiguresAsEmbeddedMetrics() {
        TestStack stack = STACK.get();
        // Customers of their own (the other test imports the sample), so that codes are issued here.
        StringBuilder csv = new StringBuilder("客户编号,客户名称,城市,累计金额,订单数,最近下单日期\n");
        for (int i = 1; i <= 30; i++) {
            csv.append("M").append(i).append(",指标客户").append(i).append("有限公司,杭州,").append(i * 1000).append(",3,2026-10-01\n");
        }
        csv.append("M31,,杭州,100,1,2026-10-01\n");
        stack.put("incoming/metrics.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String importId = stack.importIdOf("incoming/metrics.csv");
        JsonNode report = stack.awaitReport(importId, Duration.ofMinutes(5));

        // The line follows the report (it is written once the report is).
        TestStack.await(() -> metricLines(stack, "IngestFunction").stream().anyMatch(j -> importId.equals(j.path("importId").asText())),
                Duration.ofMinutes(1), "the import's metrics line");
        List<JsonNode> lines = metricLines(stack, "IngestFunction");
        List<JsonNode> ofImport = lines.stream().filter(j -> importId.equals(j.path("importId").asText())).toList();
        assertThat(ofImport).as("one line per import").hasSize(1);
        JsonNode figures = ofImport.get(0);
        assertThat(figures.path("operation").asText()).isEqualTo("import");
        assertThat(figures.path("Service").asText()).as("Powertools' default dimension").isEqualTo("custcode");
        assertThat(figures.path("status").asText()).isEqualTo(report.get("status").asText());
        assertThat(declared(figures)).contains("Rows", "Accepted", "New", "Updated", "Unchanged", "Rejected", "Warnings", "Conflicts",
                "CodesIssued", "Duration", "Failed");
        assertThat(figures.path("Rows").asLong()).isEqualTo(report.at("/counts/rows").asLong()).isPositive();
        assertThat(figures.path("Accepted").asLong()).isEqualTo(report.at("/counts/accepted").asLong());
        assertThat(figures.path("Rejected").asLong()).isEqualTo(report.at("/counts/rejected").asLong()).isEqualTo(1);
        assertThat(figures.path("Warnings").asLong()).isEqualTo(report.at("/counts/warnings").asLong());
        long codes = 0;
        for (JsonNode range : report.path("codeRanges")) {
            codes += range.path("count").asLong();
        }
        assertThat(figures.path("CodesIssued").asLong()).isEqualTo(codes).isPositive();
        assertThat(figures.path("Duration").asLong()).isEqualTo(report.at("/timings/millis").asLong());

        // The invocation's own line: its DynamoDB write requests and the units DynamoDB says they cost.
        TestStack.await(() -> metricLines(stack, "IngestFunction").stream().anyMatch(j -> j.path("operation").asText().equals("invocation")),
                Duration.ofMinutes(1), "an invocation's metrics line");
        List<JsonNode> invocations = metricLines(stack, "IngestFunction").stream()
                .filter(j -> j.path("operation").asText().equals("invocation")).toList();
        assertThat(invocations).isNotEmpty().allSatisfy(j -> assertThat(declared(j)).contains("ColdStart", "WriteRequests", "WriteUnits"));
        assertThat(invocations.stream().mapToLong(j -> j.path("WriteRequests").asLong()).max().orElse(0)).isPositive();
        assertThat(invocations.stream().mapToDouble(j -> j.path("WriteUnits").asDouble()).max().orElse(0)).isPositive();
        assertThat(invocations.stream().filter(j -> j.path("ColdStart").asLong() == 1)).as("one process, one cold start").hasSizeLessThanOrEqualTo(1);

        // A re-evaluation run's line, on the function that ran it.
        stack.put("config/reevaluate.json", "{\"asOf\":\"2027-06-01\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode[] run = new JsonNode[1];
        TestStack.await(() -> {
            run[0] = metricLines(stack, "ReevaluateFunction").stream().filter(j -> j.path("operation").asText().equals("reevaluation"))
                    .findFirst().orElse(null);
            return run[0] != null;
        }, Duration.ofMinutes(3), "the run's metrics line");
        JsonNode runReport = stack.json("evaluations/" + run[0].path("runId").asText() + "/report.json");
        assertThat(run[0].path("status").asText()).isEqualTo(runReport.get("status").asText()).isEqualTo("DONE");
        assertThat(run[0].path("Customers").asLong()).isEqualTo(runReport.get("customers").asLong()).isPositive();
        assertThat(run[0].path("Changed").asLong()).isEqualTo(runReport.get("changed").asLong());
        assertThat(run[0].path("Moved").asLong()).isEqualTo(runReport.get("moved").asLong());
    }

    @Test
    void theConsoleShowsAMetricsLineReadably() throws Exception {
        String line = "{\"_aws\":{\"Timestamp\":1764500000000,\"CloudWatchMetrics\":[{\"Namespace\":\"custcode\","
                + "\"Metrics\":[{\"Name\":\"Rows\",\"Unit\":\"Count\"},{\"Name\":\"Duration\",\"Unit\":\"Milliseconds\"}],"
                + "\"Dimensions\":[[\"Service\",\"operation\"]]}]},\"Service\":\"custcode\",\"operation\":\"import\","
                + "\"Rows\":12.0,\"Duration\":1234.0,\"importId\":\"abc\"}";
        assertThat(FunctionLog.readable(line)).isEqualTo("METRICS Service=custcode operation=import Rows=12 Duration=1234 importId=abc");
    }
}
