package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.aws.Services;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The second week: partial, overlapping and re-exported files from several systems, in any
 * order, on the local stack (DynamoDB Local, S3Proxy, real S3 events).
 */
class IncrementalIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static TestStack stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode roundTrip;
    private static JsonNode edited;
    private static int exportedRows;

    @BeforeAll
    static void loadTheSampleAndReimportItsExport() throws Exception {
        stack = STACK.get();
        stack.put("incoming/sample.csv", Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv")));
        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/sample.csv"), Duration.ofMinutes(2));
        assertThat(report.at("/counts/new").asLong()).isEqualTo(12);
        stack.awaitExport(report, Duration.ofMinutes(2));

        // Every top-level export, opened and saved in Excel, dropped back in: nothing changes.
        StringBuilder saved = new StringBuilder();
        for (String region : new String[]{"north", "east", "south", "southwest", "northeast", "northwest", "central", "hmt"}) {
            String export = new String(stack.get("groups/" + region + "/_export.csv").orElseThrow(), StandardCharsets.UTF_8);
            String[] lines = asSavedByExcel(export).split("\r\n");
            for (int i = saved.length() == 0 ? 0 : 1; i < lines.length; i++) {
                saved.append(lines[i]).append("\r\n");
                exportedRows += i == 0 ? 0 : 1;
            }
        }
        roundTrip = drop("incoming/round-trip.csv", saved.toString());
        // One cell edited: C0001's amount.
        edited = drop("incoming/round-trip-edited.csv", saved.toString().replace("\"¥1,280,000\"", "\"¥2,280,000\""));
    }

    /**
     * What Excel does to a CSV it opens and saves as "CSV UTF-8": the formula guard's apostrophe is
     * gone (it was a display prefix), ISO dates come back as {@code 2026/10/8}, and only cells that
     * need quotes keep them.
     */
    static String asSavedByExcel(String export) {
        String body = export.startsWith("\uFEFF") ? export.substring(1) : export;
        StringBuilder out = new StringBuilder();
        for (de.siegmar.fastcsv.reader.CsvRecord record : de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(body)) {
            List<String> cells = new java.util.ArrayList<>();
            for (String cell : record.getFields()) {
                // Excel shows a guarded cell as text and saves it without the apostrophe, dates its own way,
                // and quotes only what needs quoting.
                String v = cell.matches("(?s)'[=+\\-@].*") ? cell.substring(1) : cell;
                v = v.replaceAll("^(\\d{4})-0?(\\d{1,2})-0?(\\d{1,2})$", "$1/$2/$3");
                boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
                cells.add(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    private static JsonNode drop(String key, String csv) {
        stack.put(key, ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8));
        return stack.awaitReport(stack.importIdOf(key), Duration.ofMinutes(2));
    }

    private static Map<String, AttributeValue> attrs(Map<String, AttributeValue> item) {
        return item.get("attrs").m();
    }

    private static String text(String key) {
        return new String(stack.get(key).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void anExportSavedInExcelAndDroppedBackChangesNothing() {
        assertThat(exportedRows).isEqualTo(12);
        assertThat(roundTrip.get("status").asText()).as(roundTrip.toString()).isEqualTo("COMPLETED");
        assertThat(roundTrip.at("/counts/new").asLong()).isZero();
        assertThat(roundTrip.at("/counts/moved").asLong()).isZero();
        assertThat(roundTrip.at("/counts/updated").asLong()).isZero();
        assertThat(roundTrip.at("/counts/unchanged").asLong()).isEqualTo(12);
        assertThat(roundTrip.at("/counts/warnings").asLong()).isZero();
        assertThat(roundTrip.at("/input/otherColumns")).as("the export's own columns are all understood").isEmpty();
        assertThat(edited.at("/counts/updated").asLong()).isEqualTo(1);
        assertThat(edited.at("/counts/unchanged").asLong()).isEqualTo(11);
        assertThat(edited.at("/fieldChanges/amount").asLong()).isEqualTo(1);
    }

    @Test
    void aCodeColumnIdentifiesTheCustomerAndNeverInventsOne() {
        String code = stack.customerItem("sid:C0007").get("code").s();
        JsonNode r = drop("incoming/by-code.csv", "客户代码,订单数\r\n" + code + ",16\r\nNED999999,3\r\n");
        assertThat(r.at("/counts/updated").asLong()).isEqualTo(1);
        assertThat(r.at("/counts/rejected").asLong()).isEqualTo(1);
        assertThat(text("imports/" + r.get("importId").asText() + "/rejected.csv"))
                .contains("\r\n\"3\",\"code NED999999 does not exist (files never create codes)");
        assertThat(attrs(stack.customerItem("sid:C0007")).get("orders").s()).isEqualTo("16");
    }

    @Test
    void valuesNotUnderstoodAreWarningsAndTheRowIsKept() {
        JsonNode r = drop("incoming/messy.csv", "客户编号,客户名称,客户类型,累计金额,订单数,最近下单日期\r\n"
                + "W1,王伟,企业客户,abc,x,不是日期\r\nW2,李雷,对公客户,100,1,2026-01-02\r\n");
        assertThat(r.at("/counts/accepted").asLong()).isEqualTo(2);
        assertThat(r.at("/counts/warnings").asLong()).isEqualTo(3);
        String warnings = text("imports/" + r.get("importId").asText() + "/warnings.csv");
        assertThat(warnings).contains("\r\n\"2\",\"amount\",\"abc\",").contains("\r\n\"2\",\"orders\",\"x\",").contains("\r\n\"2\",\"lastOrderDate\",\"不是日期\",");
        assertThat(stack.customerItem("sid:W1").get("dims").m().get("type").s()).as("企业客户 is understood").isEqualTo("enterprise");
        assertThat(stack.customerItem("sid:W2").get("dims").m().get("type").s()).isEqualTo("enterprise");
    }

    @Test
    void aPartialFileChangesOnlyWhatItCarries() {
        Map<String, AttributeValue> before = stack.customerItem("sid:C0001");
        JsonNode r = drop("incoming/amounts.csv", "客户编号,客户名称,累计金额\r\nC0001,北京星河科技有限公司,\"¥1,500,000\"\r\n");
        assertThat(r.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(r.at("/counts/updated").asLong()).isEqualTo(1);
        assertThat(r.at("/fieldChanges/amount").asLong()).isEqualTo(1);
        assertThat(r.at("/counts/moved").asLong()).isZero();

        Map<String, AttributeValue> after = stack.customerItem("sid:C0001");
        assertThat(after.get("code").s()).isEqualTo(before.get("code").s());
        assertThat(after.get("folder").s()).isEqualTo("north/enterprise/tier-a");
        assertThat(attrs(after).get("amount").s()).isEqualTo("¥1,500,000");
        for (String kept : new String[]{"province", "city", "phone", "channel", "orders", "lastOrderDate", "type"}) {
            assertThat(attrs(after).get(kept)).as(kept + " survives a file without it").isEqualTo(attrs(before).get(kept));
        }

        // The same content again, under another key: nothing changes.
        JsonNode again = drop("incoming/amounts-again.csv", "客户编号,客户名称,累计金额\r\nC0001,北京星河科技有限公司,\"¥1,500,000\"\r\n");
        assertThat(again.at("/counts/unchanged").asLong()).isEqualTo(1);
        assertThat(again.at("/counts/updated").asLong()).isZero();

        // An empty cell keeps the stored value; the clear token removes it.
        JsonNode empty = drop("incoming/empty-phone.csv", "客户编号,客户名称,电话\r\nC0002,上海浦江贸易有限公司,\r\n");
        assertThat(empty.at("/counts/unchanged").asLong()).isEqualTo(1);
        assertThat(attrs(stack.customerItem("sid:C0002")).get("phone").s()).isEqualTo("021-5888 1234");
        JsonNode cleared = drop("incoming/clear-phone.csv", "客户编号,客户名称,电话\r\nC0002,上海浦江贸易有限公司,(clear)\r\n");
        assertThat(cleared.at("/counts/updated").asLong()).isEqualTo(1);
        assertThat(attrs(stack.customerItem("sid:C0002"))).doesNotContainKey("phone");
    }

    @Test
    void anErpRowAndAShopRowOfOnePersonShareOneCodeInEitherOrder() {
        // ERP first, then the shop (phone only, another spelling).
        drop("incoming/erp-1.csv", "客户编号,客户名称,省份,电话\r\nE100,周杰,浙江,13911112222\r\n");
        JsonNode shop = drop("incoming/shop-1.csv", "手机,客户名称,邮箱,累计金额\r\n139-1111-2222,周杰,zhou@example.com,5000\r\n");
        assertThat(shop.at("/counts/new").asLong()).isZero();
        assertThat(shop.at("/counts/updated").asLong()).isEqualTo(1);
        Map<String, AttributeValue> zhou = stack.customerItem("sid:E100");
        assertThat(stack.customerItem("tel:8613911112222").get("code")).isEqualTo(zhou.get("code"));
        assertThat(stack.customerItem("email:zhou@example.com").get("code")).isEqualTo(zhou.get("code"));
        assertThat(attrs(zhou)).containsEntry("province", AttributeValue.fromS("浙江")).containsEntry("amount", AttributeValue.fromS("5000"));

        // The shop first, then the ERP.
        drop("incoming/shop-2.csv", "手机,客户名称,邮箱\r\n13922223333,吴敏,wu@example.com\r\n");
        JsonNode erp = drop("incoming/erp-2.csv", "客户编号,客户名称,省份,电话\r\nE200,吴敏,江苏,+86 139 2222 3333\r\n");
        assertThat(erp.at("/counts/new").asLong()).isZero();
        Map<String, AttributeValue> wu = stack.customerItem("sid:E200");
        assertThat(stack.customerItem("tel:8613922223333").get("code")).isEqualTo(wu.get("code"));
        assertThat(wu.get("keys").l()).extracting(AttributeValue::s).contains("sid:E200", "tel:8613922223333", "email:wu@example.com");
    }

    @Test
    void rowsWhoseKeysDisagreeAreConflictsAndNothingOfThemIsApplied() {
        drop("incoming/erp-3.csv", "客户编号,客户名称,省份,电话\r\nE300,孙丽,江苏,13933334444\r\n");
        Map<String, AttributeValue> sun = stack.customerItem("sid:E300");
        Map<String, AttributeValue> wang = stack.customerItem("sid:C0003");
        JsonNode r = drop("incoming/conflicts.csv", "客户编号,客户名称,省份,电话\r\n"
                + "E300,孙丽,广东,13800138000\r\n"      // E300's id with C0003's phone: two customers
                + "E999,孙丽,北京,13933334444\r\n"      // E300's phone with another customer id
                + "E301,钱多多,上海,13944445555\r\n");   // a new customer: applied
        assertThat(r.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(r.at("/counts/conflicts").asLong()).isEqualTo(2);
        assertThat(r.at("/counts/new").asLong()).isEqualTo(1);
        assertThat(r.at("/counts/rows").asLong()).isEqualTo(r.at("/counts/accepted").asLong()
                + r.at("/counts/rejected").asLong() + r.at("/counts/conflicts").asLong());
        String conflicts = text("imports/" + r.get("importId").asText() + "/conflicts.csv");
        assertThat(conflicts).contains("\r\n\"2\",\"its keys belong to different customers\",\"" + sun.get("code").s() + " " + wang.get("code").s());
        assertThat(conflicts).contains("\r\n\"3\",\"its customer id E999 differs from the matched customer's E300 (a different id is a different customer;"
                + " if the column holds another system's ids, give it a header of its own, such as Shop Id, and rows match through phone,"
                + " email or tax id)\",\"" + sun.get("code").s());
        assertThat(stack.customerItem("sid:E300")).as("nothing of a conflicting row is applied").isEqualTo(sun);
        assertThat(stack.customerItem("sid:C0003")).isEqualTo(wang);
        assertThat(stack.customerItem("sid:E999")).as("a conflict never gets a new code").isNull();
    }

    @Test
    void theMostRecentlyUploadedFileWinsWhateverTheProcessingOrder() throws Exception {
        Services services = ExactlyOnceIT.services(stack, null);
        StringBuilder large = new StringBuilder("客户编号,客户名称,省份,累计金额\r\n");
        for (int i = 0; i < 3000; i++) {
            large.append("L").append(i).append(",大客户").append(i).append("有限公司,北京,1000\r\n");
        }
        large.append("C0005,李娜,浙江,111\r\n");
        IncomingObject big = ExactlyOnceIT.stage(stack, "staging/large.csv", large.toString().getBytes(StandardCharsets.UTF_8));
        IncomingObject small = ExactlyOnceIT.stage(stack, "staging/small.csv",
                "客户编号,客户名称,累计金额\r\nC0005,李娜,999\r\n".getBytes(StandardCharsets.UTF_8));
        Instant uploaded = Instant.now();
        IncomingObject olderBig = new IncomingObject(big.bucket(), big.key(), null, big.eTag(), big.size(), uploaded.minusSeconds(5));
        IncomingObject newerSmall = new IncomingObject(small.bucket(), small.key(), null, small.eTag(), small.size(), uploaded);

        // The small file was uploaded after the large one, but is processed first.
        ImportReport first = services.ingest(IngestSettings.DEFAULT).ingest(newerSmall);
        assertThat(first.counts().updated()).isEqualTo(1);
        ImportReport late = services.ingest(IngestSettings.DEFAULT).ingest(olderBig);
        assertThat(late.counts().created()).isEqualTo(3000);
        assertThat(attrs(stack.customerItem("sid:C0005")).get("amount").s()).as("the later upload's value stays").isEqualTo("999");
        assertThat(attrs(stack.customerItem("sid:C0005")).get("province").s()).as("a field only the older file set is still merged").isEqualTo("浙江");
    }

    @Test
    void everyChangeIsInTheHistoryNewestFirst() throws Exception {
        drop("incoming/h1.csv", "客户编号,客户名称,省份,累计金额\r\nH1,何明,北京,100\r\n");
        drop("incoming/h2.csv", "客户编号,客户名称,累计金额\r\nH1,何明,200\r\n");
        JsonNode moved = drop("incoming/h3.csv", "客户编号,客户名称,省份\r\nH1,何明,广东\r\n");
        assertThat(moved.at("/counts/moved").asLong()).isEqualTo(1);
        String code = stack.customerItem("sid:H1").get("code").s();
        JsonNode page = get("/customers/" + code + "/history?limit=2");
        JsonNode changes = page.get("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).at("/folder/from").asText()).startsWith("north/");
        assertThat(changes.get(0).at("/folder/to").asText()).startsWith("south/");
        assertThat(changes.get(0).at("/fields/0/field").asText()).isEqualTo("province");
        assertThat(changes.get(0).at("/fields/0/from").asText()).isEqualTo("北京");
        assertThat(changes.get(1).at("/fields/0/field").asText()).isEqualTo("amount");
        assertThat(changes.get(1).at("/fields/0/to").asText()).isEqualTo("200");
        JsonNode rest = get("/customers/" + code + "/history?limit=2&cursor=" + page.get("next").asText());
        assertThat(rest.get("changes")).hasSize(1);
        assertThat(rest.get("changes").get(0).get("kind").asText()).isEqualTo("created");
        assertThat(rest.get("next").isNull()).isTrue();
    }

    @Test
    void aFileOfAmountsDroppedWhileTheFileCreatingItsCustomersIsImportedUpdatesThem() throws Exception {
        StringBuilder create = new StringBuilder("客户编号,客户名称,城市,累计金额\r\n");
        StringBuilder amounts = new StringBuilder("客户编号,累计金额\r\n");
        for (int i = 0; i < 3000; i++) {
            create.append(String.format("Q%04d,次序客户%d,武汉,%d\r\n", i, i, 1000 + i));
            if (i % 4 == 0) {
                amounts.append(String.format("Q%04d,%d\r\n", i, 900_000 + i));
            }
        }
        stack.put("incoming/order-create.csv", create.toString().getBytes(StandardCharsets.UTF_8));
        String creating = stack.importIdOf("incoming/order-create.csv");
        // Dropped once the first file's import has begun (an import of a file uploaded before it, not begun yet, is not waited for).
        TestStack.await(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve("/imports/" + creating)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofMinutes(1), "the first file's import to begin");
        stack.put("incoming/order-amounts.csv", amounts.toString().getBytes(StandardCharsets.UTF_8));

        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/order-amounts.csv"), Duration.ofMinutes(3));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.at("/counts/updated").asLong()).isEqualTo(750);
        assertThat(report.at("/counts/rejected").asLong()).isZero();
        assertThat(stack.awaitReport(creating, Duration.ofMinutes(3)).at("/counts/new").asLong()).isEqualTo(3000);
        assertThat(attrs(stack.customerItem("sid:Q0004")).get("amount").s()).isEqualTo("900004");
        assertThat(attrs(stack.customerItem("sid:Q0004")).get("name").s()).isEqualTo("次序客户4");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.runtime.apiEndpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return TestStack.JSON.readTree(r.body());
    }
}
