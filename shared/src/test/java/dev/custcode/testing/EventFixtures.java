package dev.custcode.testing;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The events of {@code events/} (on the functions' test classpath) as Lambda's own serialization
 * reads them, with some of their example values replaced (an object's key or ETag).
 */
public final class EventFixtures {
    private EventFixtures() {
    }

    /** A resource of the test classpath, whole. */
    public static byte[] bytes(String name) {
        try (InputStream in = EventFixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath (the functions' POMs add events/ as test resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture as an event of {@code type}, each {@code "field": "example"} of {@code replaced}
     * (JSON text, e.g. {@code "key": "undo/x.json"}) replaced first; a replacement that matches
     * nothing fails, so that a fixture edited under a test does not pass unnoticed.
     */
    public static <T> T load(String fixture, Class<T> type, Map<String, String> replaced) {
        String json = new String(bytes(fixture), StandardCharsets.UTF_8);
        for (var e : replaced.entrySet()) {
            if (!json.contains(e.getKey())) {
                throw new IllegalArgumentException(fixture + " has no " + e.getKey());
            }
            json = json.replace(e.getKey(), e.getValue());
        }
        return LambdaEventSerializers.serializerFor(type, EventFixtures.class.getClassLoader()).fromJson(json);
    }
}
