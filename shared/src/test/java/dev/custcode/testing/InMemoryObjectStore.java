package dev.custcode.testing;

import dev.custcode.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A bucket. ETags are content hashes, as S3's are for single-part uploads. */
public final class InMemoryObjectStore implements ObjectStore {
    public final Map<String, byte[]> content = new ConcurrentHashMap<>();

    public String put(String key, byte[] bytes) {
        content.put(key, bytes);
        return eTag(bytes);
    }

    public static String eTag(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open(String key, String versionId, String eTag) throws IOException {
        byte[] bytes = content.get(key);
        if (bytes == null) {
            throw new ObjectMissingException(key + " no longer exists");
        }
        if (eTag != null && !eTag(bytes).equals(eTag.replace("\"", ""))) {
            throw new ObjectChangedException(key + " was overwritten");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream openRange(String key, String versionId, String eTag, long start, long end) throws IOException {
        InputStream all = open(key, versionId, eTag);
        all.skipNBytes(start);
        return new ByteArrayInputStream(all.readNBytes((int) (end - start)));
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(content.get(key));
    }

    /** Runs after each put: tests make something happen just after a writer's object lands. */
    public java.util.function.Consumer<String> afterPut = key -> { };

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        content.put(key, bytes);
        afterPut.accept(key);
    }

    @Override
    public Optional<Tagged> readTagged(String key) {
        return read(key).map(bytes -> new Tagged(bytes, eTag(bytes)));
    }

    /** Runs before each conditional write: tests make another writer change the object then. */
    public java.util.function.Consumer<String> beforeReplace = key -> { };

    @Override
    public boolean replace(String key, byte[] bytes, String contentType, String eTag) {
        beforeReplace.accept(key);
        byte[] now = content.get(key);
        // replace(key, old, new) compares the arrays by identity: true only if nothing was put since the read just above.
        return now != null && eTag(now).equals(eTag.replace("\"", "")) && content.replace(key, now, bytes);
    }

    /** No versions are kept here. */
    @Override
    public int deleteOlderVersions(String key) {
        return 0;
    }

    @Override
    public void delete(String key) {
        content.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return content.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    /** S3 refuses parts under 5 MiB but the last (EntityTooSmall); tests of many small parts lower it. */
    public int minPartSize = 5 * 1024 * 1024;
    /** Runs as each part arrives: tests look around then, or fail the upload. */
    public Runnable beforePart = () -> { };
    /** Multipart uploads in progress: upload id → part number → content. */
    private final Map<String, java.util.TreeMap<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong uploadIds = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String startUpload(String key, String contentType) {
        String id = key + "#" + uploadIds.incrementAndGet();
        uploads.put(id, new java.util.TreeMap<>());
        return id;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
        beforePart.run();
        byte[] part = java.util.Arrays.copyOf(bytes, length);
        var parts = uploads.get(uploadId);
        if (parts == null) {
            throw new UploadMissingException("no such upload: " + uploadId, null);
        }
        synchronized (parts) {
            parts.put(partNumber, part);
        }
        return eTag(part);
    }

    @Override
    public void completeUpload(String key, String uploadId, List<String> partETags) {
        var parts = uploads.remove(uploadId);
        if (parts == null) {
            throw new UploadMissingException("no such upload: " + uploadId, null);
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 1; i <= partETags.size(); i++) {
            byte[] part = parts.get(i);
            if (part == null || !eTag(part).equals(partETags.get(i - 1))) {
                throw new IllegalStateException("part " + i + " of " + uploadId + " is missing or differs");
            }
            if (i < partETags.size() && part.length < minPartSize) {
                throw new IllegalStateException("part " + i + " of " + uploadId + " is under 5 MiB (S3's EntityTooSmall)");
            }
            whole.writeBytes(part);
        }
        content.put(key, whole.toByteArray());
    }

    /** Uploads started and not completed. */
    public int openUploads() {
        return uploads.size();
    }

    @Override
    public ObjectWriter create(String key, String contentType) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ObjectWriter() {
            private boolean done;

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public void close() {
                if (!done) {
                    done = true;
                    content.put(key, buffer.toByteArray());
                }
            }

            @Override
            public void abort() {
                done = true;
            }
        };
    }

    @Override
    public String bucket() {
        return "test-bucket";
    }

    @Override
    public java.net.URI presignPut(String key, java.time.Duration ttl) {
        return java.net.URI.create("memory://upload/" + key);
    }

    @Override
    public java.net.URI presignGet(String key, java.time.Duration ttl) {
        return java.net.URI.create("memory://test-bucket/" + key + "?ttl=" + ttl.toSeconds());
    }

    public String text(String key) {
        return new String(content.get(key), java.nio.charset.StandardCharsets.UTF_8);
    }
}
