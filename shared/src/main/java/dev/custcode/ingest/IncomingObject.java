package dev.custcode.ingest;

/**
 * An uploaded file announced by an S3 event.
 *
 * @param bucket    bucket name
 * @param key       object key, URL-decoded
 * @param versionId version id when the bucket is versioned, else null
 * @param eTag      the ETag from the event
 * @param size      size in bytes from the event
 */
public record IncomingObject(String bucket, String key, String versionId, String eTag, long size) {
    public String importId() {
        return ImportId.of(bucket, key, versionId, eTag);
    }
}
