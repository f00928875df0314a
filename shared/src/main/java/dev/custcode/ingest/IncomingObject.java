package dev.custcode.ingest;

/**
 * An uploaded file announced by an S3 event.
 *
 * @param bucket    bucket name
 * @param key       object key, URL-decoded
 * @param versionId version id when the bucket is versioned, else null
 * @param eTag      the ETag from the event
 * @param size      size in bytes from the event
 * @param eventTime when S3 says the object was created (orders files for "the most recent upload
 *                  wins"), or null when unknown (then the import's start counts)
 */
public record IncomingObject(String bucket, String key, String versionId, String eTag, long size, java.time.Instant eventTime) {
    public IncomingObject(String bucket, String key, String versionId, String eTag, long size) {
        this(bucket, key, versionId, eTag, size, null);
    }

    public String importId() {
        return ImportId.of(bucket, key, versionId, eTag);
    }
}
