package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeRegistry;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code GET /scheme}: the scheme in force, where it comes from, and why an upload did not take. */
class SchemeAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC);

    private final InMemoryStores stores = new InMemoryStores();
    private final ApiRouter router = new ApiRouter(new LookupService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK));
    private final SchemeRegistry registry = new SchemeRegistry(stores.objects, CLOCK);

    private JsonNode get() throws Exception {
        ApiResponse response = router.handle(new ApiRequest("GET /scheme", java.util.Map.of(), java.util.Map.of(), null, null));
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void upload(byte[] scheme) {
        String eTag = stores.objects.put(SchemeRegistry.UPLOAD_KEY, scheme);
        registry.submit(SchemeRegistry.UPLOAD_KEY, null, eTag);
    }

    @Test
    void beforeAnyUploadItIsTheBuiltInDefaultInFull() throws Exception {
        JsonNode answer = get();
        assertThat(answer.get("source").asText()).isEqualTo("built-in");
        assertThat(answer.get("name").asText()).isEqualTo("default");
        assertThat(answer.has("lastCheck")).isFalse();
        assertThat(answer.get("scheme")).isEqualTo(JSON.readTree(SchemeLoader.defaultSchemeJson()));
    }

    @Test
    void anAcceptedUploadIsInForceAndARejectedOneLeavesItSayingWhy() throws Exception {
        ObjectNode mine = (ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
        mine.put("name", "mine");
        upload(JSON.writeValueAsBytes(mine));
        JsonNode accepted = get();
        assertThat(accepted.get("source").asText()).isEqualTo("config/active-scheme.json");
        assertThat(accepted.get("name").asText()).isEqualTo("mine");
        assertThat(accepted.at("/lastCheck/status").asText()).isEqualTo("ACCEPTED");

        mine.put("name", "broken").put("folders", 7);
        upload(JSON.writeValueAsBytes(mine));
        JsonNode rejected = get();
        assertThat(rejected.get("name").asText()).as("the last accepted stays in force").isEqualTo("mine");
        assertThat(rejected.at("/lastCheck/status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.at("/lastCheck/errors/0/path").asText()).startsWith("$.folders");
    }
}
