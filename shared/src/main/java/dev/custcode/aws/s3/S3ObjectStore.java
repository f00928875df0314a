package dev.custcode.aws.s3;

import dev.custcode.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The data bucket through the S3 API. */
public final class S3ObjectStore implements ObjectStore {
    /**
     * Bodies up to this size go in one PutObject; larger ones as multipart uploads of parts this
     * size (S3's minimum part size), so a writer holds at most one part in memory.
     */
    static final int PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    /** Built once, from the client's own configuration (region, credentials, endpoint, path style). */
    private final S3Presigner presigner;

    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        var config = s3.serviceClientConfiguration();
        this.presigner = S3Presigner.builder().s3Client(s3).region(config.region()).credentialsProvider(config.credentialsProvider()).build();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public InputStream open(String key, String versionId, String eTag) throws IOException {
        return resuming(key, versionId, eTag, 0, -1);
    }

    @Override
    public InputStream openRange(String key, String versionId, String eTag, long start, long end) throws IOException {
        if (end <= start) {
            return InputStream.nullInputStream();
        }
        return resuming(key, versionId, eTag, start, end);
    }

    /** Bytes {@code start} to {@code end} (exclusive; -1: to the object's end), read on from where a broken connection left them. */
    private InputStream resuming(String key, String versionId, String eTag, long start, long end) throws IOException {
        return new ResumingStream(new PinnedReads(key, versionId, eTag, end), start, "s3://" + bucket + "/" + key);
    }

    /**
     * The GETs of one read: every GET after the first pinned to the version (or the ETag) the first
     * one read, so a resumed read never mixes two uploads.
     */
    private final class PinnedReads implements ResumingStream.Opener {
        private final String key;
        private final String versionId;
        private final long end;
        private String eTag;

        PinnedReads(String key, String versionId, String eTag, long end) {
            this.key = key;
            this.versionId = versionId;
            this.eTag = eTag;
            this.end = end;
        }

        @Override
        public InputStream open(long position) throws IOException {
            if (end >= 0 && position >= end) {
                return InputStream.nullInputStream();
            }
            String range = position == 0 && end < 0 ? null : "bytes=" + position + "-" + (end < 0 ? "" : Long.toString(end - 1));
            var in = get(key, versionId, eTag, range);
            if (!isVersion(versionId) && (eTag == null || eTag.isBlank())) {
                eTag = in.response().eTag();
            }
            return in;
        }
    }

    private software.amazon.awssdk.core.ResponseInputStream<software.amazon.awssdk.services.s3.model.GetObjectResponse> get(
            String key, String versionId, String eTag, String range) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key).range(range);
        if (isVersion(versionId)) {
            req.versionId(versionId);
        } else if (eTag != null && !eTag.isBlank()) {
            req.ifMatch(eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"");
        }
        try {
            return s3.getObject(req.build());
        } catch (NoSuchKeyException e) {
            throw new ObjectMissingException("s3://" + bucket + "/" + key + " no longer exists");
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ObjectChangedException("s3://" + bucket + "/" + key + " was overwritten after the upload this import is for");
            }
            if (e.statusCode() == 404) {
                throw new ObjectMissingException("s3://" + bucket + "/" + key + " (version " + versionId + ") no longer exists");
            }
            throw e;
        }
    }

    /** A version id to read by (an unversioned bucket's objects have none, or "null"). */
    private static boolean isVersion(String versionId) {
        return versionId != null && !versionId.isBlank() && !"null".equals(versionId);
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    @Override
    public int deleteOlderVersions(String key) {
        int deleted = 0;
        try {
            for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key))) {
                for (var v : page.versions()) {
                    if (v.key().equals(key) && !Boolean.TRUE.equals(v.isLatest()) && v.versionId() != null && !"null".equals(v.versionId())) {
                        s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(v.versionId()));
                        deleted++;
                    }
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                throw e;
            }
            // A store without versions (the local S3Proxy): there is nothing older to delete.
        }
        return deleted;
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    @Override
    public Optional<Tagged> readTagged(String key) {
        try {
            var bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(new Tagged(bytes.asByteArray(), bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean replace(String key, byte[] content, String contentType, String eTag) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).ifMatch(eTag.startsWith("\"") ? eTag : "\"" + eTag + "\""),
                    RequestBody.fromBytes(content));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // 412: changed since; 409: another conditional write to the key is in progress; 404: deleted since.
            if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public java.net.URI presignPut(String key, java.time.Duration ttl) {
        try {
            return presigner.presignPutObject(b -> b.signatureDuration(ttl).putObjectRequest(p -> p.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public java.net.URI presignGet(String key, java.time.Duration ttl) {
        try {
            return presigner.presignGetObject(b -> b.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
                    .url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String startUpload(String key, String contentType) {
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, byte[] content, int length) {
        try {
            return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromInputStream(new ByteArrayInputStream(content, 0, length), length)).eTag();
        } catch (NoSuchUploadException e) {
            throw new UploadMissingException("upload " + uploadId + " of " + key + " no longer exists", e);
        }
    }

    @Override
    public void completeUpload(String key, String uploadId, List<String> partETags) {
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < partETags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(partETags.get(i)).build());
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (NoSuchUploadException e) {
            throw new UploadMissingException("upload " + uploadId + " of " + key + " no longer exists", e);
        }
    }

    @Override
    public ObjectWriter create(String key, String contentType) {
        return new MultipartWriter(key, contentType);
    }

    /** Buffers one part; the first full part turns the upload into a multipart upload. */
    private final class MultipartWriter extends ObjectWriter {
        private final String key;
        private final String contentType;
        private final PartBuffer buffer = new PartBuffer();
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;
        private boolean closed;

        MultipartWriter(String key, String contentType) {
            this.key = key;
            this.contentType = contentType;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
            if (buffer.size() >= PART_SIZE) {
                uploadPart();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, PART_SIZE - buffer.size());
                buffer.write(b, off, n);
                off += n;
                len -= n;
                if (buffer.size() >= PART_SIZE) {
                    uploadPart();
                }
            }
        }

        private void uploadPart() {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
            }
            int number = parts.size() + 1;
            String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromInputStream(buffer.asInputStream(), buffer.size())).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            buffer.reset();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (uploadId == null) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromInputStream(buffer.asInputStream(), buffer.size()));
                return;
            }
            if (buffer.size() > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        }

        @Override
        public void abort() {
            if (closed) {
                return;
            }
            closed = true;
            if (uploadId != null) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            }
        }
    }

    /** A growable byte buffer whose content is read in place, without the copy toByteArray() makes. */
    private static final class PartBuffer extends ByteArrayOutputStream {
        PartBuffer() {
            super(64 * 1024);
        }

        InputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
