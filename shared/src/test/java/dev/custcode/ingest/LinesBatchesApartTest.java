package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Two lines of one customer in different batches of a file: the report counts it once, where it ends, and moves nothing it created. */
class LinesBatchesApartTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService twoRowBatches = stores.ingest(SchemeSource.builtIn(), CLOCK,
            new IngestSettings(2, Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT));

    private ImportReport drop(String key, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put(key, bytes);
        return twoRowBatches.ingest(new IncomingObject("b", key, null, eTag, bytes.length, CLOCK.instant()));
    }

    @Test
    void aCustomerCreatedThenMovedByALaterLineIsCountedInTheFolderItEndsInAndNotAsMoved() {
        ImportReport r = drop("incoming/a.csv", "客户编号,客户名称,省份,客户类型,累计金额\n"
                + "DB1,跨批重复公司,北京,企业,2000000\n"
                + "F1,填充客户一,北京,企业,10\n"
                + "F2,填充客户二,北京,企业,10\n"
                + "DB1,跨批重复公司,北京,企业,1000\n");
        assertThat(r.counts().created()).isEqualTo(3);
        assertThat(r.counts().duplicates()).isEqualTo(1);
        assertThat(r.counts().moved()).as("DB1 was created by this file: no move to report").isZero();
        String ends = stores.customers.resolve(java.util.List.of("sid:DB1")).values().iterator().next().folder();
        assertThat(ends).endsWith("tier-c");
        assertThat(r.folders()).as("three customers, each where it ends").containsEntry(ends, 3L).hasSize(1);
    }
}
