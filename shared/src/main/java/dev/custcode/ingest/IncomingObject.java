package dev.custcode.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

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
public record IncomingObject(String bucket, String key, String versionId, String eTag, long size, Instant eventTime) {
    public IncomingObject(String bucket, String key, String versionId, String eTag, long size) {
        this(bucket, key, versionId, eTag, size, null);
    }

    public String importId() {
        return ImportId.of(bucket, key, versionId, eTag);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** As JSON, e.g. in a re-drive message: absent fields are null. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("bucket", bucket);
        n.put("key", key);
        n.put("versionId", versionId);
        n.put("eTag", eTag);
        n.put("size", size);
        n.put("eventTime", eventTime == null ? null : eventTime.toString());
        return n;
    }

    /** From {@link #toJson()}. */
    public static IncomingObject fromJson(JsonNode n) {
        String bucket = n.path("bucket").asText(null);
        String key = n.path("key").asText(null);
        if (bucket == null || key == null) {
            throw new IllegalArgumentException("an object needs a bucket and a key: " + n);
        }
        String time = n.path("eventTime").asText(null);
        return new IncomingObject(bucket, key, n.path("versionId").asText(null), n.path("eTag").asText(null), n.path("size").asLong(0),
                time == null ? null : Instant.parse(time));
    }
}
