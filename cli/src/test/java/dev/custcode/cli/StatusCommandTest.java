package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code custcode status} says which imports were undone, in the list and for one import. */
class StatusCommandTest {
    private static final String ID = "0123456789abcdef0002";
    private static final String IMPORT = "{'importId':'" + ID + "','status':'COMPLETED','source':{'bucket':'data','key':'incoming/a.csv'},"
            + "'startedAt':'2026-12-02T09:00:00Z','finishedAt':'2026-12-02T09:00:05Z','progress':{'rowsRead':3},'accepted':3,'rejected':0,"
            + "'message':'3 accepted','undoneAt':'2026-12-02T09:30:00Z'}";
    private HttpServer api;

    @BeforeEach
    void start() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String json = path.equals("/imports") ? "{'items':[" + IMPORT + "],'next':null}" : IMPORT;
            byte[] body = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private String run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = "http://127.0.0.1:" + api.getAddress().getPort();
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(cl.execute(all)).isZero();
        return out.toString();
    }

    @Test
    void anUndoneImportIsListedAndShownAsUndone() {
        assertThat(run("status")).contains(ID).contains("COMPLETED").contains("UNDONE 2026-12-02T09:30:00Z");
        assertThat(run("status", ID)).contains("UNDONE at 2026-12-02T09:30:00Z");
    }
}
