package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.aws.Services;
import dev.custcode.functions.ingest.CsvUploadedHandler;
import dev.custcode.ingest.ImportId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local runtime as a user meets it: any S3 client's upload triggers ingest; reports tell what happened. */
class LocalRuntimeIT {
    private static final Path SAMPLE = TestStack.ROOT.resolve("events/customers-sample.csv");
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static TestStack stack;

    @BeforeAll
    static void stack() {
        stack = STACK.get();
    }

    private static Map<String, AttributeValue> customer(String identityKey) {
        return stack.customerItem(identityKey);
    }

    @Test
    void awsCliUploadTriggersIngest() throws Exception {
        assumeTrue(onPath("aws"), "the aws CLI is not installed: skipping the CLI upload test (.ci/run installs nothing, CI has it)");
        ProcessBuilder pb = new ProcessBuilder("aws", "--endpoint-url", stack.s3Endpoint().toString(), "s3", "cp", SAMPLE.toString(),
                "s3://" + stack.bucket() + "/incoming/cli/customers.csv")
                .redirectErrorStream(true);
        // Any credentials do locally; a machine without an AWS profile gets dummy ones, as the README says.
        pb.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
        pb.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();

        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/cli/customers.csv"), Duration.ofMinutes(2));
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.at("/counts/rows").asLong()).isEqualTo(12);
        assertThat(report.at("/input/encoding").asText()).isEqualTo("UTF-8");
        assertThat(report.at("/input/columns/name").asText()).isEqualTo("客户名称");

        var beijing = customer("sid:C0001");
        assertThat(beijing.get("folder").s()).isEqualTo("north/enterprise/tier-a");
        assertThat(beijing.get("code").s()).startsWith("NED");
        var wang = customer("sid:C0003");
        assertThat(wang.get("folder").s()).isEqualTo("south/personal/tier-c");
        assertThat(wang.get("code").s()).startsWith("SPO");
        var chen = customer("sid:C0009");
        assertThat(chen.get("folder").s()).as("Hong Kong is filed explicitly").startsWith("hmt/");
        stack.awaitExport(report, Duration.ofMinutes(2));
        assertThat(stack.json("groups/north/_summary.json").get("label").asText()).isEqualTo("华北 North China");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(java.io.File.pathSeparator)).stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    @Test
    void gbkAndUtf16ExportsOfTheSameListChangeNothing() throws Exception {
        // The sample's customers under other ids and without their phones (which would make every
        // row a conflict with the sample's customer of the same phone: see IncrementalIT).
        String text = new String(Files.readAllBytes(SAMPLE), StandardCharsets.UTF_8).substring(1).replace("C00", "G00")
                .replaceAll("(?m),[^,\\r\\n]*(\\r?)$", "$1");
        stack.put("incoming/encodings/utf8.csv", ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
        JsonNode utf8 = stack.awaitReport(stack.importIdOf("incoming/encodings/utf8.csv"), Duration.ofMinutes(2));
        assertThat(utf8.at("/counts/new").asLong()).isEqualTo(12);

        stack.put("incoming/encodings/gbk.csv", text.replace("¥", "￥").getBytes(java.nio.charset.Charset.forName("GBK")));
        JsonNode gbk = stack.awaitReport(stack.importIdOf("incoming/encodings/gbk.csv"), Duration.ofMinutes(2));
        assertThat(gbk.at("/input/encoding").asText()).isEqualTo("GB18030");
        assertThat(gbk.at("/counts/unchanged").asLong()).as("same customers, folders and codes").isEqualTo(12);

        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        stack.put("incoming/encodings/utf16.csv", utf16);
        JsonNode u16 = stack.awaitReport(stack.importIdOf("incoming/encodings/utf16.csv"), Duration.ofMinutes(2));
        assertThat(u16.at("/input/encoding").asText()).isEqualTo("UTF-16LE");
        assertThat(u16.at("/counts/unchanged").asLong()).isEqualTo(12);
    }

    @Test
    void filesSavedInTaiwanAndWesternEuropeAreReadAndFiledAsWritten() throws Exception {
        String taiwan = "客戶編號,客戶名稱,省份,城市,客戶類型,銷售渠道,累計金額（萬元）,聯絡電話\r\n"
                + "TW01,臺北信義貿易股份有限公司,臺灣,臺北,企業,直銷,12.5,02-2345-6789\r\n"
                + "TW02,廣州嶺南實業有限公司,廣東省,廣州,企業,線上,0.8,020-8765-4321\r\n";
        stack.put("incoming/encodings/taiwan.csv", taiwan.getBytes(java.nio.charset.Charset.forName("Big5-HKSCS")));
        JsonNode big5 = stack.awaitReport(stack.importIdOf("incoming/encodings/taiwan.csv"), Duration.ofMinutes(2));
        assertThat(big5.at("/input/encoding").asText()).isEqualTo("Big5-HKSCS");
        assertThat(big5.at("/counts/accepted").asLong()).isEqualTo(2);
        var taipei = customer("sid:TW01");
        assertThat(taipei.get("attrs").m().get("name").s()).as("stored as written").isEqualTo("臺北信義貿易股份有限公司");
        assertThat(taipei.get("folder").s()).as("臺灣 is Taiwan, 企業 an enterprise, 12.5 萬元 tier A").startsWith("hmt/enterprise/tier-a");
        assertThat(customer("sid:TW02").get("folder").s()).startsWith("south/enterprise/");

        String europe = "Customer ID,Name,City,Country,Email\r\nEU01,Müller & Söhne GmbH,München,Germany,info@mueller.de\r\n"
                + "EU02,José Peña,Málaga,Spain,jose@pena.es\r\n";
        stack.put("incoming/encodings/europe.csv", europe.getBytes(java.nio.charset.Charset.forName("windows-1252")));
        JsonNode latin = stack.awaitReport(stack.importIdOf("incoming/encodings/europe.csv"), Duration.ofMinutes(2));
        assertThat(latin.at("/input/encoding").asText()).isEqualTo("windows-1252");
        assertThat(customer("sid:EU01").get("attrs").m().get("name").s()).isEqualTo("Müller & Söhne GmbH");
        assertThat(customer("sid:EU02").get("folder").s()).startsWith("europe/");
    }

    @Test
    void upperCaseCsvSuffixFromExcelTriggersToo() throws Exception {
        stack.put("incoming/EXPORT.CSV", "Name,City,Phone\r\nLi Lei,Hangzhou,13900139001\r\n".getBytes(StandardCharsets.UTF_8));
        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/EXPORT.CSV"), Duration.ofMinutes(2));
        assertThat(report.at("/counts/accepted").asLong()).isEqualTo(1);
        // The city alone places it: Hangzhou is in East China.
        assertThat(customer("tel:8613900139001").get("code").s()).startsWith("EPZ");
    }

    @Test
    void objectsOutsideTheTriggerAreNotImported() {
        stack.put("imports/not-a-drop.csv", "Name,City\r\nX,Y\r\n".getBytes(StandardCharsets.UTF_8));
        stack.put("incoming/notes.txt", "Name,City\r\nX,Y\r\n".getBytes(StandardCharsets.UTF_8));
        // Routing happens while the PUT is handled: once it returned, nothing can still be on its way.
        stack.awaitIdle(Duration.ofMinutes(2));
        assertThat(stack.get("imports/" + stack.importIdOf("imports/not-a-drop.csv") + "/report.json")).isEmpty();
        assertThat(stack.get("imports/" + stack.importIdOf("incoming/notes.txt") + "/report.json")).isEmpty();
    }

    @Test
    void theEventFixtureDrivesTheHandlerAsLambdaWould() throws Exception {
        byte[] csv = Files.readAllBytes(SAMPLE);
        S3Event event;
        try (InputStream in = Files.newInputStream(TestStack.ROOT.resolve("events/s3-put.json"))) {
            event = LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader()).fromJson(in);
        }
        var object = event.getRecords().get(0).getS3().getObject();
        // The fixture describes exactly this file: its ETag is the file's MD5, as S3 computes it for a single PUT.
        assertThat(object.geteTag()).isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(csv)));
        assertThat(object.getUrlDecodedKey()).isEqualTo("incoming/客户 sample.csv");

        stack.put(object.getUrlDecodedKey(), csv);
        String importId = ImportId.of(stack.bucket(), object.getUrlDecodedKey(), null, object.geteTag());
        JsonNode report = stack.awaitReport(importId, Duration.ofMinutes(2));
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");

        // The same event delivered again, to a handler built with the test's clients: it is the same import.
        var env = stack.functionEnvironment();
        var s3 = stack.s3;
        CsvUploadedHandler handler = new CsvUploadedHandler(new Services(env, s3, stack.dynamo, Clock.systemUTC()).ingest());
        String result = handler.handleRequest(event, dev.custcode.testing.TestContext.of("IngestFunction", 900));
        assertThat(result).startsWith(importId + " COMPLETED");
    }

    @Test
    void badInputEndsWithAReportNotACrashLoop() {
        stack.put("incoming/header-only.csv", "客户编号,客户名称,电话\r\n".getBytes(StandardCharsets.UTF_8));
        JsonNode headerOnly = stack.awaitReport(stack.importIdOf("incoming/header-only.csv"), Duration.ofMinutes(2));
        assertThat(headerOnly.get("status").asText()).isEqualTo("FAILED");
        assertThat(headerOnly.get("message").asText()).contains("no data rows");

        stack.put("incoming/binary.csv", new byte[]{0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0});
        JsonNode binary = stack.awaitReport(stack.importIdOf("incoming/binary.csv"), Duration.ofMinutes(2));
        assertThat(binary.get("status").asText()).isEqualTo("FAILED");
        assertThat(binary.get("message").asText()).contains("not text");

        String rows = "客户编号,客户名称,电话\r\nR1,甲公司,13800000001\r\nR2,,13800000002\r\nR3,丙,13800000003,extra\r\nR4,丁公司,13800000004\r\n";
        stack.put("incoming/partial.csv", rows.getBytes(StandardCharsets.UTF_8));
        String importId = stack.importIdOf("incoming/partial.csv");
        JsonNode partial = stack.awaitReport(importId, Duration.ofMinutes(2));
        assertThat(partial.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(partial.at("/counts/rows").asLong()).isEqualTo(4);
        assertThat(partial.at("/counts/accepted").asLong()).isEqualTo(2);
        assertThat(partial.at("/counts/rejected").asLong()).isEqualTo(2);
        String rejected = new String(stack.get("imports/" + importId + "/rejected.csv").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(rejected).startsWith("\uFEFF\"line\",\"reason\",\"content\"\r\n")
                .contains("\"3\",\"required field name is empty (the row matches no existing customer)\",\"R2,,138****0002\"")
                .contains("\"4\",\"expected 3 fields, found 4")
                // A line with a cell more than the header is masked but its first cell (the id, in its place whatever
                // follows): which column holds what after it cannot be told.
                .contains("\"R3,*,1***,e***\"").doesNotContain("13800000002").doesNotContain("13800000003");
        // In full only under private/, which no reader of imports/ may read.
        assertThat(new String(stack.get("private/imports/" + importId + "/rejected.csv").orElseThrow(), StandardCharsets.UTF_8))
                .contains("\"R2,,13800000002\"").contains("R3,丙,13800000003,extra");
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }
}
