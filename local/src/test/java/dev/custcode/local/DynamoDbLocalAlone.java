package dev.custcode.local;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local alone (no stack), on a free loopback port, with a fresh table shaped as one of the
 * template's per call: what the adapter contract tests run against. Started before a test class's
 * tests and stopped after them: {@code @RegisterExtension static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();}
 */
final class DynamoDbLocalAlone implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private java.nio.file.Path dir;
    private LocalDynamoDb server;
    DynamoDbClient dynamo;

    /** One started now, outside JUnit (a benchmark): closed by whoever started it. */
    static DynamoDbLocalAlone started() throws Exception {
        DynamoDbLocalAlone db = new DynamoDbLocalAlone();
        db.start();
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("custcode-contract-");
        server = LocalDynamoDb.start(dir, port);
        dynamo = LocalRuntime.localDynamoClient(URI.create("http://127.0.0.1:" + port));
    }

    /** A new empty table shaped as the template's {@code logicalId}; answers its name. */
    String freshTable(String logicalId) throws Exception {
        String name = logicalId + TABLES.incrementAndGet();
        dynamo.createTable(TemplateTables.named(logicalId, name));
        return name;
    }

    @Override
    public void close() throws Exception {
        dynamo.close();
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
