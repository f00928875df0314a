package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.custcode.api.SignIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API Gateway's JWT authorizer on the local HTTP API, for a sign-in through any OpenID Connect
 * provider ({@code ./custcode-local --oidc-issuer URL --oidc-client ID}): the provider's endpoints
 * come from its discovery document, a {@code Bearer} token is verified as API Gateway verifies it
 * (an RS256 signature by a key of the provider's JWKS, {@code iss}, {@code exp}, and {@code aud} or
 * {@code client_id} naming the client), and its claims are passed on as
 * {@code requestContext.authorizer.jwt.claims} in API Gateway's shape: every value a string, an
 * array written {@code [a b]}. The page gets the provider's endpoints as the template gives it a
 * Cognito user pool's.
 */
final class LocalJwtAuthorizer {
    private final String issuer;
    private final String clientId;
    private final Map<String, String> endpoints;
    private final DefaultJWTProcessor<SecurityContext> processor;

    private LocalJwtAuthorizer(String issuer, String clientId, Map<String, String> endpoints, JWKSource<SecurityContext> keys) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.endpoints = endpoints;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "exp")));
    }

    /** Reads the provider's discovery document ({@code <issuer>/.well-known/openid-configuration}). */
    static LocalJwtAuthorizer discover(String issuer, String clientId) throws IOException, InterruptedException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("--oidc-issuer " + issuer + ": its discovery document answered " + response.statusCode());
        }
        JsonNode doc = Json.MAPPER.readTree(response.body());
        if (!issuer.equals(doc.path("issuer").asText())) {
            throw new IOException("--oidc-issuer " + issuer + " names itself " + doc.path("issuer").asText() + " in its discovery document");
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put(SignIn.AUTHORIZE_URL, doc.path("authorization_endpoint").asText());
        endpoints.put(SignIn.TOKEN_URL, doc.path("token_endpoint").asText());
        endpoints.put(SignIn.LOGOUT_URL, doc.path("end_session_endpoint").asText(""));
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(doc.path("jwks_uri").asText()).toURL()).build();
        return new LocalJwtAuthorizer(issuer, clientId, endpoints, keys);
    }

    /** What the template gives the API function without a sign-in, the page's sign-in here. */
    Map<String, String> pageEnvironment(int apiPort) {
        Map<String, String> env = new LinkedHashMap<>(endpoints);
        env.put(SignIn.CLIENT_ID, clientId);
        env.put(SignIn.REDIRECT_URL, "http://127.0.0.1:" + apiPort + "/");
        return env;
    }

    /** The claims of a valid token as API Gateway passes them on, or null when API Gateway would answer 401. */
    Map<String, String> verify(String authorization) {
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : authorization.trim();
        try {
            JWTClaimsSet claims = processor.process(token, null);
            boolean forClient = claims.getAudience().contains(clientId) || clientId.equals(claims.getClaim("client_id"));
            if (!forClient) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> out.put(name, text(value)));
            return out;
        } catch (java.text.ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            return null;
        }
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(LocalJwtAuthorizer::text).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof java.util.Date d) {
            return Long.toString(d.toInstant().getEpochSecond());
        }
        return String.valueOf(value);
    }

    String issuer() {
        return issuer;
    }

    List<String> describe() {
        return List.of("Sign-in:       " + issuer + " (client " + clientId + "): Bearer tokens are verified as the JWT authorizer does");
    }
}
