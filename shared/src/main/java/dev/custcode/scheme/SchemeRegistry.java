package dev.custcode.scheme;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The scheme in force, kept in the data bucket.
 *
 * <p>Operators upload {@code config/scheme.json}; {@link #submit} validates it and, only if it is
 * valid, copies it to {@code config/active-scheme.json}, which is what {@link #current()} reads.
 * Why a separate copy: the upload key is the operator's to overwrite, with anything; an invalid
 * upload must leave the previous valid scheme in force. Every check writes
 * {@code config/scheme-status.json}, saying what was accepted or, by JSON path, what is wrong.
 */
public final class SchemeRegistry implements SchemeSource {
    public static final String UPLOAD_KEY = "config/scheme.json";
    public static final String ACTIVE_KEY = "config/active-scheme.json";
    public static final String STATUS_KEY = "config/scheme-status.json";
    /** Putting it asks for a re-evaluation run (its body: {} or an as-of date); read by the runs, written by people and imports. */
    public static final String REEVALUATE_KEY = "config/reevaluate.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore objects;
    private final Clock clock;

    public SchemeRegistry(ObjectStore objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** The active scheme: the last accepted upload, else the built-in default. */
    @Override
    public Scheme current() {
        Optional<byte[]> active = objects.read(ACTIVE_KEY);
        if (active.isEmpty()) {
            return SchemeLoader.defaultScheme();
        }
        try {
            return SchemeLoader.parse(active.get());
        } catch (InvalidSchemeException e) {
            // Only validated schemes are ever written there: this is a broken deployment, not bad input.
            throw new IllegalStateException(ACTIVE_KEY + " is not a valid scheme: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] currentJson() {
        return objects.read(ACTIVE_KEY).orElseGet(SchemeLoader::defaultSchemeJson);
    }

    /**
     * What {@code config/scheme-status.json} says.
     *
     * @param status    ACCEPTED or REJECTED
     * @param checkedAt when
     * @param key       the object checked
     * @param eTag      its ETag
     * @param scheme    the checked scheme's name (when it parsed)
     * @param inForce   the name of the scheme in force after the check
     * @param errors    every problem, by JSON path
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String status, String checkedAt, String key, String eTag, String scheme, String inForce,
                         List<SchemeError> errors) {
        public boolean accepted() {
            return "ACCEPTED".equals(status);
        }
    }

    /**
     * Validates an uploaded scheme and activates it if valid; writes and returns the status.
     *
     * @return null when the object named no longer exists or was overwritten (the newer upload is checked on its own event)
     */
    public Status submit(String key, String versionId, String eTag) {
        byte[] bytes;
        try (InputStream in = objects.open(key, versionId, eTag)) {
            bytes = in.readAllBytes();
        } catch (ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Status status;
        try {
            Scheme scheme = SchemeLoader.parse(bytes);
            objects.put(ACTIVE_KEY, bytes, "application/json");
            status = new Status("ACCEPTED", clock.instant().toString(), key, eTag, scheme.name(), scheme.name(), List.of());
        } catch (InvalidSchemeException e) {
            status = new Status("REJECTED", clock.instant().toString(), key, eTag, null, current().name(), e.errors());
        }
        try {
            objects.put(STATUS_KEY, JSON.writeValueAsBytes(status), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return status;
    }
}
