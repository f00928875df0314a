package dev.custcode.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives an import's id from what identifies the uploaded bytes.
 *
 * <p>Why bucket + key + version (or ETag), and not a random id or the event time: S3 delivers
 * events at least once and Lambda retries, so the same upload can arrive several times, at any
 * time. Hashing what names the object's content makes every delivery of one upload the same
 * import, while a new upload to the same key (new version, new ETag) is a new import.
 */
public final class ImportId {
    private ImportId() {
    }

    /** {@code of("custcode-local", "incoming/a.csv", null, "9b2cf535f27731c974343645a3985328")} → 20 hex digits. */
    public static String of(String bucket, String key, String versionId, String eTag) {
        String version = versionId != null && !versionId.isBlank() && !"null".equals(versionId) ? "v:" + versionId : "e:" + normalizeETag(eTag);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((bucket + "\n" + key + "\n" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** S3 quotes ETags in some places and not in others. */
    public static String normalizeETag(String eTag) {
        if (eTag == null) {
            return "";
        }
        String e = eTag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
