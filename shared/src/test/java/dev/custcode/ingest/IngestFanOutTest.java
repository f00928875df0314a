package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A file cut into chunks, imported chunk by chunk in any order, ends as the same import done at once. */
class IngestFanOutTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final IngestSettings CHUNKED = new IngestSettings(5, java.time.Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT)
            .withChunks(7, 0);

    private static byte[] file() {
        StringBuilder csv = new StringBuilder("\uFEFF客户编号,客户名称,省份,累计金额,备注\r\n");
        String[] provinces = {"北京", "上海", "广东", "四川", "浙江"};
        for (int i = 0; i < 60; i++) {
            csv.append("F").append(i).append(",客户").append(i).append("有限公司,").append(provinces[i % 5]).append(',')
                    .append(i * 1000).append(",\"第一行\r\n第二行\"\r\n");
        }
        csv.append("F3,客户3有限公司,北京,999999,later line wins\r\n");
        csv.append(",,,,no identity\r\n");
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> state(InMemoryStores s) {
        Map<String, String> out = new TreeMap<>();
        for (Customer c : s.customers.all()) {
            // Not the prefix: a customer named twice in the file takes it from whichever row creates it first.
            out.put(c.keys().get(0), c.folder() + " " + new TreeMap<>(c.attributes()));
        }
        return out;
    }

    /** Imports a file cut into chunks of {@link #CHUNKED}: planned (more than three chunks), then every chunk queued, in order. */
    private static ImportReport inChunks(InMemoryStores fan, String key, byte[] bytes) {
        String eTag = fan.objects.put(key, bytes);
        IngestService ingest = fan.fanningIngest(SchemeSource.builtIn(), CLOCK, CHUNKED);
        ImportReport planned = ingest.ingest(new IncomingObject("b", key, null, eTag, bytes.length));
        assertThat(fan.queued).hasSizeGreaterThan(3);
        for (String m : new ArrayList<>(fan.queued)) {
            String[] parts = m.split("#");
            ingest.importChunk(parts[0], Integer.parseInt(parts[1]), CLOCK.instant().plusSeconds(60));
        }
        return planned;
    }

    @Test
    void anInvocationWithLittleTimeCutsEvenASmallFileIntoChunksItsTimeoutFits() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额\n");
        for (int i = 0; i < 300; i++) {
            csv.append("T").append(i).append(",客户").append(i).append("有限公司,北京,").append(i * 100).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).as("far below the 4 MiB above which files are cut anyway").isLessThan(16 << 10);

        InMemoryStores shortTimeout = new InMemoryStores();
        String eTag = shortTimeout.objects.put("incoming/t.csv", bytes);
        IngestService ingest = shortTimeout.fanningIngest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
        // One second left: 60 rows (chunks have at least 100) or 8 KiB is what it is sure to import in that time.
        ImportReport planned = ingest.ingest(new IncomingObject("b", "incoming/t.csv", null, eTag, bytes.length), CLOCK.instant(),
                CLOCK.instant().plusSeconds(1));
        assertThat(planned.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(shortTimeout.queued).hasSize(3); // 300 rows, 100 a chunk

        InMemoryStores lambdaTimeout = new InMemoryStores();
        lambdaTimeout.objects.put("incoming/t.csv", bytes);
        ImportReport inline = lambdaTimeout.fanningIngest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/t.csv", null, eTag, bytes.length), CLOCK.instant().plusSeconds(870),
                        CLOCK.instant().plusSeconds(900));
        assertThat(inline.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(lambdaTimeout.queued).isEmpty();
        assertThat(lambdaTimeout.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT).within(CLOCK.instant().plusSeconds(900)))
                .as("Lambda's 900 s keeps the template's chunks").isEqualTo(IngestSettings.DEFAULT);
    }

    @Test
    void aChunkCutSmallForAShortTimeoutIsReadInSmallerBatchesSoItCanPauseBeforeItsEnd() {
        IngestService ingest = new InMemoryStores().ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);
        assertThat(ingest.batchRows(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1, 2, 1_200))).isEqualTo(150);
        assertThat(ingest.batchRows(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1, 2, 100))).isEqualTo(50);
        assertThat(ingest.batchRows(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1, 2, 50_000))).as("Lambda's 900 s: the settings' batch")
                .isEqualTo(1_000);
    }

    @Test
    void anUploadOverwrittenWhileItsChunksAreReadEndsPartialWithTheChunksReadAndSaysWhyAtOnce() {
        byte[] bytes = file();
        InMemoryStores fan = new InMemoryStores();
        String eTag = fan.objects.put("incoming/f.csv", bytes);
        IngestService ingest = fan.fanningIngest(SchemeSource.builtIn(), CLOCK, CHUNKED);
        ImportReport planned = ingest.ingest(new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length));
        List<String> messages = new ArrayList<>(fan.queued);
        assertThat(messages).hasSize(9);
        for (String m : messages.subList(0, 4)) {
            String[] parts = m.split("#");
            ingest.importChunk(parts[0], Integer.parseInt(parts[1]), CLOCK.instant().plusSeconds(60));
        }
        fan.objects.put("incoming/f.csv", "客户编号,客户名称\nN1,新的有限公司\n".getBytes(StandardCharsets.UTF_8));
        // Each chunk left ends at its first run: none is failed for a retry that could never read it.
        for (String m : messages.subList(4, 9)) {
            String[] parts = m.split("#");
            ingest.importChunk(parts[0], Integer.parseInt(parts[1]), CLOCK.instant().plusSeconds(60));
        }
        var record = fan.imports.records.get(planned.importId());
        assertThat(record.status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(record.accepted()).as("the four chunks read: 28 rows").isEqualTo(28);
        String report = fan.objects.text(IngestService.reportKey(planned.importId()));
        assertThat(report).contains("the file could not be read to the end").contains("was overwritten");
        String rejected = fan.objects.text(IngestService.rejectedKey(planned.importId()));
        assertThat(rejected).contains("a newer upload is imported on its own");
    }

    @Test
    void chunksInAnyOrderWithARetryGiveTheSameImport() {
        byte[] bytes = file();
        InMemoryStores inline = new InMemoryStores();
        String eTag = inline.objects.put("incoming/f.csv", bytes);
        ImportReport whole = inline.ingest(SchemeSource.builtIn(), CLOCK, CHUNKED.withChunks(0, 0))
                .ingest(new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length));

        for (long seed = 1; seed <= 3; seed++) {
            InMemoryStores fan = new InMemoryStores();
            fan.objects.put("incoming/f.csv", bytes);
            IngestService ingest = fan.fanningIngest(SchemeSource.builtIn(), CLOCK, CHUNKED);
            IncomingObject object = new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length);
            ImportReport planned = ingest.ingest(object);
            assertThat(planned.status()).isEqualTo(ImportStatus.RUNNING);
            assertThat(fan.queued).hasSize(9); // 62 records, 7 a chunk
            List<String> messages = new ArrayList<>(fan.queued);
            Collections.shuffle(messages, new Random(seed));
            // A redelivered S3 event while chunks are pending queues the missing ones again.
            assertThat(ingest.ingest(object).status()).isEqualTo(ImportStatus.RUNNING);
            assertThat(fan.queued).hasSize(18);
            for (String m : messages) {
                String[] parts = m.split("#");
                ingest.importChunk(parts[0], Integer.parseInt(parts[1]), CLOCK.instant().plusSeconds(60));
                // A duplicate message of a done chunk changes nothing.
                ingest.importChunk(parts[0], Integer.parseInt(parts[1]), CLOCK.instant().plusSeconds(60));
            }
            String reportJson = fan.objects.text(IngestService.reportKey(planned.importId()));
            assertThat(reportJson).contains("\"status\" : \"PARTIAL\"").contains("(9 chunks)");
            assertThat(state(fan)).as("seed %d", seed).isEqualTo(state(inline));
            assertThat(fan.customers.byKey("sid:F3").attributes()).containsEntry("amount", "999999");
            assertThat(new HashSet<>(fan.customers.all().stream().map(Customer::code).toList())).hasSize(60);
            assertThat(fan.imports.records.get(planned.importId()).status()).isEqualTo(ImportStatus.PARTIAL);
            assertThat(fan.imports.records.get(planned.importId()).accepted()).isEqualTo(whole.counts().accepted());
            assertThat(fan.imports.records.get(planned.importId()).rejected()).isEqualTo(1);
            String rejected = fan.objects.text(IngestService.rejectedKey(planned.importId()));
            assertThat(rejected).startsWith("\uFEFF\"line\",\"reason\",\"content\"\r\n").contains("\r\n\"123\",\"no identity")
                    .doesNotContain("\r\n\"line\",");
        }
    }

    @Test
    void aQuoteNeverClosedInOneChunkCostsItsLineOnlyAndTheLinesAfterItAreRead() throws Exception {
        // Line 12 opens a quote that the quoted amount of line 13 closes, then a digit follows: the parser cannot read on there.
        StringBuilder csv = new StringBuilder("客户编号,客户名称,累计金额\r\n");
        for (int i = 1; i <= 40; i++) {
            csv.append("Q").append(i).append(i == 11 ? ",\"未闭合客户" : ",客户" + i).append(i == 12 ? ",\"4,550,001\"" : "," + i).append("\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        InMemoryStores fan = new InMemoryStores();
        ImportReport planned = inChunks(fan, "incoming/quote.csv", bytes);
        String report = fan.objects.text(IngestService.reportKey(planned.importId()));
        com.fasterxml.jackson.databind.JsonNode counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report).get("counts");
        assertThat(counts.get("rows").asLong()).as("every line of the file, line 12 and line 13 each a row").isEqualTo(40);
        assertThat(counts.get("accepted").asLong()).isEqualTo(39);
        assertThat(counts.get("rejected").asLong()).isEqualTo(1);
        assertThat(fan.customers.byKey("sid:Q11")).as("line 12, whose quote never closes").isNull();
        assertThat(fan.customers.byKey("sid:Q12")).as("the line after it").isNotNull();
        assertThat(fan.customers.byKey("sid:Q12").attributes()).containsEntry("amount", "4,550,001");
        assertThat(fan.customers.byKey("sid:Q40")).isNotNull();
        String rejected = fan.objects.text(IngestService.rejectedKey(planned.importId()));
        assertThat(rejected).contains("\"12\",\"a quote opened in this line does not close").doesNotContain("was not read");
        assertThat(fan.objects.text(IngestService.privateCopy(IngestService.rejectedKey(planned.importId()))))
                .as("the full copy holds the line").contains("Q11,\"\"\"\"未闭合客户,11");
    }

    @Test
    void aTitleBeforeTheHeaderIsSkippedInEveryChunkAndInOneRunAlike() throws Exception {
        // Excel's report layout: a title and an empty formatted row above the table. The same file, cut or not, gives the same import.
        String table = new String(file(), StandardCharsets.UTF_8).substring(1);
        byte[] bytes = ("\uFEFF客户明细表,,,,\r\n,,,,\r\n" + table).getBytes(StandardCharsets.UTF_8);
        InMemoryStores fan = new InMemoryStores();
        ImportReport planned = inChunks(fan, "incoming/titled.csv", bytes);
        InMemoryStores inline = new InMemoryStores();
        String tag = inline.objects.put("incoming/titled.csv", bytes);
        ImportReport once = inline.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/titled.csv", null, tag, bytes.length));

        assertThat(once.input().headerLine()).isEqualTo(3);
        assertThat(once.counts().rows()).as("60 rows, the later F3 and the row without identity: no title among them").isEqualTo(62);
        assertThat(once.counts().rejected()).isEqualTo(1);
        assertThat(state(fan)).isEqualTo(state(inline)).hasSize(60);
        String report = fan.objects.text(IngestService.reportKey(planned.importId()));
        assertThat(report).contains("\"headerLine\" : 3").contains("\"rows\" : 62");
        // The rows keep their lines in the file: the first at line 4, each row two lines (a note over two lines).
        assertThat(fan.objects.text(IngestService.rejectedKey(planned.importId()))).contains("\"125\"");
        assertThat(inline.objects.text(IngestService.rejectedKey(once.importId()))).contains("\"125\"");
    }

    @Test
    void aFileWritingDatesMonthFirstIsReadSoInEveryChunk() throws Exception {
        // US order lines: 11/28/2016 in the first rows says month first; 3/5/2016 is then 5 March in every chunk.
        StringBuilder csv = new StringBuilder("Customer ID,Customer Name,State,Last Order Date,Sales\r\n");
        csv.append("US0,Claire Gute,Kentucky,11/28/2016,261.96\r\n");
        for (int i = 1; i < 40; i++) {
            csv.append("US").append(i).append(",Customer ").append(i).append(",California,3/5/2016,").append(i * 10).append("\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        InMemoryStores fan = new InMemoryStores();
        ImportReport planned = inChunks(fan, "incoming/us.csv", bytes);
        assertThat(fan.customers.byKey("sid:US0").attributes()).containsEntry("lastOrderDate", "2016-11-28");
        assertThat(fan.customers.byKey("sid:US39").attributes()).containsEntry("lastOrderDate", "2016-03-05");
        assertThat(fan.objects.text(IngestService.reportKey(planned.importId()))).contains("\"dateOrder\" : \"month first");

        // A file that says nothing either way stays day first, as documented.
        InMemoryStores inline = new InMemoryStores();
        byte[] plain = "Customer ID,Customer Name,Last Order Date\r\nUS1,Customer 1,3/5/2016\r\n".getBytes(StandardCharsets.UTF_8);
        String tag = inline.objects.put("incoming/plain.csv", plain);
        ImportReport r = inline.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/plain.csv", null, tag, plain.length));
        assertThat(r.input().dateOrder()).isNull();
        assertThat(inline.customers.byKey("sid:US1").attributes()).containsEntry("lastOrderDate", "3/5/2016");

        // Dates that disagree: read day first, as the rule says, and the report says so and shows both.
        byte[] mixed = ("Customer ID,Customer Name,Last Order Date\r\nUS1,Alpha,11/28/2026\r\nUS2,Beta,12/10/2025\r\nUS3,Gamma,13/01/2026\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String mixedTag = inline.objects.put("incoming/mixed.csv", mixed);
        ImportReport m = inline.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/mixed.csv", null, mixedTag, mixed.length));
        assertThat(m.input().dateOrder()).startsWith("day first, though").contains("11/28/2026").contains("13/01/2026");

        // The same in chunks: the plan keeps what the first rows said, and the report written at the end says it.
        StringBuilder many = new StringBuilder("Customer ID,Customer Name,Last Order Date\r\nUS1,Alpha,11/28/2026\r\nUS3,Gamma,13/01/2026\r\n");
        for (int i = 4; i < 40; i++) {
            many.append("US").append(i).append(",Customer ").append(i).append(",12/10/2025\r\n");
        }
        InMemoryStores chunked = new InMemoryStores();
        ImportReport inParts = inChunks(chunked, "incoming/mixed-big.csv", many.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(chunked.objects.text(IngestService.reportKey(inParts.importId())))
                .contains("\"dateOrder\" : \"day first, though the first rows disagree").contains("11/28/2026").contains("13/01/2026");
        assertThat(chunked.customers.byKey("sid:US39").attributes()).as("day first: kept as written").containsEntry("lastOrderDate", "12/10/2025");
    }

    @Test
    void aSemicolonFileReadsDecimalCommasInEveryChunk() {
        // The plan keeps only the delimiter: each chunk's reader has its number style from it.
        StringBuilder csv = new StringBuilder("sep=;\r\nCustomer Id;Client Name;City;Amount\r\n");
        for (int i = 0; i < 40; i++) {
            csv.append("EU").append(i).append(";Kunde ").append(i).append(";Köln;").append(i % 2 == 0 ? "250.000" : "2,500").append("\r\n");
        }
        byte[] bytes = csv.toString().getBytes(java.nio.charset.Charset.forName("windows-1252"));
        InMemoryStores fan = new InMemoryStores();
        ImportReport planned = inChunks(fan, "incoming/eu.csv", bytes);
        assertThat(fan.customers.byKey("sid:EU38").dimensions()).containsEntry("tier", "a");
        assertThat(fan.customers.byKey("sid:EU39").dimensions()).containsEntry("tier", "c");
        assertThat(fan.objects.text(IngestService.warningsKey(planned.importId()))).contains("read as 2.5");
    }

    @Test
    void aPlanStoredBeforeTheDateOrderWasReadBackIsDayFirst() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        dev.custcode.store.ImportPlan plan = new dev.custcode.store.ImportPlan("k", null, "e", "UTF-8", 0, "x", ',', List.of("a"), "p",
                "2026-11-29", 10, List.of(), true);
        String written = json.writeValueAsString(plan);
        assertThat(json.readValue(written, dev.custcode.store.ImportPlan.class).monthFirst()).isTrue();
        assertThat(json.readValue(written.replace(",\"monthFirst\":true", ""), dev.custcode.store.ImportPlan.class).monthFirst()).isFalse();
    }

    /** A clock tests move forward, and that moves {@code step} on every reading (work takes time). */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        private final java.time.Duration step;

        MovingClock() {
            this(java.time.Duration.ZERO);
        }

        MovingClock(java.time.Duration step) {
            this.step = step;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(step);
            return now;
        }
    }

    /** The customer store, dying (as a killed invocation would) at its n-th write. */
    static final class Crashing extends dev.custcode.testing.DelegatingCustomerStore {
        private int writesLeft;

        Crashing(dev.custcode.store.CustomerStore delegate, int writes) {
            super(delegate);
            this.writesLeft = writes;
        }

        @Override
        public List<Rejected> write(List<dev.custcode.store.CustomerWrite> writes) {
            if (writesLeft-- <= 0) {
                throw new IllegalStateException("simulated crash");
            }
            return super.write(writes);
        }
    }

    @Test
    void aChunkWhoseInvocationDiedIsRedoneAfterItsLeaseWithNothingLostOrDoubled() {
        byte[] bytes = file();
        InMemoryStores inline = new InMemoryStores();
        String eTag = inline.objects.put("incoming/f.csv", bytes);
        inline.ingest(SchemeSource.builtIn(), CLOCK, CHUNKED.withChunks(0, 0)).ingest(new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length));

        InMemoryStores fan = new InMemoryStores();
        fan.objects.put("incoming/f.csv", bytes);
        MovingClock clock = new MovingClock();
        IngestService ingest = fan.fanningIngest(SchemeSource.builtIn(), clock, CHUNKED);
        IncomingObject object = new IncomingObject("b", "incoming/f.csv", null, eTag, bytes.length);
        String importId = ingest.ingest(object).importId();
        IngestService dying = new IngestService(new IngestStores(fan.objects, new Crashing(fan.customers, 1), fan.counters, fan.gapless,
                fan.imports, fan.history, fan.folders, fan.chunkQueue), SchemeSource.builtIn(), clock, CHUNKED);
        ingest.importChunk(importId, 0, clock.instant().plusSeconds(60));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dying.importChunk(importId, 1, clock.instant().plusSeconds(60)))
                .hasMessageContaining("simulated crash");
        // Its message comes back at once: the chunk is still held by the dead invocation's lease.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest.importChunk(importId, 1, clock.instant().plusSeconds(60)))
                .isInstanceOf(ChunkBusyException.class);
        clock.now = clock.now.plus(CHUNKED.lease()).plusSeconds(1);
        for (int c = 1; c < 9; c++) {
            ingest.importChunk(importId, c, clock.instant().plusSeconds(60));
        }
        assertThat(fan.imports.records.get(importId).status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(state(fan)).isEqualTo(state(inline));
        assertThat(fan.customers.all().stream().map(Customer::code).distinct().count()).isEqualTo(60);
        long reserved = fan.counters.last.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reserved - 60).as("the redone chunk reused its recorded blocks: no number lost").isZero();
        String report = fan.objects.text(IngestService.reportKey(importId));
        assertThat(report).contains("\"new\" : 60");
    }

    @Test
    void aChunkLongerThanItsInvocationsPausesAndGoesOnInTheNextWithNothingLostOrDoubled() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额\r\n");
        for (int i = 0; i < 90; i++) {
            if (i % 11 == 4) {
                csv.append(",,北京,5\r\n"); // no identity: rejected
            } else {
                csv.append("P").append(i).append(",客户").append(i).append("有限公司,上海,").append(i % 7 == 2 ? "about 5k" : i * 10).append("\r\n");
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        InMemoryStores inline = new InMemoryStores();
        String eTag = inline.objects.put("incoming/p.csv", bytes);
        String inlineId = inline.ingest(SchemeSource.builtIn(), CLOCK, CHUNKED.withChunks(0, 0))
                .ingest(new IncomingObject("b", "incoming/p.csv", null, eTag, bytes.length)).importId();

        InMemoryStores fan = new InMemoryStores();
        fan.objects.put("incoming/p.csv", bytes);
        // Every reading of the clock takes 300 ms; an invocation has 6 s: a batch of 5 rows or two, then a pause.
        MovingClock clock = new MovingClock(java.time.Duration.ofMillis(300));
        IngestService ingest = fan.fanningIngest(SchemeSource.builtIn(), clock, CHUNKED.withChunks(45, 0));
        String importId = ingest.ingest(new IncomingObject("b", "incoming/p.csv", null, eTag, bytes.length)).importId();
        assertThat(fan.queued).hasSize(2);
        int invocations = 0;
        while (!fan.queued.isEmpty()) {
            String[] m = fan.queued.remove(0).split("#");
            invocations++;
            if (invocations == 3) {
                // One continuation dies at its first write and is redone after its lease, from where the pause left it.
                IngestService dying = new IngestService(new IngestStores(fan.objects, new Crashing(fan.customers, 0), fan.counters, fan.gapless,
                        fan.imports, fan.history, fan.folders, fan.chunkQueue), SchemeSource.builtIn(), clock, CHUNKED.withChunks(45, 0));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> dying.importChunk(m[0], Integer.parseInt(m[1]), clock.instant(),
                        clock.instant().plusSeconds(6))).hasMessageContaining("simulated crash");
                fan.queued.add(m[0] + "#" + m[1]);
                continue;
            }
            try {
                ingest.importChunk(m[0], Integer.parseInt(m[1]), clock.instant(), clock.instant().plusSeconds(6));
            } catch (ChunkBusyException e) {
                // Held by the dead invocation until its end: the message comes back later, as SQS hands it back.
                fan.queued.add(m[0] + "#" + m[1]);
            }
            assertThat(invocations).as("every invocation gets on").isLessThan(200);
        }
        assertThat(invocations).as("the two chunks were read in several parts each").isGreaterThan(6);
        assertThat(fan.imports.records.get(importId).status()).isEqualTo(ImportStatus.PARTIAL);
        assertThat(state(fan)).isEqualTo(state(inline));
        assertThat(fan.customers.all().stream().map(Customer::code).distinct().count()).isEqualTo(82);
        String report = fan.objects.text(IngestService.reportKey(importId));
        assertThat(report).contains("\"new\" : 82").contains("\"rejected\" : 8").contains("(2 chunks)");
        for (String file : List.of("rejected.csv", "warnings.csv")) {
            String whole = inline.objects.text("imports/" + inlineId + "/" + file);
            assertThat(whole.lines().count()).as(file).isGreaterThan(8);
            assertThat(fan.objects.text("imports/" + importId + "/" + file)).as("%s, joined from every part", file).isEqualTo(whole);
        }
    }
}
