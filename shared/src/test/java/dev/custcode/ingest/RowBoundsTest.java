package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.csv.CsvLimits;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * No single row can jam an import: rows that would exceed a limit of DynamoDB (key bytes, item
 * size) or of the code template ({@code {seq:N}}) are rejected with their reason, and the rest
 * of the file goes on. In-memory stores; the DynamoDB side is {@code RowBoundsIT}.
 */
class RowBoundsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "客户编号,客户名称,省份,城市,客户类型,销售渠道,累计金额,备注\n";
    /** A row the default scheme files under NED (Beijing, enterprise, direct sales). */
    private static final String NED = ",北京星河科技有限公司,北京,北京,企业,直销,1280000,";
    /** A row filed under SPO (Guangdong, personal, online). */
    private static final String SPO = ",张三,广东,广州,个人,网店,1200,";

    private final InMemoryStores stores = new InMemoryStores();
    private final IngestSettings roomy = new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT.withMaxRecordChars(2 * 1024 * 1024));

    private ImportReport drop(SchemeSource schemes, String key, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put(key, bytes);
        return stores.ingest(schemes, CLOCK, roomy).ingest(new IncomingObject("b", key, null, eTag, bytes.length));
    }

    private ImportReport drop(String key, String csv) {
        return drop(SchemeSource.builtIn(), key, csv);
    }

    private String rejected(ImportReport r) {
        return stores.objects.text(r.rejectedFile());
    }

    @Test
    void aCustomerIdOverTheKeyLimitIsRejectedNamingTheField() {
        String longId = "C".repeat(2100);
        ImportReport r = drop("incoming/keys.csv", HEADER + "C1" + NED + "\n" + longId + SPO + "\n" + "C3" + SPO + "\n");

        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"3\",\"customer id is 2,104 bytes as an identity key; the limit is 1,024 bytes");
        assertThat(stores.customers.byKey("sid:C3")).isNotNull();
    }

    @Test
    void aNameTooLongToMatchByGoesUnmatchedByNameWhenTheRowHasOtherKeysAndIsRejectedWhenItHasNone() {
        String name = "长".repeat(400) + "有限公司";
        ImportReport r = drop("incoming/long-name.csv", "客户编号,客户名称,城市,电话\nLN1," + name + ",杭州,13912340000\n,"
                + name + ",杭州,\n");

        assertThat(r.counts().accepted()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"3\",\"name + city is").doesNotContain("\"2\"");
        assertThat(stores.customers.byKey("sid:LN1")).isNotNull();
        assertThat(stores.customers.byKey("sid:LN1").attributes().get("name")).isEqualTo(name);
        assertThat(stores.objects.text(r.warningsFile())).contains("\"2\"", "not used to match the customer");
    }

    @Test
    void theColumnsOfRowsRejectedWhenAppliedAreNotAddedToTheExports() {
        // A phone but no name: a new customer cannot be made of it, which is known only when the row is applied.
        ImportReport r = drop("incoming/nameless.csv", "电话,QA备注X,QA列Y\n13600000001,a,b\n13600000002,c,d\n");
        assertThat(r.counts().rejected()).isEqualTo(2);
        assertThat(stores.customers.columns().values()).doesNotContain("QA备注X", "QA列Y");

        drop("incoming/named.csv", "客户名称,电话,QA列Y\n无名氏贸易有限公司,13600000003,e\n");
        assertThat(stores.customers.columns()).containsValue("QA列Y").doesNotContainValue("QA备注X");
    }

    @Test
    void aWideFileDoesNotPushTheColumnsOtherFilesBroughtOutOfTheExports() {
        drop("incoming/notes.csv", HEADER + "C1" + NED + "vip\n");
        StringBuilder wide = new StringBuilder("客户编号,客户名称");
        StringBuilder row = new StringBuilder("W1,Wide Ltd");
        for (int i = 0; i < 300; i++) {
            wide.append(",c").append(i);
            row.append(",v").append(i);
        }
        ImportReport r = drop("incoming/wide.csv", wide + "\n" + row + "\n");

        assertThat(r.counts().accepted()).isEqualTo(1);
        assertThat(stores.customers.columns()).hasSize(dev.custcode.store.CustomerStore.MAX_COLUMNS).containsKey("备注");
        assertThat(stores.customers.byKey("sid:W1").attributes()).as("stored all the same").containsEntry("c299", "v299");
        assertThat(stores.objects.text(r.warningsFile())).contains("not shown in exports", "no room for 101 more");
    }

    @Test
    void aKeyOfMultiByteCharactersIsMeasuredInBytes() {
        // 400 characters, 1,200 bytes in UTF-8: over the limit though short in characters.
        ImportReport r = drop("incoming/cjk.csv", HEADER + "客".repeat(400) + NED + "\n" + "C2" + SPO + "\n");

        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(rejected(r)).contains("customer id is 1,204 bytes as an identity key");
    }

    @Test
    void aRowTooLargeForOneItemIsRejected() {
        String note = "x".repeat(400 * 1024);
        ImportReport r = drop("incoming/big.csv", HEADER + "C1" + NED + note + "\n" + "C2" + SPO + "small\n");

        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().accepted()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"2\",\"the customer's record would be about 403 KiB; the limit is 350 KiB");
        assertThat(stores.customers.byKey("sid:C1")).isNull();
    }

    @Test
    void aRowJustUnderTheItemLimitIsAccepted() {
        String note = "x".repeat(300 * 1024);
        ImportReport r = drop("incoming/fits.csv", HEADER + "C1" + NED + note + "\n");

        assertThat(r.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(stores.customers.byKey("sid:C1").attributes().get("备注")).hasSize(300 * 1024);
    }

    @Test
    void aRowThatWouldGrowItsCustomerPastTheLimitIsRejectedAndTheCustomerKept() {
        String header2 = "客户编号,其他备注\n";
        ImportReport first = drop("incoming/a.csv", HEADER + "C1" + NED + "a".repeat(200 * 1024) + "\n");
        assertThat(first.status()).isEqualTo(ImportStatus.COMPLETED);

        // Alone the row is 200 KiB; merged into C1 it would make about 400 KiB.
        ImportReport second = drop("incoming/b.csv", header2 + "C1," + "b".repeat(200 * 1024) + "\nC1,short\n");

        assertThat(second.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(rejected(second)).contains("\"2\",\"the customer's record would be about 40");
        Customer c = stores.customers.byKey("sid:C1");
        assertThat(c.attributes()).containsEntry("其他备注", "short").containsKey("备注");
    }

    @Test
    void aPrefixPastItsLastNumberRejectsOnlyTheRowsThatWouldCreateCustomersUnderIt() {
        ImportReport before = drop("incoming/known.csv", HEADER + "C0" + NED + "\n");
        assertThat(before.status()).isEqualTo(ImportStatus.COMPLETED);
        stores.counters.last.put("NED", 999_998L);

        ImportReport r = drop("incoming/full.csv", HEADER
                + "C1" + NED + "\n"          // gets NED999999, the last number
                + "C2" + NED + "\n"          // none left
                + "C3" + SPO + "\n"          // another prefix
                + "C0" + NED + "updated\n"); // an existing NED customer is still updated

        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(r.counts().updated()).isEqualTo(1);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"3\",\"prefix NED has no numbers left: {seq:6} ends at 999999");
        assertThat(stores.customers.byKey("sid:C1").code()).isEqualTo("NED999999");
        assertThat(stores.customers.byKey("sid:C2")).isNull();
        assertThat(stores.customers.byKey("sid:C0").attributes()).containsEntry("备注", "updated");
    }

    @Test
    void aFullPrefixStaysFullForLaterBatches() {
        stores.counters.last.put("NED", 999_999L);
        IngestSettings small = new IngestSettings(2, Duration.ofMinutes(2), CsvLimits.DEFAULT);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 5; i++) {
            csv.append("N").append(i).append(NED).append('\n');
        }
        csv.append("S1").append(SPO).append('\n');
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/batches.csv", bytes);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), CLOCK, small)
                .ingest(new IncomingObject("b", "incoming/batches.csv", null, eTag, bytes.length));

        assertThat(r.counts().rejected()).isEqualTo(5);
        assertThat(r.counts().created()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
    }

    @Test
    void gaplessNumberingRejectsPastTheLastNumberToo() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(SchemeLoader.defaultSchemeJson());
        json.put("gapless", true);
        Scheme gapless = SchemeLoader.parse(new ObjectMapper().writeValueAsBytes(json));
        assertThat(gapless.gapless()).isTrue();
        stores.counters.last.put("NED", 999_998L);

        ImportReport r = drop(() -> gapless, "incoming/gapless.csv", HEADER + "C1" + NED + "\n" + "C2" + NED + "\n" + "C3" + SPO + "\n");

        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(rejected(r)).contains("\"3\",\"prefix NED has no numbers left: {seq:6} ends at 999999");
        assertThat(stores.customers.byKey("sid:C1").code()).isEqualTo("NED999999");
        assertThat(stores.counters.peek("NED")).as("the counter never passes the last number").isEqualTo(999_999L);
    }

    @Test
    void aQuoteNeverClosedInAWholeFileCostsItsLineAndTheLinesAfterItAreImported() {
        // The default limits: the parser gives up on the record line 3 starts after 132,096 characters, and reads on after line 3.
        StringBuilder csv = new StringBuilder(HEADER).append("Q1").append(NED).append("\n").append("Q2,\"未闭合").append(NED).append("\n");
        for (int i = 3; i <= 3000; i++) {
            csv.append("Q").append(i).append(SPO).append("第").append(i).append("行的备注，足够长以便超过解析器的缓冲区").append("\n");
        }
        ImportReport r = stores.ingest(SchemeSource.builtIn(), CLOCK, new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT))
                .ingest(new IncomingObject("b", "incoming/quote.csv", null, stores.objects.put("incoming/quote.csv",
                        csv.toString().getBytes(StandardCharsets.UTF_8)), csv.length()));
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().rows()).isEqualTo(3000);
        assertThat(r.counts().accepted()).isEqualTo(2999);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"3\",\"a quote opened in this line does not close").doesNotContain("not read");
        assertThat(stores.customers.byKey("sid:Q2")).isNull();
        assertThat(stores.customers.byKey("sid:Q3")).isNotNull();
        assertThat(stores.customers.byKey("sid:Q3000").attributes()).containsEntry("备注", "第3000行的备注,足够长以便超过解析器的缓冲区");
    }

    @Test
    void aQuoteStillOpenAtTheEndOfAFileCostsItsLineAndTheRowsAfterItAreImported() {
        ImportReport r = drop("incoming/open-quote.csv", HEADER + "Q1" + NED + "\n" + "Q2" + SPO + "\"unclosed quote here\n"
                + "Q3" + SPO + "after\n" + "Q4" + SPO + "\n");
        assertThat(r.counts().rows()).as("every line a row").isEqualTo(4);
        assertThat(r.counts().accepted()).isEqualTo(3);
        assertThat(r.counts().rejected()).isEqualTo(1);
        assertThat(rejected(r)).contains("\"3\",\"a quote opened in this line does not close");
        assertThat(stores.customers.byKey("sid:Q2")).isNull();
        assertThat(stores.customers.byKey("sid:Q3").attributes()).containsEntry("备注", "after");
        assertThat(stores.customers.byKey("sid:Q4")).isNotNull();
    }

    @Test
    void aLineTheParserCannotReadIsRejectedForWhatIsWrongWithIt() {
        // Line 3: 20,000 cells, more than the parser counts (16,384); line 4, the first record of the
        // parser that reads on after line 3 (its error names no line): a quoted cell of 200,000
        // characters, closed, longer than the parser's buffer. Neither is an unclosed quote, and 40,000
        // characters are not "more than a record is read to".
        String wide = "W2" + SPO + ",x".repeat(20_000);
        String tall = "T3" + SPO.substring(0, SPO.length() - 1) + ",\"" + "长".repeat(200_000) + "\"";
        String csv = HEADER + "Q1" + NED + "\n" + wide + "\n" + tall + "\n" + "Q4" + SPO + "\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), CLOCK, new IngestSettings(1000, Duration.ofMinutes(2), CsvLimits.DEFAULT))
                .ingest(new IncomingObject("b", "incoming/wide.csv", null, stores.objects.put("incoming/wide.csv", bytes), bytes.length));
        assertThat(rejected(r)).as(r.message()).contains("\"3\",\"the record has more than 16,384 fields (at most 2,000 are read)")
                .contains("\"4\",\"the line is 200,025 characters long, more than a record is read to (the limit is 65,536)")
                .doesNotContain("quote opened");
        assertThat(r.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(r.counts().accepted()).isEqualTo(2);
        assertThat(r.counts().rejected()).isEqualTo(2);
        assertThat(stores.customers.byKey("sid:Q4")).isNotNull();
    }
}
