package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
 * A URL sent with raw UTF-8 ({@code curl 'localhost:3000/customers?city=杭州'}) is taken as its
 * percent-encoded form, as API Gateway takes it (the JDK's server answered such a request 400).
 */
final class LocalHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Server server;
    private final List<HttpRoute> routes;
    private final Map<String, FunctionProcess> functions;
    private final LocalJwtAuthorizer jwt;

    private LocalHttpApi(Server server, List<HttpRoute> routes, Map<String, FunctionProcess> functions, LocalJwtAuthorizer jwt) {
        this.server = server;
        this.routes = routes;
        this.functions = functions;
        this.jwt = jwt;
    }

    /**
     * @param invoke Lambda's Invoke call, served beside the routes (null: none)
     * @param jwt    verifies {@code Bearer} tokens of a sign-in (null: none is configured)
     */
    static LocalHttpApi start(int port, List<HttpRoute> routes, Map<String, FunctionProcess> functions, LambdaInvokeApi invoke,
                              LocalJwtAuthorizer jwt) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setName("http-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(500); // a stop does not wait for invocations in flight
        HttpConfiguration config = new HttpConfiguration();
        // As API Gateway: an encoded "/" in a path parameter is passed on to the function, which judges it
        // (Jetty still refuses an encoded NUL itself, whatever the compliance).
        config.setUriCompliance(UriCompliance.UNSAFE);
        config.setRequestHeaderSize(10_240); // API Gateway's bound on the request line and headers
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        List<HttpRoute> ordered = routes.stream().sorted(Comparator.comparingInt(HttpRoute::specificity).reversed()).toList();
        LocalHttpApi api = new LocalHttpApi(server, ordered, functions, jwt);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String query = request.getHttpURI().getQuery();
                if (request.getHttpURI().getPath().indexOf('\uFFFD') >= 0 || query != null && query.indexOf('\uFFFD') >= 0) {
                    // Bytes that are no UTF-8 (a GBK 杭州 sent raw): Jetty reads them as U+FFFD, which no lookup means.
                    refuse(response, callback, 400);
                    return true;
                }
                String rawPath = encodeNonAscii(request.getHttpURI().getPath());
                if (invoke != null && rawPath.startsWith(LambdaInvokeApi.CONTEXT)) {
                    invoke.handle(request, rawPath, response, callback);
                } else {
                    api.handle(request, rawPath, response, callback);
                }
                return true;
            }
        });
        // What the server itself refuses (a NUL in the path) is answered as API Gateway answers its own errors.
        server.setErrorHandler((Request.Handler) (request, response, callback) -> {
            response.getHeaders().put("Connection", "close"); // the server drops a connection it could not read: no client may reuse it
            refuse(response, callback, response.getStatus());
            return true;
        });
        server.start();
        return api;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private void handle(Request request, String rawPath, Response response, Callback callback) {
        try {
            String method = request.getMethod();
            for (HttpRoute route : routes) {
                // Matched on the raw path, parameters decoded once: an encoded '/' stays inside its segment.
                Map<String, String> params = route.match(method, rawPath);
                if (params != null) {
                    invoke(request, route, rawPath, params, response, callback);
                    return;
                }
            }
            refuse(response, callback, 404);
        } catch (Exception e) {
            LOG.error("local HTTP API: {}", e.toString());
            refuse(response, callback, 500);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void invoke(Request request, HttpRoute route, String rawPath, Map<String, String> params, Response response,
                        Callback callback) throws Exception {
        byte[] body;
        try {
            body = Content.Source.asInputStream(request).readAllBytes();
        } catch (IOException | RuntimeException e) {
            // A body that breaks off or whose chunks do not parse is the client's: refused, as API Gateway refuses it.
            int status = e instanceof BadMessageException bad ? bad.getCode()
                    : hasCause(e, java.util.concurrent.TimeoutException.class) ? 408 : 400;
            refuse(response, callback, status);
            return;
        }
        if (body.length > MAX_PAYLOAD) {
            refuse(response, callback, 413);
            return;
        }
        Map<String, String> claims = null;
        String authorization = request.getHeaders().get("Authorization");
        if (jwt != null && !route.open() && authorization != null && accessKeyId(authorization) == null) {
            // As the JWT authorizer: a token that does not verify is refused before the function runs.
            claims = jwt.verify(authorization);
            if (claims == null) {
                response.getHeaders().put("WWW-Authenticate", "Bearer");
                refuse(response, callback, 401);
                return;
            }
        }
        String event;
        try {
            event = event(request, route, rawPath, params, body, claims);
        } catch (IllegalArgumentException malformed) {
            // A query with a broken escape (?name=%zz) reaches no function.
            refuse(response, callback, 400);
            return;
        }
        FunctionProcess.Invocation result = functions.get(route.function()).invoke(event);
        if (!result.ok()) {
            // As API Gateway: a function error is a bare 500, its details stay in the function's log.
            refuse(response, callback, 500);
            return;
        }
        JsonNode answer = Json.MAPPER.readTree(result.body());
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            // Payload 2.0 inference: anything but a structured response is a 200 JSON body.
            send(response, callback, 200, result.body());
            return;
        }
        answer.path("headers").fields().forEachRemaining(h -> response.getHeaders().add(h.getKey(), h.getValue().asText()));
        String text = answer.path("body").isMissingNode() || answer.path("body").isNull() ? "" : answer.path("body").asText();
        byte[] bytes = answer.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        write(response, callback, answer.get("statusCode").asInt(), bytes);
    }

    /** An API Gateway HTTP API payload format 2.0 event. */
    private static String event(Request request, HttpRoute route, String rawPath, Map<String, String> params, byte[] body,
                                Map<String, String> claims) {
        Instant now = Instant.now();
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", route.routeKey());
        e.put("rawPath", rawPath);
        String rawQuery = request.getHttpURI().getQuery() == null ? null : encodeNonAscii(request.getHttpURI().getQuery());
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headers = e.putObject("headers");
        Map<String, String> joined = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            joined.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
        }
        joined.forEach(headers::put);
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
        http.put("method", request.getMethod());
        http.put("path", rawPath);
        http.put("protocol", request.getConnectionMetaData().getProtocol());
        http.put("sourceIp", Request.getRemoteAddr(request));
        http.put("userAgent", String.valueOf(request.getHeaders().get("User-Agent")));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", route.routeKey());
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        String accessKey = accessKeyId(request.getHeaders().get("Authorization"));
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

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** API Gateway's bound on a request's body: 10 MB. */
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]{1,128})/");

    /** The access key id of a SigV4 {@code Authorization} header ({@code … Credential=AKID/date/region/service/aws4_request, …}). */
    static String accessKeyId(String authorization) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    /** A query's name or value decoded; a broken escape, or escapes of bytes that are no UTF-8 ({@code %E6%98}), are refused. */
    private static String decode(String s) {
        String decoded = java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0 && s.indexOf('\uFFFD') < 0) {
            throw new IllegalArgumentException("not UTF-8: " + s);
        }
        return decoded;
    }

    /**
     * The text as a client that follows RFC 3986 sends it: characters outside ASCII percent-encoded
     * as UTF-8, everything else (including existing escapes) as it came.
     */
    static String encodeNonAscii(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? text : out.toString();
    }

    /** An error as API Gateway answers its own: {@code {"message":"Not Found"}}, the status's reason phrase. */
    static void refuse(Response response, Callback callback, int status) {
        // API Gateway keeps the older phrase for 413 where Jetty says "Payload Too Large".
        String reason = status == 413 ? "Request Entity Too Large" : HttpStatus.getMessage(status);
        send(response, callback, status, "{\"message\":\"" + reason + "\"}");
    }

    static void send(Response response, Callback callback, int status, String json) {
        response.getHeaders().put("Content-Type", "application/json");
        write(response, callback, status, json.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Response response, Callback callback, int status, byte[] bytes) {
        response.setStatus(status);
        response.getHeaders().put("Content-Length", bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("local HTTP API: stopping: {}", e.toString());
        }
    }
}
