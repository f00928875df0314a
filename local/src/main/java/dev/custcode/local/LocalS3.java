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
        bodiesOfPutAreObjects(proxy);
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        return new LocalS3(proxy, notifying, port);
    }

    /**
     * A PUT's body is the object whatever its content type, as in S3: Jetty reads the body of a PUT
     * sent as a form ({@code curl -X PUT --data-binary @file URL} sends
     * {@code application/x-www-form-urlencoded}) as request parameters, and S3Proxy then stored an
     * empty object. S3Proxy keeps its server private; its connectors are told that only POST bodies
     * are forms.
     */
    private static void bodiesOfPutAreObjects(S3Proxy proxy) throws ReflectiveOperationException {
        java.lang.reflect.Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        var server = (org.gaul.shaded.org.eclipse.jetty.server.Server) field.get(proxy);
        for (var connector : server.getConnectors()) {
            var http = connector.getConnectionFactory(org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setFormEncodedMethods("POST");
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
