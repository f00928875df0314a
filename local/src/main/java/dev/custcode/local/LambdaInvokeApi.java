package dev.custcode.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's {@code Invoke} call ({@code POST /2015-03-31/functions/{name}/invocations}) on the local
 * HTTP API's port, so tools that invoke functions — {@code custcode replay}, the aws CLI with
 * {@code --endpoint-url} — work locally as in AWS. {@code X-Amz-Invocation-Type: Event} hands the
 * event to the async invoker (journaled, retried, its failure sent to the function's on-failure
 * destination); {@code RequestResponse} answers the function's result, a failure flagged with
 * {@code X-Amz-Function-Error}; {@code DryRun} only checks the function exists.
 */
final class LambdaInvokeApi {
    static final String CONTEXT = "/2015-03-31/functions/";
    private static final Logger LOG = LoggerFactory.getLogger(LambdaInvokeApi.class);
    /** A name, a partial ARN or a full ARN, with an optional qualifier, as Lambda accepts. */
    private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/(?:arn:aws:lambda:[^:/]+:\\d+:function:)?([A-Za-z0-9_-]+)(?::[^/]+)?/invocations");

    private final Map<String, FunctionProcess> functions;
    private final AsyncInvoker invoker;

    LambdaInvokeApi(Map<String, FunctionProcess> functions, AsyncInvoker invoker) {
        this.functions = functions;
        this.invoker = invoker;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = java.net.URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            Matcher m = PATH.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                send(exchange, 404, null, "{\"Type\":\"User\",\"message\":\"Not Found\"}");
                return;
            }
            FunctionProcess function = functions.get(m.group(1));
            if (function == null) {
                send(exchange, 404, null, "{\"Type\":\"User\",\"message\":\"Function not found: " + m.group(1) + "\"}");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if ("DryRun".equals(type)) {
                send(exchange, 204, null, "");
            } else if ("Event".equals(type)) {
                invoker.submit(function, payload, "Invoke (Event)");
                send(exchange, 202, null, "");
            } else {
                FunctionProcess.Invocation result = function.invoke(payload);
                send(exchange, 200, result.ok() ? null : "Unhandled", result.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("local Invoke: interrupted");
        } catch (RuntimeException e) {
            LOG.error("local Invoke: {}", e.toString());
            send(exchange, 500, null, "{\"Type\":\"Service\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String functionError, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
