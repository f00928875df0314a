package dev.custcode.functions.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.custcode.scheme.SchemeRegistry;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.InMemoryObjectStore;
import dev.custcode.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheme trigger on S3's event (events/scheme-uploaded.json) over an in-memory bucket. */
class SchemeUploadedHandlerTest {
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final SchemeUploadedHandler handler = new SchemeUploadedHandler(
            new SchemeRegistry(objects, Clock.fixed(Instant.parse("2026-11-30T09:35:00Z"), ZoneOffset.UTC)));

    /** The fixture's event for the upload whose ETag is {@code eTag}. */
    private static S3Event uploaded(String key, String eTag) {
        return EventFixtures.load("scheme-uploaded.json", S3Event.class,
                Map.of("\"eTag\": \"example-etag-scheme\"", "\"eTag\": \"" + eTag + "\"", "\"key\": \"config/scheme.json\"", "\"key\": \"" + key + "\""));
    }

    private static byte[] defaultScheme() {
        return EventFixtures.bytes("dev/custcode/scheme/default-scheme.json");
    }

    @Test
    void aValidSchemeIsActivatedAndItsStatusWritten() {
        String eTag = objects.put("config/scheme.json", defaultScheme());

        String result = handler.handleRequest(uploaded("config/scheme.json", eTag), TestContext.of("SchemeFunction", 60));

        assertThat(result).startsWith("ACCEPTED config/scheme.json (scheme ");
        assertThat(objects.content.get("config/active-scheme.json")).isEqualTo(defaultScheme());
        assertThat(objects.text("config/scheme-status.json")).contains("\"status\" : \"ACCEPTED\"", "\"eTag\" : \"" + eTag + "\"", "\"errors\" : [ ]");
    }

    @Test
    void anInvalidSchemeIsRejectedWithItsErrorsAndTheSchemeInForceStays() {
        String eTag = objects.put("config/scheme.json", "{\"name\": \"broken\", \"dimensions\": 7}".getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(uploaded("config/scheme.json", eTag), TestContext.of("SchemeFunction", 60));

        assertThat(result).startsWith("REJECTED config/scheme.json with ").contains("error(s)");
        assertThat(objects.content).doesNotContainKey("config/active-scheme.json");
        assertThat(objects.text("config/scheme-status.json")).contains("\"status\" : \"REJECTED\"", "\"inForce\" : \"default\"", "\"problem\" : \"expected an array");
    }

    @Test
    void anEventForAnUploadReplacedSinceIsLeftToTheNewerUploadsOwnEvent() {
        objects.put("config/scheme.json", defaultScheme());

        String result = handler.handleRequest(uploaded("config/scheme.json", "an-older-upload"), TestContext.of("SchemeFunction", 60));

        assertThat(result).contains("changed again before it was read");
        assertThat(objects.content).doesNotContainKeys("config/active-scheme.json", "config/scheme-status.json");
    }

    @Test
    void objectsOtherThanTheSchemeUploadAreIgnored() {
        objects.put("config/notes.json", defaultScheme());

        String result = handler.handleRequest(uploaded("config/notes.json", "x"), TestContext.of("SchemeFunction", 60));

        assertThat(result).isEmpty();
        assertThat(objects.content).containsOnlyKeys("config/notes.json");
    }
}
