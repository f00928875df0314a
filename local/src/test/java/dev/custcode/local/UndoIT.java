package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An import undone through {@code undo/<importId>.json}: the folders it touched are as before it, byte for byte. */
class UndoIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static final List<String> FOLDERS = List.of("north", "north/enterprise/tier-a", "north/personal/tier-c",
            "south", "south/personal/tier-c", "east", "east/enterprise/tier-a");

    private static JsonNode drop(TestStack stack, String key, String csv) {
        stack.put(key, ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8));
        return stack.awaitReport(stack.importIdOf(key), Duration.ofMinutes(2));
    }

    /**
     * The exports of the folders above, without the updatedAt column (an undo is a change too); a
     * folder everyone left has none (absent here as the empty string).
     */
    private static Map<String, String> exports(TestStack stack) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FOLDERS) {
            String csv = stack.get("groups/" + f + "/_export.csv").map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
            if (csv.isEmpty()) {
                out.put(f, "");
                continue;
            }
            StringBuilder kept = new StringBuilder();
            for (String line : csv.split("\r\n")) {
                kept.append(line, 0, line.lastIndexOf(',')).append('\n');
            }
            out.put(f, kept.toString());
        }
        return out;
    }

    @Test
    void anUndoneImportLeavesTheFoldersAsTheyWereAndRetiresWhatItCreated() throws Exception {
        TestStack stack = STACK.get();
        stack.put("incoming/sample.csv", Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv")));
        stack.awaitExport(stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(2)), Duration.ofMinutes(2));
        Map<String, String> before = exports(stack);
        assertThat(before.get("north/enterprise/tier-a")).contains("北京星河科技有限公司");

        JsonNode x = drop(stack, "incoming/x.csv", "客户编号,客户名称,省份,累计金额,订单数,邮箱\r\n"
                + "C0001,北京星河科技有限公司,北京,\"¥1,500,000\",,\r\n"             // amount changed
                + "C0003,王小明,北京,,,\r\n"                                        // moved south → north
                + "C0002,上海浦江贸易有限公司,,,,pujiang@example.com\r\n"            // a key added
                + "C0007,张伟,,,20,\r\n"                                            // changed again below
                + "N1,上海新星科技有限公司,上海,\"200,000\",3,\r\n");                 // created
        assertThat(x.at("/counts/new").asLong()).isEqualTo(1);
        assertThat(x.at("/counts/moved").asLong()).isEqualTo(1);
        stack.awaitExport(x, Duration.ofMinutes(2));
        String created = stack.customerItem("sid:N1").get("code").s();
        assertThat(exports(stack)).isNotEqualTo(before);
        drop(stack, "incoming/y.csv", "客户编号,客户名称,订单数\r\nC0007,张伟,25\r\n");

        String importId = x.get("importId").asText();
        stack.put("undo/" + importId + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        TestStack.await(() -> stack.get("exports/undo-" + importId + ".json").isPresent(), Duration.ofMinutes(2), "the undo's exports");
        JsonNode undo = stack.json("imports/" + importId + "/undo-report.json");
        assertThat(undo.get("status").asText()).isEqualTo("UNDONE");
        assertThat(undo.get("retired")).extracting(JsonNode::asText).containsExactly(created);
        assertThat(undo.at("/keptChanged").toString()).as("a field changed since is listed, not overwritten").contains("orders");
        assertThat(exports(stack)).isEqualTo(before);
        assertThat(stack.customerItem("sid:C0007").get("attrs").m().get("orders").s()).isEqualTo("25");
        assertThat(stack.customerItem("email:pujiang@example.com")).as("the key the import added is given up").isNull();
        assertThat(stack.customerItem("sid:N1")).as("a retired customer is found by no key").isNull();
        assertThat(stack.customerItem("code:" + created).get("retired").bool()).isTrue();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> gone = http.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/customers/" + created)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(410);
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/customers/" + created + "/history")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(TestStack.JSON.readTree(history.body()).at("/changes/0/kind").asText()).isEqualTo("retired");
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/imports/" + importId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(TestStack.JSON.readTree(status.body()).at("/undo/status").asText()).isEqualTo("UNDONE");
        assertThat(TestStack.JSON.readTree(status.body()).at("/undoneAt").asText()).isEqualTo(undo.get("undoneAt").asText());
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/imports")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(TestStack.JSON.readTree(list.body()).path("items").findValues("undoneAt")).as("listed as undone: %s", list.body()).hasSize(1);

        // Undoing again changes nothing and reports the same.
        stack.put("undo/" + importId + ".json", "{\"again\":true}".getBytes(StandardCharsets.UTF_8));
        stack.awaitIdle(Duration.ofMinutes(1));
        assertThat(stack.json("imports/" + importId + "/undo-report.json")).isEqualTo(undo);
        assertThat(exports(stack)).isEqualTo(before);

        // The code is never given again: a new customer gets a new number.
        JsonNode z = drop(stack, "incoming/z.csv", "客户编号,客户名称,省份,累计金额\r\nN2,上海新月科技有限公司,上海,\"200,000\"\r\n");
        assertThat(stack.customerItem("sid:N2").get("code").s()).isNotEqualTo(created);

        // A request named otherwise is read for the import it names; one that names none is answered outside undo/.
        String zId = z.get("importId").asText();
        stack.put("undo/undo yesterday.json", ("{\"importId\": \"" + zId + "\"}").getBytes(StandardCharsets.UTF_8));
        stack.put("undo/oops.json", "{\"importId\": \"last friday\"}".getBytes(StandardCharsets.UTF_8));
        // While it works the report says UNDOING (replaced when done): the answer is the report that says otherwise.
        TestStack.await(() -> stack.get("imports/" + zId + "/undo-report.json").filter(b -> !new String(b, StandardCharsets.UTF_8).contains("UNDOING")).isPresent()
                && stack.get("imports/undo-requests/oops.json").isPresent(), Duration.ofMinutes(2), "both answers");
        assertThat(stack.json("imports/" + zId + "/undo-report.json").get("status").asText()).isEqualTo("UNDONE");
        assertThat(stack.customerItem("code:" + stack.json("imports/" + zId + "/undo-report.json").at("/retired/0").asText())
                .get("retired").bool()).isTrue();
        JsonNode rejected = stack.json("imports/undo-requests/oops.json");
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("message").asText()).startsWith("undo/oops.json names no import");
    }
}
