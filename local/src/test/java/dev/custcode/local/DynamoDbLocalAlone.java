package dev.custcode.local;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local alone (no stack), on a free loopback port, with a fresh table shaped as one of the
 * template's per call: what the adapter contract tests run against.
 */
final class DynamoDbLocalAlone implements AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private final java.nio.file.Path dir;
    private final LocalDynamoDb server;
    final DynamoDbClient dynamo;

    DynamoDbLocalAlone() throws Exception {
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
