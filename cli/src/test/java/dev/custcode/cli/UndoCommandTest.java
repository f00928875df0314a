package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An undo refused while its import ran is not "undone before": asked again, it is carried out. */
class UndoCommandTest {
    private static final String ID = "0123456789abcdef0123";
    private HttpServer stack;
    private final AtomicInteger undoRequests = new AtomicInteger();
    private volatile String undo;

    @BeforeEach
    void start() throws Exception {
        undo = "{\"status\":\"NOT_FINISHED\",\"undoneAt\":\"2026-12-04T10:00:00Z\",\"retired\":[],\"reverted\":[],\"keptChanged\":[]}";
        stack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // One server for both: the API's GET /imports/{id}, and S3's PUT of undo/<id>.json (path style).
        stack.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = new byte[0];
            int status = 200;
            if ("PUT".equals(exchange.getRequestMethod()) && path.equals("/custcode-local/undo/" + ID + ".json")) {
                exchange.getRequestBody().readAllBytes();
                undoRequests.incrementAndGet();
                // The undo function carries it out now that the import has ended.
                undo = "{\"status\":\"UNDONE\",\"undoneAt\":\"2026-12-04T10:05:00Z\",\"retired\":[\"EEZ000001\",\"EEZ000002\"],"
                        + "\"reverted\":[],\"keptChanged\":[]}";
                exchange.getResponseHeaders().add("ETag", "\"e\"");
            } else if (path.equals("/imports/" + ID)) {
                body = ("{\"importId\":\"" + ID + "\",\"status\":\"COMPLETED\",\"undo\":" + undo + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else {
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        stack.start();
    }

    @AfterEach
    void stop() {
        stack.stop(0);
    }

    @Test
    void anUndoRefusedWhileTheImportRanIsAskedAgainAndWaitedFor() {
        String url = "http://127.0.0.1:" + stack.getAddress().getPort();
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cl.execute("--api", url, "--s3-endpoint", url, "--poll", "50", "--timeout", "20", "undo", ID);
        assertThat(out.toString()).doesNotContain("undone before").contains("asked to undo " + ID).contains("UNDONE")
                .contains("2 customers retired");
        assertThat(undoRequests).hasValue(1);
        assertThat(exit).isZero();
    }
}
