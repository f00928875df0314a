package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A scheme activated while an import runs: the import files its customers by the scheme it started
 * with, and the run that followed the activation may have passed them, so the import asks for a run.
 */
class SchemeChangedDuringImportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private static final String CSV = "客户编号,客户名称,省份,累计金额\nS1,杭州青木贸易有限公司,浙江,200000\nS2,北京星河科技有限公司,北京,500000\n";

    /** The default scheme until {@code after} calls have read it, then the same with other folder levels. */
    private static SchemeSource changingAfter(int after) {
        byte[] before = SchemeLoader.defaultSchemeJson();
        byte[] changed = new String(before, StandardCharsets.UTF_8).replaceFirst("\"folders\"\\s*:\\s*\\[[^]]*]", "\"folders\": [\"region\", \"tier\"]")
                .getBytes(StandardCharsets.UTF_8);
        AtomicInteger reads = new AtomicInteger();
        return new SchemeSource() {
            @Override
            public Scheme current() {
                try {
                    return SchemeLoader.parse(currentJson());
                } catch (dev.custcode.scheme.InvalidSchemeException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public byte[] currentJson() {
                return reads.getAndIncrement() < after ? before : changed;
            }
        };
    }

    private static ImportReport drop(InMemoryStores stores, SchemeSource schemes) {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        String eTag = stores.objects.put("incoming/a.csv", bytes);
        return stores.ingest(schemes, CLOCK, IngestSettings.DEFAULT).ingest(new IncomingObject("b", "incoming/a.csv", null, eTag, bytes.length,
                CLOCK.instant()));
    }

    @Test
    void anImportThatStartedUnderTheSchemeBeforeAsksForARunWhichFilesItsCustomersByTheNewOne() {
        assertThat(new String(SchemeLoader.defaultSchemeJson(), StandardCharsets.UTF_8)).contains("\"folders\"");
        InMemoryStores stores = new InMemoryStores();
        ImportReport report = drop(stores, changingAfter(1));
        assertThat(report.counts().created()).isEqualTo(2);
        assertThat(stores.objects.content).containsKey(dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY);
        assertThat(new String(stores.objects.content.get(dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void anImportUnderTheSchemeStillInForceAsksForNothing() {
        InMemoryStores stores = new InMemoryStores();
        assertThat(drop(stores, changingAfter(Integer.MAX_VALUE)).counts().created()).isEqualTo(2);
        assertThat(stores.objects.content).doesNotContainKey(dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY);
    }

    @Test
    void theKeyIsTheOneTheRunsAreAskedForAt() {
        assertThat(dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY).isEqualTo(dev.custcode.evaluate.RunRequest.REQUEST_KEY);
    }
}
