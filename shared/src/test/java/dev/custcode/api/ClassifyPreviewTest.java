package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /classify}: a dry run that names the next code, or why there is none. */
class ClassifyPreviewTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final LookupService lookups = new LookupService(stores.customers, stores.imports, stores.history, stores.folders,
            stores.objects, stores.counters, SchemeSource.builtIn(), Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));

    @SuppressWarnings("unchecked")
    private Map<String, Object> first(String body) {
        return ((List<Map<String, Object>>) lookups.classify().classify(body).get("results")).get(0);
    }

    @Test
    void theNextCodeFollowsTheCounterAndAnExhaustedPrefixSaysSoInsteadOfFailing() {
        String body = "{\"客户名称\":\"北京新公司有限公司\",\"省份\":\"北京\",\"销售渠道\":\"直销\"}";
        Map<String, Object> r = first(body);
        assertThat(r).containsEntry("prefix", "NED").containsEntry("nextCode", "NED000001").doesNotContainKey("problem");

        stores.counters.last.put("NED", 999_999L);
        Map<String, Object> exhausted = first(body);
        assertThat(exhausted.get("nextCode")).isNull();
        assertThat(exhausted.get("problem")).isEqualTo("prefix NED has no numbers left: {seq:6} ends at 999999");
    }
}
