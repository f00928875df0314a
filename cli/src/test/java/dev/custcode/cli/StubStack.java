package dev.custcode.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The stack as the command line reaches it, stubbed: one loopback HTTP server (the API, and S3 path
 * style) answering each request as a test says, and the command line run against it.
 */
final class StubStack implements AutoCloseable {
    /** An answer: its status, its body (null: none) and headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(String body) {
            return new Answer(200, body, Map.of("Content-Type", "application/json"));
        }
    }

    /** Answers one request. */
    interface Responder {
        Answer answer(String method, String path, byte[] body);
    }

    /** A run of the command line: its exit code, what it printed and what it complained of. */
    record Run(int exit, String out, String err) {
    }

    private final HttpServer server;

    /** Answers one request, seeing its query too ({@code phone=100234}, decoded; null: none). */
    interface QueryResponder {
        Answer answer(String method, String path, String query, byte[] body);
    }

    StubStack(Responder responder) throws IOException {
        this((method, path, query, body) -> responder.answer(method, path, body));
    }

    StubStack(QueryResponder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Answer a = responder.answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
                    exchange.getRequestBody().readAllBytes());
            a.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs {@code custcode --api <this stack> args…}. */
    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = url();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
