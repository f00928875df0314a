package dev.custcode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GETs of the HTTP API, signed with SigV4 for {@code execute-api} (the template's default IAM
 * authorizer; the local API reads the caller from the same header).
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer other than 2xx: its status and the problem's detail. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(Target target) {
        this.target = target;
    }

    /** {@code get("/customers", Map.of("phone", "138…"))}: the answer, or empty on 404. */
    Optional<JsonNode> find(String path, Map<String, String> query) {
        try {
            return Optional.of(get(path, query));
        } catch (ApiException e) {
            if (e.status == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    JsonNode get(String path, Map<String, String> query) {
        String base = target.api().toString().replaceAll("/+$", "");
        String encodedPath = List.of(path.split("/", -1)).stream().map(ApiClient::encodeSegment).collect(Collectors.joining("/"));
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        URI uri = URI.create(base + encodedPath + (q.isEmpty() ? "" : "?" + q));
        HttpRequest request = SigV4.request(target.credentials(), target.region(), "execute-api", uri, Map.of(), null, Duration.ofSeconds(60));
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach the API at " + base + " (is the stack running? a stack on other ports needs --api, --s3-endpoint and"
                    + " --sqs-endpoint; --stack NAME for a deployed one): " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "the API answered " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() / 100 != 2) {
            String detail = body.path("detail").asText(body.path("message").asText(body.toString()));
            throw new ApiException(response.statusCode(), response.statusCode() + " " + detail);
        }
        return body;
    }

    private static String encodeSegment(String segment) {
        return encode(segment).replace("+", "%20");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
