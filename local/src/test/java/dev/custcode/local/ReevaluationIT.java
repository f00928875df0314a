package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.scheme.SchemeLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Re-evaluation runs on the local stack, as an operator starts them: {@code config/reevaluate.json}
 * with an as-of date a year later, and a new scheme (Pareto tiers, one more folder level) that
 * re-files everyone. Runs in order: the second test works on what the first left. Each invocation
 * of a run works 1 s here, so long runs go on in further invocations as they would past 900 s in AWS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReevaluationIT {
    @RegisterExtension
    /** Invocations of 1 s of work: re-filing a thousand customers takes a run several, as a long run would past 900 s in AWS. */
    static final StackPerClass STACK = new StackPerClass(() -> TestStack.ROOT.resolve("template.yaml"),
            c -> c.withParameter("ReevaluationStepSeconds", "1"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CUSTOMERS = 1000;

    /** A thousand customers with distinct amounts; lifecycle from orders and the last order date. */
    private static String thousand() {
        StringBuilder csv = new StringBuilder("\uFEFF客户编号,客户名称,省份,累计金额,订单数,最近下单日期\r\n");
        Random random = new Random(2026);
        List<Integer> amounts = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            amounts.add(1000 + i * 97);
        }
        java.util.Collections.shuffle(amounts, random);
        String[] provinces = {"北京", "浙江", "广东", "四川"};
        for (int i = 0; i < CUSTOMERS; i++) {
            csv.append("K").append(i).append(",客户").append(i).append(i % 3 == 0 ? "有限公司" : "").append(',')
                    .append(provinces[i % provinces.length]).append(',').append(amounts.get(i)).append(',').append(i % 15)
                    .append(",2026-").append(String.format("%02d", 1 + i % 11)).append("-10\r\n");
        }
        return csv.toString();
    }

    /** code → lifecycle, folder, version of every customer (from DynamoDB, not from the exports). */
    private static Map<String, String[]> customers(TestStack stack) {
        Map<String, String[]> out = new TreeMap<>();
        stack.dynamo.scanPaginator(b -> b.tableName(stack.functionEnvironment().customersTable())).items().forEach(item -> {
            if (item.containsKey("folder")) {
                Map<String, AttributeValue> dims = item.get("dims").m();
                out.put(item.get("code").s(), new String[]{dims.get("lifecycle").s(), item.get("folder").s(), item.get("version").n(),
                        dims.get("tier").s()});
            }
        });
        return out;
    }

    /** The run whose report appears next (one not in {@code seen}), once its exports are written too. */
    private static JsonNode awaitRun(TestStack stack, Set<String> seen, String cause) {
        String[] found = new String[1];
        TestStack.await(() -> {
            for (String key : keys(stack, "evaluations/")) {
                if (key.endsWith("/report.json") && !seen.contains(key) && stack.json(key).get("cause").asText().equals(cause)) {
                    found[0] = key;
                    return true;
                }
            }
            return false;
        }, Duration.ofMinutes(3), "a " + cause + " run's report");
        JsonNode report = stack.json(found[0]);
        seen.add(found[0]);
        if (report.path("folders").size() > 0 && !report.has("draft")) {
            String export = "exports/" + report.get("runId").asText() + ".json";
            TestStack.await(() -> stack.get(export).isPresent(), Duration.ofMinutes(3), "the run's exports " + export);
        }
        return report;
    }

    /** key → ETag of everything under groups/, private/groups/, search/ and manifests/. */
    private static Map<String, String> etags(TestStack stack) {
        Map<String, String> out = new TreeMap<>();
        for (String prefix : List.of("groups/", "private/groups/", "search/", "manifests/")) {
            stack.s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix(prefix)).contents().forEach(o -> out.put(o.key(), o.eTag()));
        }
        return out;
    }

    private static List<String> keys(TestStack stack, String prefix) {
        List<String> keys = new ArrayList<>();
        stack.s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    private static Set<String> reports(TestStack stack) {
        Set<String> out = new TreeSet<>();
        keys(stack, "evaluations/").stream().filter(k -> k.endsWith("/report.json")).forEach(out::add);
        return out;
    }

    private static JsonNode api(TestStack stack, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return TestStack.JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void aYearLaterCustomersWhoStoppedOrderingAreChurnedNoCodeChangesAndARunWithNothingToDoWritesNothing() throws Exception {
        TestStack stack = STACK.get();
        stack.put("incoming/thousand.csv", thousand().getBytes(StandardCharsets.UTF_8));
        JsonNode imported = stack.awaitReport(stack.importIdOf("incoming/thousand.csv"), Duration.ofMinutes(3));
        assertThat(imported.at("/counts/new").asLong()).isEqualTo(CUSTOMERS);
        stack.awaitExport(imported, Duration.ofMinutes(3));
        Map<String, String[]> before = customers(stack);
        assertThat(before).hasSize(CUSTOMERS);
        long churnedBefore = before.values().stream().filter(c -> c[0].equals("churned")).count();
        Set<String> seen = reports(stack);

        stack.put("config/reevaluate.json", "{\"asOf\":\"2027-12-01\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode run = awaitRun(stack, seen, "request");

        Map<String, String[]> after = customers(stack);
        assertThat(after.keySet()).as("codes never change").isEqualTo(before.keySet());
        // Everyone with an order last ordered in 2026: by 2027-12-01 that is over 365 days for all.
        assertThat(after.values()).allMatch(c -> c[0].equals("churned") || c[0].equals("potential"));
        long ordering = before.values().stream().filter(c -> !c[0].equals("potential")).count();
        assertThat(run.get("status").asText()).isEqualTo("DONE");
        assertThat(run.get("asOf").asText()).isEqualTo("2027-12-01");
        assertThat(run.get("customers").asLong()).isEqualTo(CUSTOMERS);
        // What GET /evaluations/{runId} answered while it ran, as last written: every customer, of those the exports counted.
        JsonNode progress = stack.json("evaluations/" + run.get("runId").asText() + "/progress.json");
        assertThat(progress.get("phase").asText()).isEqualTo("evaluating");
        assertThat(progress.get("customersRead").asLong()).isEqualTo(CUSTOMERS);
        assertThat(progress.get("customers").asLong()).isEqualTo(CUSTOMERS);
        assertThat(run.get("changed").asLong()).isEqualTo(ordering - churnedBefore).isPositive();
        assertThat(run.get("moved").asLong()).as("lifecycle is filed in no folder of the default scheme").isZero();
        long written = after.entrySet().stream().filter(e -> !e.getValue()[2].equals(before.get(e.getKey())[2])).count();
        assertThat(written).isEqualTo(run.get("changed").asLong());
        long loyalToChurned = run.at("/matrix/lifecycle/loyal/churned").asLong();
        assertThat(loyalToChurned).isEqualTo(before.values().stream().filter(c -> c[0].equals("loyal")).count()).isPositive();
        String movements = new String(stack.get(run.get("movements").asText()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(movements).startsWith("\uFEFF\"code\",\"name\",\"from folder\",\"to folder\",\"reason\"");
        assertThat(movements.split("\r\n")).hasSize(1 + (int) run.get("changed").asLong());
        assertThat(movements).contains("lifecycle loyal → churned");

        String code = after.entrySet().stream().filter(e -> before.get(e.getKey())[0].equals("loyal")).findFirst().orElseThrow().getKey();
        JsonNode history = api(stack, "/customers/" + code + "/history");
        assertThat(history.toString()).contains(run.get("runId").asText()).contains("dimension:lifecycle");
        JsonNode viaApi = api(stack, "/evaluations/" + run.get("runId").asText());
        assertThat(viaApi.get("changed").asLong()).isEqualTo(run.get("changed").asLong());
        assertThat(viaApi.at("/links/movements").asText()).contains("X-Amz-Signature=");
        assertThat(api(stack, "/evaluations").get("items")).extracting(n -> n.get("runId").asText()).contains(run.get("runId").asText());

        // Folder statistics follow the run, and the search index finds the churned by folder and name.
        JsonNode north = api(stack, "/groups/north");
        long northCount = after.values().stream().filter(c -> c[1].startsWith("north/")).count();
        assertThat(north.at("/statistics/count").asLong()).isEqualTo(northCount);
        assertThat(north.at("/statistics/mix/lifecycle/churned").asLong())
                .isEqualTo(after.values().stream().filter(c -> c[1].startsWith("north/") && c[0].equals("churned")).count());
        assertThat(north.at("/statistics/sinceLastRun/runId").asText()).isEqualTo(run.get("runId").asText());
        assertThat(north.at("/statistics/amount/sum").asLong()).isPositive();
        JsonNode churnedNorth = api(stack, "/customers?folder=north&lifecycle=churned&limit=500");
        assertThat(churnedNorth.get("customers")).hasSize((int) Math.min(500, north.at("/statistics/mix/lifecycle/churned").asLong()))
                .allSatisfy(c -> assertThat(c.get("folder").asText()).startsWith("north/"));
        JsonNode byName = api(stack, "/customers?name=" + java.net.URLEncoder.encode("客户12有限", StandardCharsets.UTF_8));
        assertThat(byName.get("customers")).extracting(c -> c.get("name").asText()).contains("客户12有限公司")
                .allMatch(n -> n.contains("客户12") && n.contains("有限"));

        stack.put("config/reevaluate.json", "{\"asOf\":\"2027-12-01\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode again = awaitRun(stack, seen, "request");
        assertThat(again.get("runId").asText()).isNotEqualTo(run.get("runId").asText());
        assertThat(again.get("changed").asLong()).isZero();
        assertThat(customers(stack)).as("no customer written").usingRecursiveComparison().isEqualTo(after);

        stack.put("config/reevaluate.json", "{\"asOf\":\"next tuesday\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode rejected = awaitRun(stack, seen, "request");
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("message").asText()).contains("YYYY-MM-DD");
    }

    /** The default scheme with Pareto tiers (top 20 % → A, next 30 % → B), lifecycle as a fourth folder level, names personal. */
    private static byte[] paretoWithLifecycleFolders() throws Exception {
        ObjectNode scheme = (ObjectNode) TestStack.JSON.readTree(SchemeLoader.defaultSchemeJson());
        scheme.put("name", "pareto-lifecycle");
        for (JsonNode d : scheme.withArray("dimensions")) {
            if (d.get("name").asText().equals("tier")) {
                ArrayNode rules = ((ObjectNode) d).putArray("rules");
                rules.addObject().put("field", "amount").put("topPercent", 20).put("value", "a");
                rules.addObject().put("field", "amount").put("topPercent", 50).put("value", "b");
            }
        }
        scheme.putArray("folders").add("region").add("type").add("tier").add("lifecycle");
        // Names are personal data under this scheme: masked in movements.csv, in full under private/.
        ((ObjectNode) scheme.get("fields").get("name")).put("pii", true);
        return TestStack.JSON.writeValueAsBytes(scheme);
    }

    @Test
    @Order(2)
    void aNewSchemeWithParetoTiersAndAnotherFolderLevelRefilesEveryoneAndLeavesNoStaleFolder() throws Exception {
        TestStack stack = STACK.get();
        Map<String, String[]> before = customers(stack);
        assertThat(before).hasSize(CUSTOMERS);
        Set<String> seen = reports(stack);

        // First a preview of the same scheme as a draft: it reports what the real run will move and changes nothing.
        Map<String, String> filesBefore = etags(stack);
        String latestBefore = new String(stack.get("evaluations/latest.json").orElseThrow(), StandardCharsets.UTF_8);
        // Named as people name files: another script, a space, a folder (the event's key arrives URL-encoded).
        stack.put("config/drafts/团队/pareto lifecycle.json", paretoWithLifecycleFolders());
        JsonNode preview = awaitRun(stack, seen, "draft");
        assertThat(preview.get("status").asText()).as(preview.toString()).isEqualTo("DONE");
        assertThat(preview.get("draft").asText()).isEqualTo("团队/pareto lifecycle");
        assertThat(preview.get("moved").asLong()).isEqualTo(CUSTOMERS);
        Map<String, String[]> afterPreview = customers(stack);
        assertThat(afterPreview.keySet()).isEqualTo(before.keySet());
        afterPreview.forEach((code, c) -> assertThat(c).as(code).containsExactly(before.get(code)));
        assertThat(etags(stack)).as("no export, summary or index touched").isEqualTo(filesBefore);
        assertThat(new String(stack.get("evaluations/latest.json").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(latestBefore);
        assertThat(api(stack, "/evaluations").get("items")).anySatisfy(r -> assertThat(r.path("draft").asText()).isEqualTo("团队/pareto lifecycle"));

        stack.put("config/scheme.json", paretoWithLifecycleFolders());
        JsonNode run = awaitRun(stack, seen, "scheme");
        for (String count : List.of("customers", "changed", "moved", "unchanged", "matrix", "thresholds", "folders")) {
            assertThat(run.get(count)).as("the real run's %s is the preview's", count).isEqualTo(preview.get(count));
        }
        // Names masked in the movement lists (客户12有限公司 → 客***), in full only under private/.
        for (JsonNode r : List.of(preview, run)) {
            String key = r.get("movements").asText();
            String masked = new String(stack.get(key).orElseThrow(), StandardCharsets.UTF_8);
            String full = new String(stack.get("private/" + key).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(masked.split("\r\n")).hasSize(1 + CUSTOMERS);
            assertThat(masked).contains("\"客***\"").doesNotContain("客户12有限公司");
            assertThat(full.split("\r\n")).hasSize(1 + CUSTOMERS);
            assertThat(full).contains("\"客户12有限公司\"");
        }

        assertThat(run.get("scheme").asText()).isEqualTo("pareto-lifecycle");
        assertThat(run.get("attempt").asInt()).as("ran out of time and went on through evaluations/<runId>/continue.json").isGreaterThan(1);
        Map<String, String[]> after = customers(stack);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.values()).allMatch(c -> c[1].split("/").length == 4 && c[1].endsWith("/" + c[0]));
        assertThat(run.get("moved").asLong()).isEqualTo(CUSTOMERS);
        Map<String, Long> tiers = new TreeMap<>();
        after.values().forEach(c -> tiers.merge(c[3], 1L, Long::sum));
        assertThat(tiers).isEqualTo(Map.of("a", 200L, "b", 300L, "c", 500L));
        assertThat(run.at("/thresholds").has("amount:20")).isTrue();

        // No stale folder: every export and summary under groups/ is a folder someone is filed in or under.
        Map<String, Long> perFolder = new HashMap<>();
        after.values().forEach(c -> {
            String[] parts = c[1].split("/");
            for (int i = 1; i <= parts.length; i++) {
                perFolder.merge(String.join("/", java.util.Arrays.copyOf(parts, i)), 1L, Long::sum);
            }
        });
        for (String key : keys(stack, "groups/")) {
            if (key.equals("groups/_index.json")) {
                continue;
            }
            String folder = key.substring("groups/".length(), key.lastIndexOf('/'));
            assertThat(perFolder).as("stale %s", key).containsKey(folder);
            if (key.endsWith("/_export.csv")) {
                String csv = new String(stack.get(key).orElseThrow(), StandardCharsets.UTF_8);
                assertThat(csv.split("\r\n").length - 1L).as(key).isEqualTo(perFolder.get(folder));
            }
        }
        for (String key : keys(stack, "private/groups/")) {
            String folder = key.substring("private/groups/".length(), key.lastIndexOf('/'));
            assertThat(perFolder).as("stale %s", key).containsKey(folder);
        }
        JsonNode index = stack.json("groups/_index.json");
        assertThat(index.get("levels")).hasSize(4);
        assertThat(index.get("total").asLong()).isEqualTo(CUSTOMERS);
        assertThat(leafSum(index.get("children"))).isEqualTo(CUSTOMERS);
        assertThat(api(stack, "/groups").get("total").asLong()).isEqualTo(CUSTOMERS);
    }

    @Test
    @Order(3)
    void theScheduledRunEvaluatesAsOfItsDayOncePerDay() throws Exception {
        TestStack stack = STACK.get();
        Map<String, String[]> before = customers(stack);
        String event = "{\"version\":\"0\",\"id\":\"it\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"000000000000\",\"time\":\"2031-01-01T02:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/it\"],\"detail\":{}}";
        FunctionProcess.Invocation first = stack.runtime.invoke("ScheduledReevaluationFunction", event);
        assertThat(first.ok()).as(first.body()).isTrue();
        assertThat(first.body()).contains("20310101T000000Z-schedule-");
        String runId = first.body().replace("\"", "").split(" ")[0];
        // Eight years on everyone churns: more than 1 s of work, so the run goes on in the request function.
        String export = "exports/" + runId + ".json";
        TestStack.await(() -> stack.get(export).isPresent(), Duration.ofMinutes(3), "the scheduled run and its exports");
        JsonNode report = stack.json("evaluations/" + runId + "/report.json");
        assertThat(report.get("status").asText()).isEqualTo("DONE");
        assertThat(report.get("cause").asText()).isEqualTo("schedule");
        assertThat(report.get("asOf").asText()).isEqualTo("2031-01-01");
        assertThat(report.get("customers").asLong()).isEqualTo(CUSTOMERS);
        Map<String, String[]> after = customers(stack);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        // Fired again the same day: the same run, answered as it is, nothing written.
        FunctionProcess.Invocation again = stack.runtime.invoke("ScheduledReevaluationFunction", event.replace("T02:00", "T23:00"));
        assertThat(again.body()).contains(runId).contains("DONE");
        assertThat(customers(stack)).usingRecursiveComparison().isEqualTo(after);
    }

    private static long leafSum(JsonNode children) {
        long sum = 0;
        for (JsonNode c : children) {
            sum += c.has("children") ? leafSum(c.get("children")) : c.get("count").asLong();
        }
        return sum;
    }
}
