package dev.custcode.ingest;

import java.time.Instant;

/**
 * Stamps order writes of a field: the upload time of the file (S3 event time), then its key, then
 * the line. They compare as strings, so a stored value is replaced only by a value from a file
 * uploaded later (or a later line of the same file), whatever order imports run or retry in:
 * {@code 001764456575123|incoming/a.csv|000000000042}.
 */
public final class Stamps {
    private Stamps() {
    }

    static String prefix(Instant uploadedAt, String key) {
        return String.format("%015d|%s", uploadedAt.toEpochMilli(), key);
    }

    static String of(String prefix, long line) {
        return prefix + "|" + String.format("%012d", line);
    }

    /** Whether a write stamped {@code incoming} may set a field last set by {@code stored} (null: never set). */
    public static boolean wins(String incoming, String stored) {
        return stored == null || incoming.compareTo(stored) >= 0;
    }

    /**
     * Whether {@code incoming} comes from a file uploaded after the one of {@code stored}: two lines
     * of one file are one upload (a merge of two customers of one file keeps the survivor's values).
     */
    public static boolean laterUpload(String incoming, String stored) {
        return upload(incoming).compareTo(upload(stored)) > 0;
    }

    private static String upload(String stamp) {
        int line = stamp.lastIndexOf('|');
        return line < 0 ? stamp : stamp.substring(0, line);
    }
}
