package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What changed, for the export function: written by ingest (and later reclassification) to
 * {@code manifests/<cause>.json}, whose creation triggers the export. Why a manifest object and
 * not a direct call: exports run in their own function with their own time and memory, and the
 * S3 event gives them Lambda's retries; the manifests prefix is theirs alone, so no function
 * ever writes where it is triggered.
 *
 * @param cause   the import id (or other cause) that changed the folders
 * @param at      ISO-8601 instant of the change
 * @param folders the leaf folders whose members changed (both sides of every move)
 */
public record ExportManifest(String cause, String at, List<String> folders) {
    public static final String PREFIX = "manifests/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A folder path as schemes make them: lower-case slugs (SchemeValidator's rule), at most 16 levels. */
    private static final String SLUG = "[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?";
    private static final Pattern FOLDER = Pattern.compile(SLUG + "(?:/" + SLUG + "){0,15}");
    /** Import ids, {@code sweep-<instant>}, and the like: it names objects under exports/. */
    private static final Pattern CAUSE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    /**
     * Checks what a manifest names, since its file may have been written by anyone allowed to
     * write {@code manifests/}: the folders become keys under {@code groups/} and the cause a key
     * under {@code exports/}.
     */
    public ExportManifest {
        if (cause == null || !CAUSE.matcher(cause).matches()) {
            throw new IllegalArgumentException("a manifest's cause is letters, digits and . _ : + - (at most 128): " + shorten(cause));
        }
        folders = List.copyOf(folders == null ? List.of() : folders);
        for (String f : folders) {
            if (f == null || !FOLDER.matcher(f).matches()) {
                throw new IllegalArgumentException("not a folder path (lower-case slugs separated by /, at most 16): " + shorten(f));
            }
        }
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    public String key() {
        return PREFIX + cause + ".json";
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if it is not JSON of a manifest, or names something no scheme makes */
    public static ExportManifest parse(byte[] json) {
        try {
            return JSON.readValue(json, ExportManifest.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException("not an export manifest: " + e.getCause().getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not an export manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an export manifest: " + e.getMessage(), e);
        }
    }

    /** Where the export of this cause reports what it wrote. */
    public static String reportKey(String cause) {
        return "exports/" + cause + ".json";
    }
}
