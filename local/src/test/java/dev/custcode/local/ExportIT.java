package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The folder tree on S3 is the DynamoDB state, folder by folder, row by row, and safe to open in Excel. */
class ExportIT {
    private static TestStack stack;
    private static JsonNode moveReport;

    @BeforeAll
    static void importAndMove() throws Exception {
        stack = TestStack.start();
        stack.put("incoming/sample.csv", Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv")));
        JsonNode first = stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(2));
        stack.awaitExport(first, Duration.ofMinutes(2));
        String hostile = "\uFEFF客户编号,客户名称,省份,电话\r\nX1,\"=HYPERLINK(\"\"http://x\"\")\",北京,13800000011\r\nX2,@SUM(A1),上海,13800000012\r\n"
                // C0003 王小明 moves from 广东 (south) to 北京 (north); his code stays.
                + "C0003,王小明,北京,13800138000\r\n";
        stack.put("incoming/move.csv", hostile.getBytes(StandardCharsets.UTF_8));
        moveReport = stack.awaitReport(stack.importIdOf("incoming/move.csv"), Duration.ofMinutes(2));
        stack.awaitExport(moveReport, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    /** code, name, folder of every customer in a folder and below, by code, straight from DynamoDB. */
    private static List<List<String>> dynamoState(String folder) {
        List<List<String>> rows = new ArrayList<>();
        stack.dynamo.scanPaginator(b -> b.tableName("CustomersTable").consistentRead(true)).items().forEach(i -> {
            String f = i.containsKey("folder") ? i.get("folder").s() : "";
            if (f.equals(folder) || f.startsWith(folder + "/")) {
                rows.add(List.of(i.get("code").s(), i.get("attrs").m().get("name").s(), f));
            }
        });
        rows.sort(Comparator.comparing(r -> r.get(0)));
        return rows;
    }

    /** code, name (unguarded), folder of every row of a folder's export, in file order. */
    private static List<List<String>> exportRows(String folder) throws Exception {
        byte[] bytes = stack.get("groups/" + folder + "/_export.csv").orElseThrow();
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(new ByteArrayInputStream(bytes))) {
            for (NamedCsvRecord r : csv) {
                String name = r.getField("name");
                rows.add(List.of(r.getField("code"), name.startsWith("'") ? name.substring(1) : name, r.getField("folder")));
            }
        }
        return rows;
    }

    private static List<String> allFolders(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            out.add(child.get("path").asText());
            out.addAll(allFolders(child));
        }
        return out;
    }

    @Test
    void everyExportEqualsTheDynamoDbStateOfItsFolder() throws Exception {
        JsonNode index = stack.json("groups/_index.json");
        List<String> folders = allFolders(index);
        assertThat(folders).contains("north", "north/personal", "north/personal/tier-c", "south");
        for (String folder : folders) {
            assertThat(exportRows(folder)).as(folder).isEqualTo(dynamoState(folder));
            assertThat(stack.get("groups/" + folder + "/_summary.json")).as(folder).isPresent();
        }
    }

    @Test
    void aMovedCustomerKeepsItsCodeAndLeavesItsOldFolder() throws Exception {
        assertThat(moveReport.at("/counts/moved").asLong()).isEqualTo(1);
        var wang = stack.customerItem("sid:C0003");
        assertThat(wang.get("folder").s()).isEqualTo("north/personal/tier-c");
        assertThat(wang.get("code").s()).as("the code from its first folder stays").startsWith("SP");
        assertThat(exportRows("south")).extracting(r -> r.get(0)).doesNotContain(wang.get("code").s());
        assertThat(exportRows("north/personal/tier-c")).extracting(r -> r.get(0)).contains(wang.get("code").s());
        var history = stack.dynamo.query(b -> b.tableName("HistoryTable").keyConditionExpression("code = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(wang.get("code").s())))).items();
        // One change since its creation: the move, with the field that caused it.
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.get("fields").l()).extracting(f -> f.m().get("field").s()).containsExactly("province");
            assertThat(h.get("from").s()).isEqualTo("south/personal/tier-c");
            assertThat(h.get("to").s()).isEqualTo("north/personal/tier-c");
        });
    }

    @Test
    void anExportDroppedBackAfterItsDataChangedKeepsTheChangeAndSaysSo() throws Exception {
        JsonNode a = importAndExport("incoming/site-a.csv", "Customer Id,Website\nC0002,https://a.example\n");
        assertThat(a.at("/counts/updated").asLong()).isEqualTo(1);
        String folder = stack.customerItem("sid:C0002").get("folder").s();
        byte[] old = stack.get("groups/" + folder + "/_export.csv").orElseThrow();
        assertThat(new String(old, StandardCharsets.UTF_8)).contains("https://a.example");
        importAndExport("incoming/site-b.csv", "Customer Id,Website\nC0002,https://b.example\n");

        // The copy taken before, dropped back: its website is older than the stored one (the history, read under the function's policy, says so).
        stack.put("incoming/old-export.csv", old);
        JsonNode back = stack.awaitReport(stack.importIdOf("incoming/old-export.csv"), Duration.ofMinutes(2));
        assertThat(back.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(stack.customerItem("sid:C0002").get("attrs").m().get("website").s()).isEqualTo("https://b.example");
        assertThat(back.at("/counts/warnings").asLong()).isEqualTo(1);
        assertThat(new String(stack.get(back.get("warningsFile").asText()).orElseThrow(), StandardCharsets.UTF_8))
                .contains("\"website\",\"https://a.example\",\"not applied: the stored value changed after this export was made");
    }

    private static JsonNode importAndExport(String key, String csv) {
        stack.put(key, csv.getBytes(StandardCharsets.UTF_8));
        JsonNode report = stack.awaitReport(stack.importIdOf(key), Duration.ofMinutes(2));
        stack.awaitExport(report, Duration.ofMinutes(2));
        return report;
    }

    @Test
    void formulasArriveGuardedAndChineseIntact() throws Exception {
        byte[] bytes = stack.get("groups/north/_export.csv").orElseThrow();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xEF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"'=HYPERLINK(\"\"http://x\"\")\"").doesNotContain(",=HYPERLINK").doesNotContain("\"=HYPERLINK");
        assertThat(new String(stack.get("groups/east/_export.csv").orElseThrow(), StandardCharsets.UTF_8)).contains("\"'@SUM(A1)\"");
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(new ByteArrayInputStream(bytes))) {
            List<NamedCsvRecord> rows = csv.stream().toList();
            assertThat(rows.get(0).getHeader().get(0)).as("the BOM is not part of the first header").isEqualTo("code");
            assertThat(rows).extracting(r -> r.getField("region")).containsOnly("华北 North China");
            assertThat(rows).extracting(r -> r.getField("name")).contains("北京星河科技有限公司");
        }
    }

    private static long checkCounts(JsonNode node) {
        long sum = 0;
        if (!node.has("children")) {
            return node.get("count").asLong();
        }
        for (JsonNode child : node.get("children")) {
            sum += checkCounts(child);
        }
        if (node.has("count")) {
            assertThat(node.get("count").asLong()).as(node.path("path").asText()).isEqualTo(sum);
        }
        return sum;
    }

    @Test
    void indexCountsAreTheSumsOfTheirLeaves() {
        JsonNode index = stack.json("groups/_index.json");
        assertThat(checkCounts(index)).isEqualTo(index.get("total").asLong()).isEqualTo(14);
        JsonNode north = stack.json("groups/north/_summary.json");
        assertThat(north.get("total").asLong()).isEqualTo(4);
        assertThat(north.get("children")).extracting(c -> c.get("folder").asText()).containsExactly("enterprise", "personal");
        assertThat(north.get("importIds").toString()).contains(moveReport.get("importId").asText());
    }

    @Test
    void repeatedAndConcurrentExportsConvergeOnTheSameFiles() throws Exception {
        String manifest = "manifests/" + moveReport.get("importId").asText() + ".json";
        byte[] before = stack.get("groups/north/_export.csv").orElseThrow();
        stack.runtime.redeliver(manifest);
        stack.runtime.redeliver(manifest);
        stack.awaitIdle(Duration.ofMinutes(2));
        assertThat(stack.runtime.failedEvents()).isEmpty();
        assertThat(stack.get("groups/north/_export.csv").orElseThrow()).isEqualTo(before);
        for (String folder : allFolders(stack.json("groups/_index.json"))) {
            assertThat(exportRows(folder)).as(folder).isEqualTo(dynamoState(folder));
        }
    }
}
