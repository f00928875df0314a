package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A person erased on request ({@code privacy/erase/<code>.json}) through the local stack: no
 * object outside {@code incoming/} (raw uploads, which expire) and no item of any table holds
 * their phone, email or name any more, and their code stays taken.
 */
class EraseIT {
    private static final List<String> TRACES = List.of("13800138000", "138 0013 8000", "8613800138000", "wang.xm@example.com", "王小明");

    @Test
    void anErasedPersonLeavesNoTraceAndTheirCodeIsNeverGivenAgain() throws Exception {
        try (TestStack stack = TestStack.start()) {
            stack.put("incoming/sample.csv", Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv")));
            stack.awaitExport(stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(2)), Duration.ofMinutes(2));
            // C0003 王小明 gets an email (a history entry); a row with an extra field carries his phone (rejected); another
            // customer id with his phone is a conflict; C0004 gets a warning that has nothing of him.
            stack.put("incoming/later.csv", ("客户编号,客户名称,电话,邮箱,累计金额\r\n"
                    + "C0003,王小明,13800138000,wang.xm@example.com,2350\r\n"
                    + "C9001,王小明的朋友,138 0013 8000,x@example.com,1,extra\r\n"
                    + "E300,孙丽,13800138000,,\r\n"
                    + "C0004,成都天府食品厂,028-8765 4321,,abc\r\n").getBytes(StandardCharsets.UTF_8));
            JsonNode later = stack.awaitReport(stack.importIdOf("incoming/later.csv"), Duration.ofMinutes(2));
            assertThat(later.at("/counts/rejected").asLong()).as(later.toString()).isEqualTo(1);
            assertThat(later.at("/counts/conflicts").asLong()).as(later.toString()).isEqualTo(1);
            stack.awaitExport(later, Duration.ofMinutes(2));
            Map<String, AttributeValue> before = stack.customerItem("sid:C0003");
            String code = before.get("code").s();
            String folder = before.get("folder").s();
            assertThat(text(stack, "private/groups/" + folder + "/_export.csv")).contains("13800138000");
            Map<String, Long> counters = ExactlyOnceIT.counters(stack);

            // A re-evaluation a year on churns him (3 orders, the last in November 2026): his code and name are in its movements.
            stack.put("config/reevaluate.json", "{\"asOf\":\"2028-01-01\"}".getBytes(StandardCharsets.UTF_8));
            String[] movements = new String[1];
            TestStack.await(() -> {
                for (var o : stack.s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("evaluations/")).contents()) {
                    if (o.key().endsWith("/report.json") && text(stack, o.key()).contains("\"asOf\" : \"2028-01-01\"")) {
                        movements[0] = o.key().replace("report.json", "movements.csv");
                        return true;
                    }
                }
                return false;
            }, Duration.ofMinutes(2), "the re-evaluation's report");
            assertThat(text(stack, movements[0])).contains(code).contains("王小明");
            assertThat(text(stack, "private/" + movements[0])).as("the full copy").contains(code).contains("王小明");
            String top = folder.split("/")[0];
            TestStack.await(() -> text(stack, "search/customers/" + top + ".tsv").contains("王小明"), Duration.ofMinutes(2), "the search index");

            stack.put("privacy/erase/" + code + ".json", "{}".getBytes(StandardCharsets.UTF_8));
            TestStack.await(() -> stack.get("privacy/reports/" + code + ".json").isPresent(), Duration.ofMinutes(2), "the erasure's report");
            JsonNode report = TestStack.JSON.readTree(stack.get("privacy/reports/" + code + ".json").orElseThrow());
            assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("ERASED");
            assertThat(report.get("keysReleased").asInt()).as(report.toString()).isGreaterThanOrEqualTo(3);
            assertThat(report.get("rowsRemoved").size()).as("two row files and the movement list: " + report).isEqualTo(3);
            TestStack.await(() -> !text(stack, "groups/" + folder + "/_export.csv").contains(code)
                    && !text(stack, "private/groups/" + folder + "/_export.csv").contains(code)
                    && !text(stack, "search/customers/" + top + ".tsv").contains(code), Duration.ofMinutes(2), "exports without " + code);
            assertThat(report.get("rowsRemoved").has(movements[0])).as(report.toString()).isTrue();

            // Every object but the raw uploads, and every item of every table.
            List<String> keys = new ArrayList<>();
            stack.s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket())).contents().forEach(o -> keys.add(o.key()));
            assertThat(keys).contains("imports/" + later.get("importId").asText() + "/rejected.csv",
                    "private/imports/" + later.get("importId").asText() + "/conflicts.csv");
            for (String key : keys) {
                if (!key.startsWith("incoming/")) {
                    String content = text(stack, key);
                    assertThat(TRACES).as(key).noneMatch(content::contains);
                }
            }
            for (String table : List.of("CustomersTable", "CountersTable", "ImportsTable", "HistoryTable", "FoldersTable")) {
                stack.dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item ->
                        assertThat(TRACES).as("%s %s", table, item.keySet()).noneMatch(item.toString()::contains));
            }
            // The rest of the files stays: the other customer's warning, the rejected file's header.
            assertThat(text(stack, "imports/" + later.get("importId").asText() + "/warnings.csv")).contains("\"amount\",\"abc\"");

            // The code stays taken: a tombstone answers 410, and the same phone later makes a new customer.
            HttpResponse<String> gone = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    stack.runtime.apiEndpoint().resolve("/customers/" + code)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(gone.body()).contains("erased");
            assertThat(ExactlyOnceIT.counters(stack)).isEqualTo(counters);
            stack.put("incoming/again.csv", "客户名称,电话\r\n王先生,13800138000\r\n".getBytes(StandardCharsets.UTF_8));
            JsonNode again = stack.awaitReport(stack.importIdOf("incoming/again.csv"), Duration.ofMinutes(2));
            assertThat(again.at("/counts/new").asLong()).as(again.toString()).isEqualTo(1);
            assertThat(stack.customerItem("tel:8613800138000").get("code").s()).isNotEqualTo(code);
        }
    }

    @Test
    void aCustomerMergedIntoAnotherIsTakenBackFromItsSurvivorAndErased() throws Exception {
        try (TestStack stack = TestStack.start()) {
            String header = "客户名称,省份,城市,累计金额,电话,邮箱\r\n";
            stack.put("incoming/erp.csv", (header + "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,\r\n").getBytes(StandardCharsets.UTF_8));
            stack.awaitReport(stack.importIdOf("incoming/erp.csv"), Duration.ofMinutes(2));
            stack.put("incoming/shop.csv", (header + "青木贸易（有限公司）,浙江,杭州,300000,13800138000,wang.xm@example.com\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            stack.awaitReport(stack.importIdOf("incoming/shop.csv"), Duration.ofMinutes(2));
            String survivor = stack.customerItem("tel:8657188881234").get("code").s();
            String merged = stack.customerItem("tel:8613800138000").get("code").s();
            assertThat(merged).isNotEqualTo(survivor);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.runtime.apiEndpoint()
                    .resolve("/customers/" + merged + "/merge")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"into\":\"" + survivor + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(stack.customerItem("tel:8613800138000").get("code").s()).as("the survivor holds the phone").isEqualTo(survivor);

            stack.put("privacy/erase/" + merged + ".json", "{}".getBytes(StandardCharsets.UTF_8));
            TestStack.await(() -> stack.get("privacy/reports/" + merged + ".json").isPresent(), Duration.ofMinutes(2), "the erasure's report");
            JsonNode report = TestStack.JSON.readTree(stack.get("privacy/reports/" + merged + ".json").orElseThrow());
            assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("ERASED");
            assertThat(report.get("unmergedFrom").asText()).as(report.toString()).isEqualTo(survivor);
            stack.dynamo.scanPaginator(b -> b.tableName("CustomersTable").consistentRead(true)).items().forEach(item ->
                    assertThat(List.of("13800138000", "wang.xm@example.com")).as("%s", item.keySet()).noneMatch(item.toString()::contains));
            assertThat(stack.customerItem("tel:8657188881234").get("code").s()).as("the survivor stays").isEqualTo(survivor);
            assertThat(stack.get("private/stewardship/merges/" + merged + ".json")).as("the merge's records go too").isEmpty();
            List<String> itsValues = List.of("13800138000", "wang.xm@example.com", "青木贸易（有限公司）");
            stack.dynamo.scanPaginator(b -> b.tableName("HistoryTable").consistentRead(true)).items().forEach(item ->
                    assertThat(itsValues).as("%s", item).noneMatch(item.toString()::contains));
            HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.runtime.apiEndpoint()
                    .resolve("/customers/" + survivor + "/history")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(history.statusCode()).isEqualTo(200);
            assertThat(itsValues).as(history.body()).noneMatch(history.body()::contains);
            assertThat(TestStack.JSON.readTree(history.body()).findValuesAsText("kind")).as("the survivor's history still says it was merged")
                    .contains("merged", "unmerged");
            assertThat(report.get("othersHistoryItems").asInt()).as(report.toString()).isEqualTo(2);
            JsonNode changes = TestStack.JSON.readTree(history.body()).path("changes");
            JsonNode created = changes.get(changes.size() - 1);
            assertThat(created.path("kind").asText()).isEqualTo("created");
            assertThat(created.path("fields").findValuesAsText("to")).as("the survivor's own values, as it was created: %s", created)
                    .contains("杭州青木贸易有限公司", "120000");
        }
    }

    private static String text(TestStack stack, String key) {
        return stack.get(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }
}
