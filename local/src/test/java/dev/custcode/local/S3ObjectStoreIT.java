package dev.custcode.local;

import dev.custcode.aws.s3.S3ObjectStore;
import dev.custcode.store.ObjectStore;
import dev.custcode.testing.ObjectStoreContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 adapter keeps the contract the in-memory bucket keeps: S3Proxy alone (no stack), a fresh bucket per test. */
class S3ObjectStoreIT extends ObjectStoreContract {
    private static LocalS3 local;
    private static S3Client s3;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = ScratchDirs.create("custcode-s3-");
        local = LocalS3.start(dir, LocalRuntime.freePort(), "contract-unused", created -> {
        });
        s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + local.port())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).forcePathStyle(true).build();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        local.close();
        ScratchDirs.delete(dir);
    }

    @Override
    protected ObjectStore emptyStore() {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3ObjectStore(s3, bucket);
    }

    @org.junit.jupiter.api.Test
    void aPutSentAsAFormStoresItsBodyAsS3Does() throws Exception {
        // curl -X PUT --data-binary @file <presigned URL> sends application/x-www-form-urlencoded.
        String bucket = "contract-form-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] body = "客户编号,客户名称\nA1,甲=乙&丙\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var http = java.net.http.HttpClient.newHttpClient();
        var put = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.port() + "/" + bucket + "/incoming/form.csv"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        org.assertj.core.api.Assertions.assertThat(put.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("incoming/form.csv")).asByteArray()).isEqualTo(body);
    }
}
