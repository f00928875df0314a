package dev.custcode.local;

import java.net.URI;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server (S3Proxy) on 127.0.0.1 storing objects as files under a data folder,
 * reporting every created object to a listener.
 */
final class LocalS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final int port;

    private LocalS3(S3Proxy proxy, NotifyingBlobStore store, int port) {
        this.proxy = proxy;
        this.store = store;
        this.port = port;
    }

    /** Delivers the ObjectCreated event of an existing object once more. */
    void redeliver(String bucket, String key) {
        store.redeliver(bucket, key);
    }

    static LocalS3 start(Path dir, int port, String bucket, Consumer<S3Notifications.CreatedObject> listener) throws Exception {
        Files.createDirectories(dir);
        FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        NotifyingBlobStore notifying = new NotifyingBlobStore(store, listener);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(notifying)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                // Any credentials are accepted, as by LocalStack: a developer's real AWS profile works unchanged.
                .awsAuthentication(AuthenticationType.NONE, "", "")
                .ignoreUnknownHeaders(true)
                // As the template's CorsConfiguration: the web page (on the local API's origin)
                // PUTs uploads with presigned URLs and opens report links.
                .corsRules(new org.gaul.s3proxy.CrossOriginResourceSharing(List.of("http://(127\\.0\\.0\\.1|localhost)(:\\d+)?"),
                        List.of("PUT", "GET", "HEAD"), List.of("content-type"), List.of("ETag"), "false"))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        return new LocalS3(proxy, notifying, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
