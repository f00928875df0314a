package dev.custcode.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** DynamoDB Local (AWS's own engine) in this process, on 127.0.0.1, with its database on disk. */
final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalDynamoDb start(Path dbDir, int port) throws Exception {
        Files.createDirectories(dbDir);
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[]{
                "-port", Integer.toString(port), "-disableTelemetry", "-dbPath", dbDir.toString(), "-sharedDb"});
        bindToLoopback(server);
        server.start();
        return new LocalDynamoDb(server, port);
    }

    /**
     * DynamoDB Local has no option for the listen address and listens on every interface; its
     * Jetty connector is set to loopback before start (nothing here may listen beyond localhost).
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        Server jetty = (Server) f.get(proxy);
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost("127.0.0.1");
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
