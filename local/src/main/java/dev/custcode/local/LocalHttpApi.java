package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's HttpApi routes on a local port, as {@code sam local start-api} serves them:
 * each request is matched to a route, turned into an API Gateway payload format 2.0 event,
 * handed to the route's function synchronously, and its response mapped back to HTTP.
 * The API's IAM authorizer is imitated without checking signatures: a request signed with SigV4
 * (as {@code aws} and the SDKs sign) is passed on as from the IAM user named by its access key id,
 * {@code arn:aws:iam::000000000000:user/<access key id>}, in {@code requestContext.authorizer.iam},
 * where API Gateway puts a verified caller; an unsigned request has no authorizer context. With a
 * sign-in configured ({@link LocalJwtAuthorizer}), a {@code Bearer} token on a route with an
 * authorizer is verified as the JWT authorizer does: refused with 401, or passed on as its claims.
 */
final class LocalHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<HttpRoute> routes;
    private final Map<String, FunctionProcess> functions;
    private final LocalJwtAuthorizer jwt;

    private LocalHttpApi(HttpServer server, ExecutorService executor, List<HttpRoute> routes, Map<String, FunctionProcess> functions,
                         LocalJwtAuthorizer jwt) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.functions = functions;
        this.jwt = jwt;
    }

    /**
     * @param invoke Lambda's Invoke call, served beside the routes (null: none)
     * @param jwt    verifies {@code Bearer} tokens of a sign-in (null: none is configured)
     */
    static LocalHttpApi start(int port, List<HttpRoute> routes, Map<String, FunctionProcess> functions, LambdaInvokeApi invoke,
                              LocalJwtAuthorizer jwt) throws IOException {
        // Headers and body leave as two segments: without TCP_NODELAY the second waits ~40 ms for
        // the client's delayed ACK (read once, when the JDK server's configuration first loads).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "http-api");
            t.setDaemon(true);
            return t;
        });
        List<HttpRoute> ordered = routes.stream().sorted(Comparator.comparingInt(HttpRoute::specificity).reversed()).toList();
        LocalHttpApi api = new LocalHttpApi(server, executor, ordered, functions, jwt);
        server.createContext("/", api::handle);
        if (invoke != null) {
            server.createContext(LambdaInvokeApi.CONTEXT, invoke::handle);
        }
        server.setExecutor(executor);
        server.start();
        return api;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            for (HttpRoute route : routes) {
                // Matched on the raw path, parameters decoded once: an encoded '/' stays inside its segment.
                Map<String, String> params = route.match(method, rawPath);
                if (params != null) {
                    invoke(exchange, route, rawPath, params);
                    return;
                }
            }
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        } catch (RuntimeException | InterruptedException e) {
            LOG.error("local HTTP API: {}", e.toString());
            send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}");
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void invoke(HttpExchange exchange, HttpRoute route, String rawPath, Map<String, String> params)
            throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> claims = null;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (jwt != null && !route.open() && authorization != null && accessKeyId(authorization) == null) {
            // As the JWT authorizer: a token that does not verify is refused before the function runs.
            claims = jwt.verify(authorization);
            if (claims == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(exchange, 401, "application/json", "{\"message\":\"Unauthorized\"}");
                return;
            }
        }
        String event = event(exchange, route, rawPath, params, body, claims);
        FunctionProcess.Invocation result = functions.get(route.function()).invoke(event);
        if (!result.ok()) {
            // As API Gateway: a function error is a bare 500, its details stay in the function's log.
            send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}");
            return;
        }
        JsonNode response = Json.MAPPER.readTree(result.body());
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            // Payload 2.0 inference: anything but a structured response is a 200 JSON body.
            send(exchange, 200, "application/json", result.body());
            return;
        }
        response.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
        String text = response.path("body").isMissingNode() || response.path("body").isNull() ? "" : response.path("body").asText();
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.get("statusCode").asInt(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** An API Gateway HTTP API payload format 2.0 event. */
    private static String event(HttpExchange exchange, HttpRoute route, String rawPath, Map<String, String> params, byte[] body,
                                Map<String, String> claims) {
        Instant now = Instant.now();
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", route.routeKey());
        e.put("rawPath", rawPath);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headers = e.putObject("headers");
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        if (rawQuery != null && !rawQuery.isEmpty()) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!params.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            params.forEach(p::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "local");
        ctx.put("domainName", "localhost");
        ctx.put("domainPrefix", "localhost");
        ObjectNode http = ctx.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", route.routeKey());
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        String accessKey = accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
        if (accessKey != null) {
            ObjectNode iam = ctx.putObject("authorizer").putObject("iam");
            iam.put("accessKey", accessKey);
            iam.put("accountId", "000000000000");
            iam.put("callerId", accessKey);
            iam.put("userArn", "arn:aws:iam::000000000000:user/" + accessKey);
            iam.put("userId", accessKey);
        }
        if (claims != null) {
            ObjectNode verified = ctx.putObject("authorizer").putObject("jwt");
            ObjectNode c = verified.putObject("claims");
            claims.forEach(c::put);
            verified.putNull("scopes");
        }
        if (body.length > 0) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
        }
        e.put("isBase64Encoded", false);
        return e.toString();
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]{1,128})/");

    /** The access key id of a SigV4 {@code Authorization} header ({@code … Credential=AKID/date/region/service/aws4_request, …}). */
    static String accessKeyId(String authorization) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
