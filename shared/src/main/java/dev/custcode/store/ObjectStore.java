package dev.custcode.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** The data bucket (S3 in AWS, S3Proxy locally). Keys are relative to the bucket. */
public interface ObjectStore {

    /**
     * Opens an object for streaming, pinned to the version an event announced: the version id
     * when the bucket is versioned, else the ETag (If-Match), so that a file overwritten since is
     * never read in place of the one the event named.
     *
     * @param versionId the version id, or null
     * @param eTag      the ETag, or null (with a null version id too, the current object is read)
     * @throws ObjectMissingException if the object (or that version) no longer exists
     * @throws ObjectChangedException if the object was overwritten since
     */
    InputStream open(String key, String versionId, String eTag) throws IOException;

    /**
     * Bytes {@code start} (inclusive) to {@code end} (exclusive) of the same upload, as
     * {@link #open} checks it (a chunk of a large file, read by its own invocation).
     */
    InputStream openRange(String key, String versionId, String eTag, long start, long end) throws IOException;

    /** Reads a small object whole, if it exists. */
    Optional<byte[]> read(String key);

    /** Writes a small object in one request. */
    void put(String key, byte[] content, String contentType);

    /**
     * Creates an object written as a stream: small results in one request, large ones as a
     * multipart upload, so memory stays bounded. The object appears when the stream is closed;
     * {@link ObjectWriter#abort()} discards it.
     */
    ObjectWriter create(String key, String contentType);

    /**
     * Starts a multipart upload that may be continued by later invocations (an export longer than
     * one): its parts are sent with {@link #uploadPart} and it becomes the object on
     * {@link #completeUpload}. Uploads never completed are aborted by the bucket's lifecycle rule.
     *
     * @return the upload id
     */
    String startUpload(String key, String contentType);

    /**
     * Sends part {@code partNumber} (from 1; every part but the last at least 5 MiB) of an upload.
     * Sending the same part number again replaces it, so a retried invocation can redo its parts.
     *
     * @return the part's ETag, for {@link #completeUpload}
     * @throws UploadMissingException if the upload was completed or aborted since
     */
    String uploadPart(String key, String uploadId, int partNumber, byte[] content, int length);

    /**
     * Makes the object from parts 1…n, {@code partETags.get(i)} being part i+1's ETag.
     *
     * @throws UploadMissingException if the upload was completed or aborted since
     */
    void completeUpload(String key, String uploadId, java.util.List<String> partETags);

    /** An object's bytes and the ETag they were read under, for a conditional {@link #replace}. */
    record Tagged(byte[] content, String eTag) {
    }

    /** The object and its ETag; empty when it does not exist. */
    Optional<Tagged> readTagged(String key);

    /**
     * Overwrites the object only if it is still what was read under {@code eTag} (S3's conditional
     * write, {@code If-Match}). Answers false when another writer changed or deleted it since: the
     * caller reads it again and redoes its change, so two rewrites of one file lose neither.
     */
    boolean replace(String key, byte[] content, String contentType, String eTag);

    /** The bucket name, for reports. */
    String bucket();

    /**
     * Deletes every version of the key but the current one (the bucket is versioned: an
     * overwritten file still holds what it held); answers how many were deleted.
     */
    int deleteOlderVersions(String key);

    /** Deletes the object (its current version: older ones stay where the bucket keeps them); nothing when it is absent. */
    void delete(String key);

    /** Every key under {@code prefix}, in key order, read page by page. */
    java.util.List<String> list(String prefix);

    /** A URL that lets its holder download the object for {@code ttl}, without credentials. */
    java.net.URI presignGet(String key, java.time.Duration ttl);

    /** A URL that lets its holder upload one object under {@code key} (HTTP PUT) for {@code ttl}, without credentials. */
    java.net.URI presignPut(String key, java.time.Duration ttl);

    /** A stream that becomes an object on {@link #close()}, or nothing on {@link #abort()}. */
    abstract class ObjectWriter extends OutputStream {
        /** Discards what was written; the object is not created. Safe to call after close. */
        public abstract void abort();
    }

    final class ObjectMissingException extends IOException {
        public ObjectMissingException(String message) {
            super(message);
        }
    }

    final class ObjectChangedException extends IOException {
        public ObjectChangedException(String message) {
            super(message);
        }
    }

    /** A multipart upload that no longer exists: completed by an earlier attempt, or aborted. */
    final class UploadMissingException extends RuntimeException {
        public UploadMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
