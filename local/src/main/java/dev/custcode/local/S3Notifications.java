package dev.custcode.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds S3 event notifications in exactly the shape S3 sends them to Lambda (event version 2.1),
 * including the URL-encoded key ({@code +} for space) that handlers must decode.
 */
final class S3Notifications {
    private static final AtomicLong SEQUENCER = new AtomicLong(System.currentTimeMillis() * 1000);

    private S3Notifications() {
    }

    /** The object as S3 reports it in an event. */
    record CreatedObject(String bucket, String key, long size, String eTag, String versionId, String eventName) {
    }

    static String event(CreatedObject o, String configurationId, String region) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode records = root.putArray("Records");
        ObjectNode r = records.addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        r.put("eventName", o.eventName());
        r.putObject("userIdentity").put("principalId", "AWS:LOCAL");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        long seq = SEQUENCER.incrementAndGet();
        response.put("x-amz-request-id", String.format("%016X", seq));
        response.put("x-amz-id-2", "local/" + seq);
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", o.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "LOCAL");
        bucket.put("arn", "arn:aws:s3:::" + o.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(o.key()));
        object.put("size", o.size());
        object.put("eTag", o.eTag());
        if (o.versionId() != null) {
            object.put("versionId", o.versionId());
        }
        object.put("sequencer", HexFormat.of().withUpperCase().toHexDigits(seq).replaceFirst("^0+(?=.)", ""));
        return root.toString();
    }

    /** S3 URL-encodes keys in events: {@code incoming/my file.csv} → {@code incoming/my+file.csv}. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
