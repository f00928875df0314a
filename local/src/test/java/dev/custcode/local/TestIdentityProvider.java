package dev.custcode.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider on a loopback port for the sign-in tests, doing what a Cognito user
 * pool's hosted sign-in does for a public client: discovery, the authorization endpoint (it signs
 * the configured person in at once and redirects back with a code), the token endpoint (the code
 * exchanged once, for its own client and redirect URI, against the PKCE verifier; answered with
 * CORS, as the page calls it from the browser), and a JWKS of RS256 keys. Its ID tokens carry
 * {@code sub}, {@code email} and {@code cognito:groups} as Cognito's do. It also mints tokens
 * directly, well-formed or not, for the authorizer's refusals.
 */
final class TestIdentityProvider implements AutoCloseable {
    private record Pending(String clientId, String redirectUri, String challenge) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final String clientId;
    private volatile String redirectUri = "";
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private volatile String subject = "alice";
    private volatile List<String> groups = List.of();

    private TestIdentityProvider(String clientId) throws IOException, JOSEException {
        this.clientId = clientId;
        this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestIdentityProvider start(String clientId) throws IOException, JOSEException {
        return new TestIdentityProvider(clientId);
    }

    /** The one address codes may be sent back to (the page's, as registered with Cognito). */
    void registers(String redirectUri) {
        this.redirectUri = redirectUri;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pool";
    }

    /** Who the next sign-in is. */
    void signsIn(String subject, List<String> groups) {
        this.subject = subject;
        this.groups = List.copyOf(groups);
    }

    /** An ID token as the token endpoint gives it. */
    String idToken(String subject, List<String> groups) {
        return sign(key, claims(subject, groups, issuer(), clientId, Instant.now().plusSeconds(3600)));
    }

    /** An ID token with what the authorizer must refuse: another issuer, audience, expiry or signing key. */
    String idToken(String subject, List<String> groups, String issuer, String audience, Instant expires, boolean ownKey) throws JOSEException {
        return sign(ownKey ? key : new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate(), claims(subject, groups, issuer, audience, expires));
    }

    private static JWTClaimsSet claims(String subject, List<String> groups, String issuer, String audience, Instant expires) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience).issueTime(new Date())
                .expirationTime(Date.from(expires)).claim("token_use", "id").claim("email", subject + "@example.com")
                .claim("cognito:groups", groups).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            }
            switch (path) {
                case "/pool/.well-known/openid-configuration" -> json(exchange, 200, Json.MAPPER.writeValueAsString(Map.of(
                        "issuer", issuer(), "authorization_endpoint", issuer() + "/oauth2/authorize",
                        "token_endpoint", issuer() + "/oauth2/token", "jwks_uri", issuer() + "/.well-known/jwks.json",
                        "response_types_supported", List.of("code"), "code_challenge_methods_supported", List.of("S256"))));
                case "/pool/.well-known/jwks.json" -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
                case "/pool/oauth2/authorize" -> authorize(exchange);
                case "/pool/oauth2/token" -> token(exchange);
                default -> json(exchange, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        if (!clientId.equals(q.get("client_id")) || !redirectUri.equals(q.get("redirect_uri"))) {
            json(exchange, 400, "{\"error\":\"redirect_mismatch\"}");
            return;
        }
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
            redirect(exchange, q.get("redirect_uri") + "?error=invalid_request&state=" + encode(q.get("state")));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge")));
        redirect(exchange, q.get("redirect_uri") + "?code=" + code + "&state=" + encode(q.get("state")));
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            json(exchange, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Pending pending = codes.remove(String.valueOf(f.get("code")));
        if (pending == null || !"authorization_code".equals(f.get("grant_type")) || !pending.clientId().equals(f.get("client_id"))
                || !pending.redirectUri().equals(f.get("redirect_uri")) || !pending.challenge().equals(s256(f.get("code_verifier")))) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String id = idToken(subject, groups);
        json(exchange, 200, Json.MAPPER.writeValueAsString(Map.of("id_token", id, "access_token", id, "token_type", "Bearer", "expires_in", 3600)));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(verifier).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", URI.create(location).toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
