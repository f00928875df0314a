package dev.custcode.store;

import dev.custcode.ingest.ImportStatus;

/**
 * An import as tracked in the imports table.
 *
 * @param importId  derived from bucket, key and version/ETag ({@link dev.custcode.ingest.ImportId})
 * @param bucket    source bucket
 * @param key       source key
 * @param version   the object version or ETag the import read
 * @param status    where it stands
 * @param startedAt ISO-8601 instant
 * @param finishedAt ISO-8601 instant, or null while running
 * @param rowsRead  rows read so far (progress) or in all
 * @param accepted  rows accepted
 * @param rejected  rows rejected
 * @param message   a one-line summary (why it failed, or counts)
 * @param undoneAt  when an undo of it took its changes back (its status stays what the import ended with), or null
 */
public record ImportRecord(
        String importId,
        String bucket,
        String key,
        String version,
        ImportStatus status,
        String startedAt,
        String finishedAt,
        long rowsRead,
        long accepted,
        long rejected,
        String message,
        String undoneAt,
        long conflicts) {

    /** An import not undone, no row of it in conflict (yet: a finished import's record counts them, {@link #withConflicts}). */
    public ImportRecord(String importId, String bucket, String key, String version, ImportStatus status, String startedAt,
                        String finishedAt, long rowsRead, long accepted, long rejected, String message) {
        this(importId, bucket, key, version, status, startedAt, finishedAt, rowsRead, accepted, rejected, message, null, 0);
    }

    /** An import undone at {@code undoneAt} (or not: null), no row of it in conflict. */
    public ImportRecord(String importId, String bucket, String key, String version, ImportStatus status, String startedAt,
                        String finishedAt, long rowsRead, long accepted, long rejected, String message, String undoneAt) {
        this(importId, bucket, key, version, status, startedAt, finishedAt, rowsRead, accepted, rejected, message, undoneAt, 0);
    }

    /** The same import, undone at this instant. */
    public ImportRecord undone(String at) {
        return new ImportRecord(importId, bucket, key, version, status, startedAt, finishedAt, rowsRead, accepted, rejected, message, at, conflicts);
    }

    /** The same import with its rows in conflict counted: rows read = accepted + rejected + conflicts once it has finished. */
    public ImportRecord withConflicts(long count) {
        return new ImportRecord(importId, bucket, key, version, status, startedAt, finishedAt, rowsRead, accepted, rejected, message, undoneAt, count);
    }
}
