package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An export longer than its function's timeout: the export functions' timeouts are forced to 10 s
 * (the local runtime ends an invocation that runs longer), so a folder of 40,000 customers is
 * written by several invocations chained through the template's ExportsQueue, each resuming the
 * multipart uploads of the one before. The files equal the table, and no invocation was ended.
 */
class LongExportIT {
    private static final int CUSTOMERS = 40_000;
    private static final String FOLDER = "europe/enterprise/tier-c";

    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass(() -> TestStack.ROOT.resolve("template.yaml"),
            c -> c.withTimeout("ExportFunction", 10).withTimeout("ExportContinuationFunction", 10));

    @Test
    void aFolderTooLargeForOneInvocationIsExportedByChainedInvocations() throws Exception {
        TestStack stack = STACK.get();
        BenchItems.batchWrite(stack.dynamo, "CustomersTable", CUSTOMERS, FOLDER);
        stack.dynamo.putItem(b -> b.tableName("FoldersTable").item(Map.of("folder", AttributeValue.fromS(FOLDER),
                "lastChange", AttributeValue.fromS(Instant.now().minusSeconds(1).toString()),
                "importIds", AttributeValue.fromL(List.of(AttributeValue.fromS("long"))))));
        stack.put("manifests/long.json", ("{\"cause\":\"long\",\"at\":\"" + Instant.now() + "\",\"folders\":[\"" + FOLDER + "\"]}")
                .getBytes(StandardCharsets.UTF_8));

        TestStack.await(() -> stack.get("exports/long.json").isPresent(), Duration.ofMinutes(10), "the export's report");
        JsonNode report = stack.json("exports/long.json");
        assertThat(report.get("invocations").asInt()).as(report.toString()).isGreaterThanOrEqualTo(2);
        assertThat(report.get("rows").asLong()).isEqualTo(CUSTOMERS);
        assertThat(report.get("total").asLong()).isEqualTo(CUSTOMERS);

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            expected.add(String.format("UEZ%06d", i));
        }
        byte[] leaf = stack.get("groups/" + FOLDER + "/_export.csv").orElseThrow();
        assertThat(leaf.length).as("larger than one part, so written as a multipart upload").isGreaterThan(6 * 1024 * 1024);
        assertThat(codes(leaf)).as("every customer once, in code order").isEqualTo(expected);
        assertThat(stack.get("groups/europe/_export.csv").orElseThrow()).as("the ancestors hold the same rows").isEqualTo(leaf);
        assertThat(stack.get("groups/europe/enterprise/_export.csv").orElseThrow()).isEqualTo(leaf);
        assertThat(stack.json("groups/_index.json").get("total").asLong()).isEqualTo(CUSTOMERS);

        List<String> reports = new ArrayList<>(stack.functionLog("ExportFunction"));
        reports.addAll(stack.functionLog("ExportContinuationFunction"));
        reports.removeIf(l -> !l.startsWith("REPORT "));
        assertThat(reports).as("one invocation per step, none ended by its timeout")
                .hasSize(report.get("invocations").asInt()).noneMatch(l -> l.contains("Status: timeout"));
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }

    private static List<String> codes(byte[] csv) throws Exception {
        List<String> codes = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(new ByteArrayInputStream(csv))) {
            for (NamedCsvRecord r : reader) {
                codes.add(r.getField("code"));
            }
        }
        return codes;
    }
}
