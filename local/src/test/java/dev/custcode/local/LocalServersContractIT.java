package dev.custcode.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link BackendContract} against the local stack's own servers, started alone (no runtime, no functions). */
class LocalServersContractIT extends BackendContract {
    private static LocalS3 s3;
    private static LocalDynamoDb dynamo;
    private static LocalSqs sqs;

    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = ScratchDirs.create("custcode-contract-");
        s3 = LocalS3.start(dir.resolve("s3"), LocalRuntime.freePort(), "contract-unused", created -> {
        });
        dynamo = LocalDynamoDb.start(dir.resolve("dynamodb"), LocalRuntime.freePort());
        sqs = LocalSqs.start(LocalRuntime.freePort(), "us-east-1", List.of(), dir.resolve("sqs"));
    }

    @AfterAll
    static void stop() throws Exception {
        sqs.close();
        dynamo.close();
        s3.close();
        ScratchDirs.delete(dir);
    }

    @Override
    protected Backend backend() {
        return new Backend(URI.create("http://127.0.0.1:" + s3.port()), URI.create("http://127.0.0.1:" + dynamo.port()),
                sqs.endpoint());
    }
}
