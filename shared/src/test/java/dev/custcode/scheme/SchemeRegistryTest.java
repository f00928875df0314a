package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.classify.Classifier;
import dev.custcode.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemeRegistryTest {
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final SchemeRegistry registry = new SchemeRegistry(objects, Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    private static byte[] northSouth() throws Exception {
        Path p = Path.of("../examples/north-south-scheme.json");
        return Files.readAllBytes(Files.exists(p) ? p : Path.of("examples/north-south-scheme.json"));
    }

    private SchemeRegistry.Status upload(byte[] bytes) {
        String eTag = objects.put(SchemeRegistry.UPLOAD_KEY, bytes);
        return registry.submit(SchemeRegistry.UPLOAD_KEY, null, eTag);
    }

    @Test
    void withoutAnUploadTheBuiltInSchemeIsInForce() {
        assertThat(registry.current().name()).isEqualTo("default");
    }

    @Test
    void aValidUploadIsPutInForce() throws Exception {
        SchemeRegistry.Status status = upload(northSouth());
        assertThat(status.accepted()).isTrue();
        assertThat(status.inForce()).isEqualTo("north-south");
        assertThat(registry.current().name()).isEqualTo("north-south");
        assertThat(objects.text(SchemeRegistry.STATUS_KEY)).contains("\"status\" : \"ACCEPTED\"");
    }

    @Test
    void anInvalidUploadNeverReplacesTheSchemeInForce() throws Exception {
        upload(northSouth());
        String broken = new String(northSouth(), StandardCharsets.UTF_8).replace("\"folder\": \"north\"", "\"folder\": \"North China\"");
        SchemeRegistry.Status status = upload(broken.getBytes(StandardCharsets.UTF_8));
        assertThat(status.accepted()).isFalse();
        assertThat(status.errors()).extracting(SchemeError::path).containsExactly("$.dimensions[0].values[0].folder");
        assertThat(status.inForce()).isEqualTo("north-south");
        assertThat(registry.current().name()).isEqualTo("north-south");
        String statusJson = objects.text(SchemeRegistry.STATUS_KEY);
        assertThat(statusJson).contains("REJECTED").contains("$.dimensions[0].values[0].folder");

        SchemeRegistry.Status garbage = upload("{ not json".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.errors()).extracting(SchemeError::path).containsExactly("$");
        assertThat(registry.current().name()).isEqualTo("north-south");
    }

    @Test
    void anUploadOverwrittenBeforeItIsReadIsLeftToItsOwnEvent() throws Exception {
        String oldETag = objects.put(SchemeRegistry.UPLOAD_KEY, northSouth());
        objects.put(SchemeRegistry.UPLOAD_KEY, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.submit(SchemeRegistry.UPLOAD_KEY, null, oldETag)).isNull();
        assertThat(objects.content).doesNotContainKey(SchemeRegistry.STATUS_KEY);
    }

    @Test
    void theNorthSouthAlternativeSplitsChinaAndFilesByIndustry() throws Exception {
        Classifier c = new Classifier(SchemeLoader.parse(northSouth()));
        LocalDate today = LocalDate.of(2026, 11, 23);
        assertThat(c.classify(Map.of("name", "x", "province", "山东"), today).values().get("region").key()).isEqualTo("north");
        assertThat(c.classify(Map.of("name", "x", "province", "江苏省"), today).values().get("region").key()).isEqualTo("south");
        assertThat(c.classify(Map.of("name", "x", "province", "黑龙江", "industry", "制造业"), today).folder()).isEqualTo("north/manufacturing/tier-c");
        assertThat(c.classify(Map.of("name", "x", "country", "Japan", "industry", "Banking"), today).folder()).isEqualTo("asia/finance/tier-c");
    }
}
