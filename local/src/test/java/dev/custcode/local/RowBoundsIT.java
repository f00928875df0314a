package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.csv.CsvLimits;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * No single row can jam an import, on the local stack: rows past a limit of DynamoDB (key bytes,
 * item size, transaction size) or of the code template ({@code {seq:N}}) end in
 * {@code rejected.csv} with their reason, the rest is imported (PARTIAL), and nothing is retried.
 */
class RowBoundsIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static TestStack stack;

    private static final String HEADER = "客户编号,客户名称,省份,城市,客户类型,销售渠道,累计金额,邮箱,备注\n";
    /** Files under SPO (Guangdong, personal, online) and EEA (Shanghai, enterprise, agent). */
    private static final String SPO = ",张三,广东,广州,个人,网店,1200,,";
    private static final String EEA = ",上海浦江贸易有限公司,上海,上海,企业,代理,356000,,";
    /** Would be created under NED (Beijing, enterprise, direct), whose counter is at its last number. */
    private static final String NED = ",北京星河科技有限公司,北京,北京,企业,直销,1280000,,";

    @BeforeAll
    static void nedHasNoNumbersLeft() {
        stack = STACK.get();
        stack.dynamo.putItem(b -> b.tableName("CountersTable").item(Map.of(
                "prefix", AttributeValue.fromS("NED"), "last", AttributeValue.fromN("999999"))));
    }

    /** The file both tests drop: normal rows around each hostile one; {@code ns} keeps their customer ids apart. */
    private static String mixedFile(String ns, int bigRowBytes) {
        return HEADER
                + ns + "1" + SPO + "\n"
                + ns + "-" + "K".repeat(2100) + SPO + "\n"                    // line 3: customer id over the key limit
                + ns + "2" + EEA + "\n"
                + ",李四,广东,,个人,网店,10,a@" + ".".repeat(60_000) + ",\n"   // line 5: a 60,000-dot email and no other key
                + ns + "3" + NED + "\n"                                       // line 6: NED is full
                + ns + "4" + SPO + "x".repeat(bigRowBytes) + "\n"              // line 7: a row of bigRowBytes
                + ns + "5" + EEA + "\n";
    }

    private static String rejected(JsonNode report) {
        return new String(stack.get(report.get("rejectedFile").asText()).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void hostileRowsThroughTheTriggerAreRejectedAndNothingIsRetried() {
        String key = "incoming/hostile.csv";
        // 100 KB: over the CSV reader's 64 KiB record limit, under the 128 KiB at which the parse
        // stops (an unclosed quote); the ~500 KB row is the next test's, with longer records allowed.
        stack.put(key, mixedFile("T", 100 * 1024).getBytes(StandardCharsets.UTF_8));
        JsonNode report = stack.awaitReport(stack.importIdOf(key), Duration.ofMinutes(2));

        assertThat(report.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(report.at("/counts/rows").asLong()).isEqualTo(7);
        assertThat(report.at("/counts/accepted").asLong()).isEqualTo(3);
        assertThat(report.at("/counts/rejected").asLong()).isEqualTo(4);
        String rejected = rejected(report);
        assertThat(rejected).contains("\"3\",\"customer id is 2,106 bytes as an identity key; the limit is 1,024 bytes\"");
        assertThat(rejected).contains("\"5\",\"no identity: none of code, customer id, tax id, phone, email, name + city is present and valid;"
                + " its email is not an address (one @, a name before it, a dotted domain after it)\"");
        assertThat(rejected).contains("\"6\",\"prefix NED has no numbers left: {seq:6} ends at 999999");
        assertThat(rejected).contains("\"7\",\"record is 102");
        for (String id : new String[]{"T1", "T2", "T5"}) {
            assertThat(stack.customerItem("sid:" + id)).as(id).isNotNull();
        }
        stack.awaitIdle(Duration.ofMinutes(1));
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }

    @Test
    void withLongRecordsAllowedTheItemSizeLimitRejectsTheBigRowAndLargeItemsStillFitTheirTransactions() {
        IngestSettings longRecords = new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT.withMaxRecordChars(1024 * 1024));
        // Besides the mixed rows: 15 customers of 300 KiB each, 4.5 MB in one batch, more than one
        // transaction may carry (4 MB): they are packed by size.
        StringBuilder csv = new StringBuilder(mixedFile("P", 500 * 1024));
        for (int i = 0; i < 15; i++) {
            csv.append("PL").append(i).append(SPO).append("y".repeat(300 * 1024)).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        IncomingObject object = ExactlyOnceIT.stage(stack, "staging/hostile-long.csv", bytes);
        ImportReport report = ExactlyOnceIT.services(stack, null).ingest(longRecords).ingest(object);

        assertThat(report.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(report.counts().rows()).isEqualTo(22);
        assertThat(report.counts().accepted()).isEqualTo(18);
        assertThat(report.counts().rejected()).isEqualTo(4);
        String rejected = new String(stack.get(report.rejectedFile()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(rejected).contains("\"3\",\"customer id is 2,106 bytes");
        assertThat(rejected).contains("\"5\",\"no identity");
        assertThat(rejected).contains("\"6\",\"prefix NED has no numbers left: {seq:6} ends at 999999");
        assertThat(rejected).contains("\"7\",\"the customer's record would be about 50");
        assertThat(rejected).contains("KiB; the limit is 350 KiB");
        assertThat(stack.customerItem("sid:P4")).isNull();
        assertThat(stack.customerItem("sid:PL14").get("attrs").m().get("备注").s()).hasSize(300 * 1024);
        // The folder exports read the large customers back (the runtime's export trigger).
        TestStack.await(() -> stack.get(report.exportReport()).isPresent(), Duration.ofMinutes(2), "export of " + report.importId());
        stack.awaitIdle(Duration.ofMinutes(1));
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }

    @Test
    void aHeaderOfSixteenThousandColumnsFailsTheFileQuickly() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称");
        for (int i = 2; i < 16_000; i++) {
            csv.append(",c").append(i);
        }
        csv.append('\n');
        String row = "x,".repeat(15_999) + "x\n";
        for (int i = 0; i < 1_000; i++) {
            csv.append(row);
        }
        String key = "incoming/wide.csv";
        long t0 = System.nanoTime();
        stack.put(key, csv.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode report = stack.awaitReport(stack.importIdOf(key), Duration.ofSeconds(30));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(report.get("status").asText()).isEqualTo("FAILED");
        assertThat(report.get("message").asText()).isEqualTo("the header has 16,000 columns; at most 2,000 are read (is this a customer list?)");
        assertThat(millis).as("milliseconds from upload to report").isLessThan(15_000);
        stack.awaitIdle(Duration.ofMinutes(1));
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }
}
