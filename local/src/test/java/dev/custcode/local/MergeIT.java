package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A steward merges two codes of one company through the API and through the bucket, and undoes
 * it: the merged code answers 301, a later row of the merged customer updates the survivor, the
 * exports and the index count one customer, the undo restores both with their codes, and a merge
 * racing an import of both customers loses nothing.
 */
class MergeIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String HEADER = "客户名称,省份,城市,累计金额,电话,邮箱,行业\r\n";

    @Test
    void twoCodesOfOneCompanyBecomeOneAndComeApartAgain() throws Exception {
        try (TestStack stack = TestStack.start()) {
            String erp = HEADER + "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,,\r\n"
                    + "宁波海星物流有限公司,浙江,宁波,50000,0574-8765 4321,,\r\n"
                    + "南京金陵电子有限公司,江苏,南京,80000,025-5555 6666,,\r\n";
            JsonNode first = drop(stack, "incoming/erp.csv", erp);
            assertThat(first.at("/counts/new").asLong()).isEqualTo(3);
            JsonNode second = drop(stack, "incoming/shop.csv", HEADER + "青木贸易（有限公司）,浙江,杭州,300000,,sales@qingmu.example,批发\r\n");
            assertThat(second.at("/counts/new").asLong()).isEqualTo(1);
            stack.awaitIdle(WAIT);
            assertThat(stack.json("groups/_index.json").get("total").asLong()).isEqualTo(4);
            String survivor = codeOf(stack, "phone", "0571-8888 1234");
            String merged = codeOf(stack, "email", "sales@qingmu.example");
            assertThat(survivor).isNotEqualTo(merged);

            // Through the API.
            HttpResponse<String> r = call(stack, "POST", "/customers/" + merged + "/merge", "{\"into\":\"" + survivor + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(TestStack.JSON.readTree(r.body()).get("status").asText()).isEqualTo("MERGED");
            HttpResponse<String> moved = call(stack, "GET", "/customers/" + merged, null);
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.headers().firstValue("Location")).hasValue("/customers/" + survivor);
            JsonNode s = TestStack.JSON.readTree(call(stack, "GET", "/customers/" + survivor, null).body());
            assertThat(s.toString()).as("the value it lacked").contains("批发");
            assertThat(codeOf(stack, "email", "sales@qingmu.example")).isEqualTo(survivor);
            stack.awaitIdle(WAIT);
            assertThat(stack.json("groups/_index.json").get("total").asLong()).as("one customer where there were two").isEqualTo(3);
            assertThat(exports(stack)).contains(survivor).doesNotContain(merged);

            // A later file of the merged customer's system updates the survivor and creates nothing.
            JsonNode again = drop(stack, "incoming/shop-again.csv", HEADER + "青木贸易（有限公司）,浙江,杭州,310000,,sales@qingmu.example,批发\r\n");
            assertThat(again.at("/counts/new").asLong()).isZero();
            assertThat(again.at("/counts/updated").asLong()).isEqualTo(1);
            JsonNode byCode = drop(stack, "incoming/by-code.csv", "客户编码,累计金额\r\n" + merged + ",320000\r\n");
            assertThat(byCode.at("/counts/rejected").asLong()).isZero();
            assertThat(byCode.at("/counts/updated").asLong()).isEqualTo(1);
            stack.awaitIdle(WAIT);
            assertThat(stack.json("groups/_index.json").get("total").asLong()).isEqualTo(3);

            // Undone through the bucket: both back, codes unchanged.
            JsonNode undone = request(stack, "stewardship/unmerge/undo-1.json", "{\"code\":\"" + survivor + "\"}", "undo-1");
            assertThat(undone.get("status").asText()).as(undone.toString()).isEqualTo("UNMERGED");
            assertThat(call(stack, "GET", "/customers/" + merged, null).statusCode()).isEqualTo(200);
            assertThat(codeOf(stack, "email", "sales@qingmu.example")).isEqualTo(merged);
            assertThat(codeOf(stack, "phone", "0571-8888 1234")).isEqualTo(survivor);
            stack.awaitIdle(WAIT);
            assertThat(stack.json("groups/_index.json").get("total").asLong()).isEqualTo(4);

            // Merged through the bucket; a request that cannot be done is answered, not retried.
            JsonNode done = request(stack, "stewardship/merge/qingmu.json", "{\"code\":\"" + merged + "\",\"into\":\"" + survivor + "\"}", "qingmu");
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("MERGED");
            assertThat(call(stack, "GET", "/customers/" + merged, null).statusCode()).isEqualTo(301);
            JsonNode refused = request(stack, "stewardship/merge/self.json", "{\"code\":\"" + survivor + "\",\"into\":\"" + survivor + "\"}", "self");
            assertThat(refused.get("status").asText()).isEqualTo("REFUSED");
            HttpResponse<String> unmerged = call(stack, "POST", "/customers/" + survivor + "/unmerge", "{}");
            assertThat(unmerged.statusCode()).as(unmerged.body()).isEqualTo(200);
            assertThat(call(stack, "GET", "/customers/" + merged, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMergeRacingAnImportOfBothCustomersLosesNothing() throws Exception {
        try (TestStack stack = TestStack.start()) {
            drop(stack, "incoming/erp.csv", HEADER + "杭州青木贸易有限公司,浙江,杭州,120000,0571-8888 1234,,\r\n"
                    + "青木贸易,浙江,杭州,300000,,sales@qingmu.example,批发\r\n");
            String survivor = codeOf(stack, "phone", "0571-8888 1234");
            String merged = codeOf(stack, "email", "sales@qingmu.example");
            StringBuilder file = new StringBuilder(HEADER).append("杭州青木贸易有限公司,浙江,杭州,130000,0571-8888 1234,,\r\n");
            for (int i = 0; i < 1500; i++) {
                file.append("客户").append(i).append("有限公司,浙江,杭州,").append(1000 + i).append(",0571-7").append(String.format("%06d", i)).append(",,\r\n");
            }
            file.append("青木贸易,浙江,杭州,350000,,sales@qingmu.example,零售\r\n");
            stack.put("incoming/both.csv", file.toString().getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = call(stack, "POST", "/customers/" + merged + "/merge", "{\"into\":\"" + survivor + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode report = stack.awaitReport(stack.importIdOf("incoming/both.csv"), WAIT);

            assertThat(report.at("/counts/rejected").asLong()).isZero();
            assertThat(report.at("/counts/conflicts").asLong()).isZero();
            assertThat(report.at("/counts/new").asLong()).as("the merged customer's row made no customer").isEqualTo(1500);
            JsonNode s = TestStack.JSON.readTree(call(stack, "GET", "/customers/" + survivor, null).body());
            assertThat(s.toString()).as("the file's later line, whoever wrote first").contains("零售");
            assertThat(call(stack, "GET", "/customers/" + merged, null).statusCode()).isEqualTo(301);
            assertThat(codeOf(stack, "email", "sales@qingmu.example")).isEqualTo(survivor);
            assertThat(codeOf(stack, "phone", "0571-8888 1234")).isEqualTo(survivor);
            stack.awaitIdle(WAIT);
            assertThat(stack.json("groups/_index.json").get("total").asLong()).isEqualTo(1501);
        }
    }

    private static JsonNode drop(TestStack stack, String key, String csv) {
        stack.put(key, csv.getBytes(StandardCharsets.UTF_8));
        return stack.awaitReport(stack.importIdOf(key), WAIT);
    }

    private static JsonNode request(TestStack stack, String key, String body, String name) {
        stack.put(key, body.getBytes(StandardCharsets.UTF_8));
        String result = "stewardship/results/" + name + ".json";
        TestStack.await(() -> stack.get(result).isPresent(), WAIT, result);
        return stack.json(result);
    }

    private static String codeOf(TestStack stack, String field, String value) throws Exception {
        HttpResponse<String> r = call(stack, "GET", "/customers?" + field + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode found = TestStack.JSON.readTree(r.body()).get("customers");
        assertThat(found).as(r.body()).hasSize(1);
        return found.get(0).get("code").asText();
    }

    private static String exports(TestStack stack) throws Exception {
        StringBuilder all = new StringBuilder();
        java.util.List<String> keys = new java.util.ArrayList<>();
        stack.s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix("groups/")).contents().forEach(o -> keys.add(o.key()));
        for (String key : keys) {
            if (key.endsWith("_export.csv")) {
                all.append(new String(stack.get(key).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static HttpResponse<String> call(TestStack stack, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve(path));
        request = method.equals("POST") ? request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json") : request.GET();
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
