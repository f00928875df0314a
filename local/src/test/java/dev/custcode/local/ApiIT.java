package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.api.ApiRouter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The HTTP API through a real HTTP client against the local runtime's port, as a user curls it. */
class ApiIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TestStack stack;
    private static JsonNode sampleReport;
    private static JsonNode partialReport;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start();
        stack.put("incoming/sample.csv", Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv")));
        sampleReport = stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(2));
        stack.awaitExport(sampleReport, Duration.ofMinutes(2));
        // 2,500 customers in one folder (华东, personal, tier C), to page through.
        StringBuilder big = new StringBuilder("客户编号,客户名称,省份\r\n");
        for (int i = 0; i < 2500; i++) {
            big.append("PG").append(i).append(",顾客").append(i).append(",浙江\r\n");
        }
        stack.put("incoming/page.csv", big.toString().getBytes(StandardCharsets.UTF_8));
        stack.awaitExport(stack.awaitReport(stack.importIdOf("incoming/page.csv"), Duration.ofMinutes(3)), Duration.ofMinutes(3));
        stack.put("incoming/partial.csv", "客户编号,客户名称,电话\r\nOK1,好公司,13800000031\r\nBAD1,,13800000032\r\n".getBytes(StandardCharsets.UTF_8));
        partialReport = stack.awaitReport(stack.importIdOf("incoming/partial.csv"), Duration.ofMinutes(2));
        stack.awaitExport(partialReport, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return TestStack.JSON.readTree(r.body());
    }

    private static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode p = TestStack.JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    private static String codeOf(String sourceId) throws Exception {
        return ok("/customers?sourceId=" + sourceId).at("/customers/0/code").asText();
    }

    @Test
    void everyRouteAnswers() throws Exception {
        String code = codeOf("C0001");
        JsonNode customer = ok("/customers/" + code);
        assertThat(customer.get("name").asText()).isEqualTo("北京星河科技有限公司");
        assertThat(customer.at("/folderPath/0/label").asText()).isEqualTo("华北 North China");
        assertThat(customer.at("/dimensions/channel/value").asText()).isEqualTo("direct");
        assertThat(customer.at("/importIds/first").asText()).isEqualTo(sampleReport.get("importId").asText());

        assertThat(ok("/customers?phone=" + enc("+86 139 0013 9000")).at("/customers/0/attributes/sourceId").asText()).isEqualTo("C0005");
        assertThat(ok("/customers?phone=13900139000").at("/customers/0/attributes/sourceId").asText()).as("normalized like ingest").isEqualTo("C0005");
        assertThat(ok("/customers?phone=" + enc("+86 10 6543 2100")).at("/customers/0/attributes/sourceId").asText())
                .as("the file's landline 010-6543 2100, typed internationally").isEqualTo("C0001");
        assertThat(ok("/customers?email=nobody@example.com").get("customers")).isEmpty();

        JsonNode tree = ok("/groups");
        assertThat(tree.get("total").asLong()).isEqualTo(2513);
        JsonNode north = ok("/groups/north");
        assertThat(north.get("label").asText()).isEqualTo("华北 North China");
        JsonNode members = ok("/groups/north/customers?limit=2");
        assertThat(members.get("items")).hasSize(2);

        JsonNode imp = ok("/imports/" + sampleReport.get("importId").asText());
        assertThat(imp.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(imp.at("/progress/rowsRead").asLong()).isEqualTo(12);
        assertThat(imp.at("/counts/new").asLong()).isEqualTo(12);
        JsonNode list = ok("/imports?limit=2");
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.get("next").isNull()).isFalse();
        assertThat(list.at("/items/0/startedAt").asText()).isGreaterThanOrEqualTo(list.at("/items/1/startedAt").asText());
        JsonNode rest = ok("/imports?limit=2&cursor=" + list.get("next").asText());
        assertThat(rest.get("items")).hasSize(1);

        JsonNode scheme = ok("/scheme");
        assertThat(scheme.get("source").asText()).as("no scheme uploaded here").isEqualTo("built-in");
        assertThat(scheme.at("/scheme/code").asText()).isEqualTo("{region}{type}{channel}{seq:6}");

        Map<String, Long> countersBefore = ExactlyOnceIT.counters(stack);
        HttpResponse<String> classified = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/classify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"客户名称\":\"北京新公司有限公司\",\"省份\":\"北京\",\"销售渠道\":\"直销\"},"
                        + "{\"客户编号\":\"C0001\",\"客户名称\":\"北京星河科技有限公司\",\"省份\":\"北京\",\"销售渠道\":\"直销\",\"累计金额\":\"¥1,280,000\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(classified.statusCode()).as(classified.body()).isEqualTo(200);
        JsonNode results = TestStack.JSON.readTree(classified.body()).get("results");
        assertThat(results.at("/0/folder").asText()).isEqualTo("north/enterprise/tier-c");
        assertThat(results.at("/0/prefix").asText()).isEqualTo("NED");
        assertThat(results.at("/0/nextCode").asText()).isEqualTo("NED000002");
        // Whether a contact is a customer already is personal: said only to callers granted personal data.
        assertThat(results.get(1).has("existingCode")).isFalse();
        assertThat(ExactlyOnceIT.counters(stack)).as("a dry run consumes no number").isEqualTo(countersBefore);
    }

    @Test
    void aStewardCanReadWhyACustomerIsInItsFolderAndWhyARowWouldBe() throws Exception {
        String code = codeOf("C0001");
        JsonNode why = ok("/customers/" + code + "/explain");
        assertThat(why.get("folder").asText()).isEqualTo("north/enterprise/tier-a");
        assertThat(why.get("moves").isNull()).as("filed where its data says").isTrue();
        assertThat(why.get("dimensions")).extracting(d -> d.get("dimension").asText())
                .containsExactly("region", "type", "channel", "tier", "lifecycle", "importance");
        for (JsonNode d : why.get("dimensions")) {
            assertThat(d.get("value").asText()).as(d.toString()).isEqualTo(d.get("stored").asText());
            assertThat(d.get("because").asText()).as(d.toString()).isNotBlank();
        }
        JsonNode region = why.get("dimensions").get(0);
        assertThat(region.get("rule").asInt()).isEqualTo(1);
        assertThat(region.at("/written/table").asText()).isEqualTo("provinces");
        assertThat(region.get("because").asText()).isEqualTo("rule 1: table provinces on province → north");
        assertThat(region.at("/read/province").asText()).isNotBlank();
        JsonNode tier = why.get("dimensions").get(3);
        assertThat(tier.get("because").asText()).isEqualTo("rule 1: amount ≥ 100000 → a");
        problem(get("/customers/NOSUCH1/explain"), 404);

        HttpResponse<String> classified = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/classify?explain=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"客户名称\":\"张三\",\"累计金额\":\"500\"}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode explained = TestStack.JSON.readTree(classified.body()).at("/results/0/explain");
        assertThat(explained.get(0).get("because").asText()).isEqualTo("no rule decided: the default unknown");
        assertThat(explained.get(0).get("rule").isNull()).isTrue();
        assertThat(explained.get(3).get("read").get("amount").asText()).isEqualTo("500");
        assertThat(explained.get(3).has("stored")).isFalse();
    }

    /** A GET signed with SigV4 for execute-api, as the aws CLI and the SDKs sign: the local API takes the caller from it. */
    private static HttpResponse<String> signedGet(String path, String accessKeyId) throws Exception {
        URI uri = stack.runtime.apiEndpoint().resolve(path);
        software.amazon.awssdk.http.SdkHttpRequest request = software.amazon.awssdk.http.SdkHttpRequest.builder().uri(uri)
                .method(software.amazon.awssdk.http.SdkHttpMethod.GET).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(accessKeyId, "any secret: not checked locally"))
                .request(request)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        signed.request().headers().forEach((k, values) -> {
            if (!k.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(k, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode signedOk(String path, String accessKeyId) throws Exception {
        HttpResponse<String> r = signedGet(path, accessKeyId);
        assertThat(r.statusCode()).as("%s as %s: %s", path, accessKeyId, r.body()).isEqualTo(200);
        return TestStack.JSON.readTree(r.body());
    }

    @Test
    void personalDataIsMaskedUnlessGrantedAndAScopedCallerSeesOnlyItsFolders() throws Exception {
        // No config/access.json: every folder, personal data masked.
        HttpResponse<String> byPhone = get("/customers?phone=13900139000");
        assertThat(TestStack.JSON.readTree(byPhone.body()).at("/customers/0/attributes/phone").asText()).isEqualTo("+86 1** **** 9000");
        assertThat(byPhone.body()).doesNotContain("0013 9000").doesNotContain("8613900139000");
        String northCode = codeOf("C0001");
        String eastCode = codeOf("C0005");
        JsonNode beijing = ok("/customers/" + northCode);
        assertThat(beijing.at("/attributes/phone").asText()).isEqualTo("010-**** 2100");
        assertThat(ok("/customers/" + northCode + "/history").toString()).doesNotContain("6543");
        long total = ok("/groups").get("total").asLong();
        long north = ok("/groups/north").get("total").asLong();

        stack.put("config/access.json", ("{\"grants\": ["
                + "{\"principal\": \"arn:aws:iam::000000000000:user/NORTHTEAM\", \"folders\": [\"north\"]},"
                + "{\"principal\": \"arn:aws:iam::*:user/STEWARD*\", \"folders\": [\"*\"], \"personal\": true}],"
                + "\"default\": {\"folders\": []}}").getBytes(StandardCharsets.UTF_8));
        try {
            // The API reads its rules again within 10 s.
            TestStack.await(() -> {
                try {
                    return signedOk("/groups", "NORTHTEAM").get("total").asLong() == north;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(60), "the north team's view of the tree");
            JsonNode tree = signedOk("/groups", "NORTHTEAM");
            assertThat(tree.get("children")).singleElement().satisfies(n -> assertThat(n.get("folder").asText()).isEqualTo("north"));
            assertThat(signedOk("/groups/north", "NORTHTEAM").get("total").asLong()).isEqualTo(north);
            problem(signedGet("/groups/east", "NORTHTEAM"), 404);
            problem(signedGet("/groups/east/customers", "NORTHTEAM"), 404);
            problem(signedGet("/customers/" + eastCode, "NORTHTEAM"), 404);
            problem(signedGet("/customers/" + eastCode + "/history", "NORTHTEAM"), 404);
            assertThat(signedOk("/customers?phone=13900139000", "NORTHTEAM").get("customers")).isEmpty();
            assertThat(signedOk("/customers/" + northCode, "NORTHTEAM").at("/attributes/phone").asText()).isEqualTo("010-**** 2100");
            assertThat(signedOk("/groups/north/customers?limit=500", "NORTHTEAM").get("items"))
                    .allSatisfy(c -> assertThat(c.get("folder").asText()).startsWith("north"));
            // Row files hold rows of every folder: a scoped caller gets the report, not links to them.
            JsonNode imp = signedOk("/imports/" + partialReport.get("importId").asText(), "NORTHTEAM");
            assertThat(imp.at("/links/report").asText()).contains("X-Amz-Signature=");
            assertThat(imp.get("links").has("rejected")).isFalse();

            // A steward is granted every folder and personal data.
            JsonNode full = signedOk("/customers?phone=13900139000", "STEWARD1");
            assertThat(full.at("/customers/0/attributes/phone").asText()).isEqualTo("+86 139 0013 9000");
            assertThat(full.at("/customers/0/keys").toString()).contains("tel:8613900139000");
            assertThat(signedOk("/groups", "STEWARD1").get("total").asLong()).isEqualTo(total);

            // Anyone else gets the default: nothing.
            assertThat(ok("/groups").get("total").asLong()).isZero();
            problem(get("/customers/" + northCode), 404);
            assertThat(signedOk("/groups", "SOMEONE").get("children")).isEmpty();
        } finally {
            stack.put("config/access.json", "{\"default\": {\"folders\": [\"*\"]}}".getBytes(StandardCharsets.UTF_8));
            TestStack.await(() -> {
                try {
                    return ok("/groups").get("total").asLong() == total;
                } catch (Exception | AssertionError e) {
                    return false;
                }
            }, Duration.ofSeconds(60), "the open view again");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aUrlSentWithRawUtf8AsCurlSendsItAnswersAsItsPercentEncodedForm() throws Exception {
        String query = "/customers?type=企业&name=星河";
        HttpResponse<String> encoded = get("/customers?type=" + enc("企业") + "&name=" + enc("星河"));
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(TestStack.JSON.readTree(encoded.body()).at("/customers/0/attributes/sourceId").asText()).isEqualTo("C0001");
        // java.net.http refuses such a URL, curl sends its bytes as they are: so does this socket.
        String raw = raw("GET " + query + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(raw).as(raw).startsWith("HTTP/1.1 200");
        assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).isEqualTo(encoded.body());
    }

    /** A request sent as its bytes, and the whole answer (the connection closed after it). */
    private static String raw(String request) throws Exception {
        URI api = stack.runtime.apiEndpoint();
        try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBrokenEscapeOrABodyThatDoesNotParseIsTheClientsFault() throws Exception {
        for (String target : List.of("/customers?name=%zz", "/imports?status=%2", "/customers?%zz=1", "/customers?name=%E6%98")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("{\"message\":\"Bad Request\"}");
        }
        // 杭州 in GBK, sent raw: bytes that are no UTF-8.
        try (java.net.Socket socket = new java.net.Socket(stack.runtime.apiEndpoint().getHost(), stack.runtime.apiEndpoint().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /customers?name=".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("杭州".getBytes("GBK"));
            socket.getOutputStream().write(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400");
        }
        HttpResponse<String> tooLarge = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/classify"))
                .POST(HttpRequest.BodyPublishers.ofString("[" + " ".repeat(LocalHttpApi.MAX_PAYLOAD) + "]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).as("over API Gateway's 10 MB").isEqualTo(413);
        String chunks = raw("POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nZZ\r\n[]\r\n0\r\n\r\n");
        assertThat(chunks).as(chunks).startsWith("HTTP/1.1 400");
    }

    @Test
    void unknownThingsAre404() throws Exception {
        problem(get("/customers/ZZZ999999"), 404);
        problem(get("/groups/atlantis"), 404);
        problem(get("/groups/atlantis/customers"), 404);
        problem(get("/imports/0123456789abcdef0123"), 404);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void badParametersAre400() throws Exception {
        assertThat(problem(get("/groups/east/customers?cursor=not-a-cursor"), 400).get("detail").asText()).contains("cursor");
        problem(get("/groups/east/customers?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("m1:../../x".getBytes())), 400);
        assertThat(problem(get("/groups/east/customers?limit=0"), 400).get("detail").asText()).contains("limit");
        problem(get("/groups/east/customers?limit=501"), 400);
        problem(get("/groups/east/customers?limit=ten"), 400);
        problem(get("/imports?cursor=bogus"), 400);
        problem(get("/imports?limit=-1"), 400);
        problem(get("/imports/not-an-id"), 400);
        problem(get("/groups/" + enc("..") + "/customers"), 400);
        problem(get("/customers"), 400);
        problem(get("/customers?phone=12"), 400);
        problem(get("/customers?sourceId=a&email=b@c.de"), 400);
        // Longer than any key DynamoDB would take: refused before it reaches the table (not a 500).
        assertThat(problem(get("/customers?sourceId=" + "x".repeat(3000)), 400).get("detail").asText()).contains("longer than any identity key");
        problem(get("/customers/" + "N".repeat(3000)), 400);
        problem(get("/customers/" + "N".repeat(3000) + "/history"), 400);
        assertThat(problem(get("/customers/" + codeOf("C0001") + "%E2%80%8B"), 400).get("detail").asText()).contains("format character (U+200B)");
        // A NUL in the path is refused by the server before any function, as API Gateway answers its own errors.
        HttpResponse<String> nul = get("/customers/" + codeOf("C0001") + "%00");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(TestStack.JSON.readTree(nul.body()).get("message").asText()).isEqualTo("Bad Request");
        HttpResponse<String> malformed = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/classify"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(malformed, 400).get("detail").asText()).contains("not valid JSON");
        HttpResponse<String> empty = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/classify"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        problem(empty, 400);
    }

    @Test
    void pagingOver2500MembersReturnsEachExactlyOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/groups/east/customers?limit=173" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(i -> seen.add(i.get("code").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null && pages < 100);
        long eastMembers = ok("/groups/east").get("total").asLong();
        assertThat(eastMembers).isGreaterThanOrEqualTo(2500);
        assertThat(seen).hasSize((int) eastMembers).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isEqualTo((int) Math.ceil(eastMembers / 173.0));
    }

    @Test
    void thePresignedLinkDownloadsTheRejectedRows() throws Exception {
        JsonNode imp = ok("/imports/" + partialReport.get("importId").asText());
        assertThat(imp.get("status").asText()).isEqualTo("PARTIAL");
        String link = imp.at("/links/rejected").asText();
        assertThat(link).contains("X-Amz-Signature=");
        HttpResponse<String> download = HTTP.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("\"3\",\"required field name is empty (the row matches no existing customer)\",\"BAD1,,138****0032\"").doesNotContain("13800000032");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutes() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(TestStack.ROOT.resolve("openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m.toUpperCase() + " "
                // API Gateway's single greedy route serves both documented /groups/{path} operations.
                + (path.startsWith("/groups/{path}") ? "/groups/{path+}" : path))));
        SamTemplate template = SamTemplate.read(TestStack.ROOT.resolve("template.yaml"));
        Set<String> inTemplate = new TreeSet<>();
        FunctionDefinition.from(template, new Intrinsics(template, Map.of(), Map.of(), "us-east-1"))
                .forEach(f -> f.httpRoutes().forEach(r -> inTemplate.add(r.routeKey())));
        assertThat(documented).isEqualTo(inTemplate).isEqualTo(new TreeSet<>(ApiRouter.ROUTES));
    }

    @Test
    void fiftyConcurrentClientsForTenSecondsSeeNoErrors() throws Exception {
        List<String> codes = new ArrayList<>();
        for (String id : List.of("C0001", "C0002", "C0003", "C0004", "C0005", "C0006")) {
            codes.add(codeOf(id));
        }
        List<String> paths = new ArrayList<>();
        codes.forEach(c -> paths.add("/customers/" + c));
        paths.addAll(List.of("/groups", "/groups/north", "/groups/east/customers?limit=50", "/customers?sourceId=C0007",
                "/imports/" + sampleReport.get("importId").asText()));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        AtomicInteger errors = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            Random random = new Random(c);
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = get(paths.get(random.nextInt(paths.size())));
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("50 clients, 10 s: %d requests (%.0f/s), %d errors, p50 %.1f ms, p99 %.1f ms%n", sorted.size(), sorted.size() / 10.0,
                errors.get(), sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
        assertThat(errors.get()).isZero();
        assertThat(sorted.size()).isGreaterThan(50);
        assertThat(new HashSet<>(codes)).hasSize(6);
    }
}
