package dev.custcode.stewardship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Two erasures that rewrite the same row file at once: neither undoes the other (conditional writes). */
class ConcurrentErasureTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);

    /** Three customers, and a row with each one's phone rejected (its customer id is too long for a key): the rejected file carries all three phones. */
    private static final String FILE = """
            客户编号,客户名称,省份,手机,邮箱
            C1,王小明,浙江,13800138001,wang@example.com
            C2,李雷,北京,13800138002,lilei@example.com
            C3,韩梅梅,广东,13800138003,han@example.com
            %1$s,王小明,浙江,13800138001,
            %1$s,李雷,北京,13800138002,
            %1$s,韩梅梅,广东,13800138003,
            """.formatted("X".repeat(2100));

    @Test
    void anErasureThatRewritesAFileAnotherErasureJustRewroteKeepsTheOthersRemoval() {
        InMemoryStores stores = new InMemoryStores();
        byte[] bytes = FILE.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/two-people.csv", bytes);
        ImportReport imported = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/two-people.csv", null, eTag, bytes.length, CLOCK.instant()));
        String rejected = IngestService.rejectedKey(imported.importId());
        String full = IngestService.privateCopy(rejected);
        assertThat(stores.objects.text(full)).contains("13800138001", "13800138002", "13800138003");
        String first = code(stores, "C1");
        String second = code(stores, "C2");

        EraseService erasures = new EraseService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK);
        // The first erasure has read each file and is about to write it back when the second erases its person from the same files.
        AtomicBoolean raced = new AtomicBoolean();
        stores.objects.beforeReplace = key -> {
            if (raced.compareAndSet(false, true)) {
                erasures.erase(second);
            }
        };
        erasures.erase(first);

        assertThat(raced).isTrue();
        assertThat(stores.objects.text(full)).doesNotContain("13800138001", "13800138002")
                .contains("13800138003");
        List<String> maskedLines = stores.objects.text(rejected).lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertThat(maskedLines).containsExactly(stores.objects.text(full).lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toArray(String[]::new))
                .hasSize(1);
    }

    private static String code(InMemoryStores stores, String sourceId) {
        return stores.customers.all().stream().filter(c -> sourceId.equals(c.attributes().get("sourceId"))).findFirst().orElseThrow().code();
    }

    @Test
    void anErasureRemovesTheRowsOfAValueTheCustomerHadBeforeItChanged() {
        InMemoryStores stores = new InMemoryStores();
        String first = null;
        int n = 0;
        for (String file : List.of("客户编号,客户名称,省份,税号\nT1,税号客户有限公司,浙江,91330100200000002X\n",
                "客户编号,税号\nT1,91330100MA2H3Q2X1W\n")) {
            byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
            String key = "incoming/tax-" + n + ".csv";
            String eTag = stores.objects.put(key, bytes);
            ImportReport r = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                    .ingest(new IncomingObject("b", key, null, eTag, bytes.length, CLOCK.instant().plusSeconds(n++)));
            first = first == null ? r.importId() : first;
        }
        String warnings = IngestService.privateCopy(IngestService.warningsKey(first));
        assertThat(stores.objects.text(warnings)).as("the first file's invalid tax id was warned about").contains("91330100200000002X");

        new EraseService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK).erase(code(stores, "T1"));

        assertThat(stores.objects.text(warnings)).doesNotContain("91330100200000002X");
    }
}
