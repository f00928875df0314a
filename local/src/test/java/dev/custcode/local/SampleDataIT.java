package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The foundation's acceptance test: the real 10,000-row sample dropped into a fresh local stack
 * through the S3 API comes out coded and filed, and dropping it again allocates no codes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleDataIT {
    private static Path SAMPLE;
    private static TestStack stack;
    private static String firstImport;

    @BeforeAll
    static void start() throws Exception {
        SAMPLE = TestStack.sampleData().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(SAMPLE != null,
                "customers-10000.csv not found beside the repository (../shared/data) nor in $CUSTCODE_SAMPLE_DATA: skipping the sample-data test");
        stack = TestStack.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        stack.dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    private static Map<String, Long> counters() {
        Map<String, Long> out = new HashMap<>();
        scan("CountersTable").forEach(i -> out.put(i.get("prefix").s(), Long.parseLong(i.get("last").n())));
        return out;
    }

    @Test
    @Order(1)
    void everyCustomerIsCodedAndFiled() throws Exception {
        long t0 = System.nanoTime();
        stack.put("incoming/customers-10000.csv", SAMPLE);
        firstImport = stack.importIdOf("incoming/customers-10000.csv");
        JsonNode report = stack.awaitReport(firstImport, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode export = stack.awaitExport(report, Duration.ofMinutes(5));
        System.out.printf("customers-10000.csv: exports of %d folders (%d rows) in %d ms, %.1f s after upload%n",
                export.get("folders").size(), export.get("rows").asLong(), export.get("millis").asLong(), (System.nanoTime() - t0) / 1e9);
        System.out.printf("customers-10000.csv: upload to report %.1f s, %.0f rows/s end to end, report says %s rows/s%n",
                seconds, 10_000 / seconds, report.at("/timings/rowsPerSecond").asText());

        JsonNode counts = report.get("counts");
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(counts.get("rows").asLong()).isEqualTo(10_000);
        assertThat(counts.get("accepted").asLong() + counts.get("rejected").asLong()).isEqualTo(counts.get("rows").asLong());
        assertThat(counts.get("new").asLong()).isEqualTo(10_000);

        // Customer items only (under code:…), not the claims of their keys.
        List<Map<String, AttributeValue>> customers = scan("CustomersTable").stream().filter(i -> i.get("pk").s().startsWith("code:")).toList();
        assertThat(customers).hasSize(10_000);
        Set<String> codes = new HashSet<>();
        Map<String, Long> perPrefix = new HashMap<>();
        Map<String, Long> maxSeq = new HashMap<>();
        for (var c : customers) {
            String code = c.get("code").s();
            String prefix = c.get("prefix").s();
            long seq = Long.parseLong(c.get("seq").n());
            assertThat(code).matches("[A-Z]{3}\\d{6}").isEqualTo(prefix + String.format("%06d", seq));
            codes.add(code);
            perPrefix.merge(prefix, 1L, Long::sum);
            maxSeq.merge(prefix, seq, Math::max);
        }
        assertThat(codes).as("codes are unique").hasSize(10_000);
        // A clean run issues every reserved number: each counter equals its prefix's count and highest number.
        assertThat(counters()).isEqualTo(perPrefix).isEqualTo(maxSeq);

        // Sample rows land where the scheme says: Norway is Europe, the contact of a company is an enterprise.
        Map<String, AttributeValue> heather = stack.customerItem("sid:EB54EF1154C3A78");
        assertThat(heather.get("folder").s()).isEqualTo("europe/enterprise/tier-c");
        assertThat(heather.get("code").s()).startsWith("UEZ");
        assertThat(heather.get("attrs").m().get("name").s()).isEqualTo("Heather Callahan");
    }

    @Test
    @Order(2)
    void folderFilesAddUpToTheAcceptedRows() throws Exception {
        JsonNode index = stack.json("groups/_index.json");
        assertThat(index.get("total").asLong()).isEqualTo(10_000);
        long leafRows = 0;
        long topLevelTotal = 0;
        for (JsonNode region : index.get("children")) {
            topLevelTotal += region.get("count").asLong();
            List<String> regionCodes = exportCodes(region.get("path").asText());
            assertThat(regionCodes).as("region export has every member, in code order").hasSize(region.get("count").asInt()).isSorted();
            for (JsonNode type : region.get("children")) {
                for (JsonNode tier : type.get("children")) {
                    String path = tier.get("path").asText();
                    List<String> codes = exportCodes(path);
                    assertThat(codes).hasSize(tier.get("count").asInt());
                    leafRows += codes.size();
                    JsonNode summary = stack.json("groups/" + path + "/_summary.json");
                    assertThat(summary.get("total").asLong()).isEqualTo(codes.size());
                    assertThat(summary.get("importIds").toString()).contains(firstImport);
                }
            }
            JsonNode regionSummary = stack.json("groups/" + region.get("path").asText() + "/_summary.json");
            assertThat(regionSummary.get("label").asText()).isEqualTo(region.get("label").asText());
        }
        assertThat(leafRows).isEqualTo(10_000);
        assertThat(topLevelTotal).isEqualTo(10_000);
        assertThat(index.at("/children/0/label").asText()).isNotBlank();
    }

    private static List<String> exportCodes(String folder) throws Exception {
        byte[] bytes = stack.get("groups/" + folder + "/_export.csv").orElseThrow();
        assertThat(bytes[0] & 0xFF).as("UTF-8 BOM").isEqualTo(0xEF);
        List<String> codes = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))) {
            boolean header = true;
            for (CsvRecord r : csv) {
                if (header) {
                    assertThat(r.getField(0)).isEqualTo("code");
                    header = false;
                } else {
                    codes.add(r.getField(0));
                }
            }
        }
        return codes;
    }

    @Test
    @Order(3)
    void droppingTheSameCustomersAgainIssuesNoCodes() {
        Map<String, Long> before = counters();
        stack.put("incoming/customers-10000-again.csv", SAMPLE);
        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/customers-10000-again.csv"), Duration.ofMinutes(5));
        assertThat(report.at("/counts/new").asLong()).isZero();
        assertThat(report.at("/counts/unchanged").asLong()).isEqualTo(10_000);
        assertThat(report.get("codeRanges")).isEmpty();
        assertThat(counters()).isEqualTo(before);
        assertThat(scan("CustomersTable").stream().filter(i -> i.get("pk").s().startsWith("code:"))).hasSize(10_000);
    }

    @Test
    @Order(4)
    void reuploadingTheSameObjectIsTheSameImport() {
        Map<String, Long> before = counters();
        long imports = scan("ImportsTable").stream().filter(i -> "import".equals(i.get("item").s())).count();
        stack.put("incoming/customers-10000.csv", SAMPLE);
        assertThat(stack.importIdOf("incoming/customers-10000.csv")).isEqualTo(firstImport);
        stack.awaitIdle(Duration.ofMinutes(2));
        assertThat(stack.runtime.failedEvents()).isEmpty();
        assertThat(scan("ImportsTable").stream().filter(i -> "import".equals(i.get("item").s())).count()).isEqualTo(imports);
        assertThat(counters()).isEqualTo(before);
    }
}
