package dev.custcode.local;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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

    void handle(Request request, String rawPath, Response response, Callback callback) {
        try {
            String path;
            try {
                path = java.net.URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                error(response, callback, 400, "User", "Bad Request");
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!"POST".equals(request.getMethod()) || !m.matches()) {
                error(response, callback, 404, "User", "Not Found");
                return;
            }
            FunctionProcess function = functions.get(m.group(1));
            if (function == null) {
                error(response, callback, 404, "User", "Function not found: " + m.group(1));
                return;
            }
            String type = request.getHeaders().get("X-Amz-Invocation-Type");
            String payload = new String(Content.Source.asInputStream(request).readAllBytes(), StandardCharsets.UTF_8);
            if ("DryRun".equals(type)) {
                send(response, callback, 204, null, "");
            } else if ("Event".equals(type)) {
                invoker.submit(function, payload, "Invoke (Event)");
                send(response, callback, 202, null, "");
            } else {
                FunctionProcess.Invocation result = function.invoke(payload);
                send(response, callback, 200, result.ok() ? null : "Unhandled", result.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("local Invoke: interrupted");
            error(response, callback, 500, "Service", "interrupted");
        } catch (Exception e) {
            LOG.error("local Invoke: {}", e.toString());
            error(response, callback, 500, "Service", e.getClass().getSimpleName());
        }
    }

    /** An error as Lambda's Invoke API answers one: its type (User or Service) and a message. */
    private static void error(Response response, Callback callback, int status, String type, String message) {
        send(response, callback, status, null, "{\"Type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    private static void send(Response response, Callback callback, int status, String functionError, String body) {
        response.getHeaders().put("X-Amz-Executed-Version", "$LATEST");
        if (functionError != null) {
            response.getHeaders().put("X-Amz-Function-Error", functionError);
        }
        LocalHttpApi.send(response, callback, status, body);
    }
}
