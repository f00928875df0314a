package dev.custcode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

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

    public ExportManifest {
        folders = List.copyOf(folders);
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

    public static ExportManifest parse(byte[] json) {
        try {
            return JSON.readValue(json, ExportManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an export manifest: " + e.getMessage(), e);
        }
    }

    /** Where the export of this cause reports what it wrote. */
    public static String reportKey(String cause) {
        return "exports/" + cause + ".json";
    }
}
