package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoCustomerStore;
import dev.custcode.store.CustomerStore;
import dev.custcode.testing.CustomerStoreContract;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapter of the customers keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's CustomersTable per test.
 */
class DynamoCustomerStoreIT extends CustomerStoreContract {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDynamoDb server;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startDynamoDbLocal() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = LocalDynamoDb.start(Files.createTempDirectory("custcode-contract-"), port);
        dynamo = LocalRuntime.localDynamoClient(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() throws Exception {
        dynamo.close();
        server.close();
    }

    @Override
    protected CustomerStore emptyStore() throws Exception {
        String table = "Customers" + TABLES.incrementAndGet();
        dynamo.createTable(TemplateTables.customersTableNamed(table));
        return new DynamoCustomerStore(dynamo, table);
    }
}
