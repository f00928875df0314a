package dev.custcode.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web page ({@code GET /}) and its assets ({@code GET /ui/{file}}): one HTML file, one script,
 * one style sheet, no framework, no external fonts or CDNs. The page holds no data: it reads the
 * same API routes as any client, with the caller's own credentials, so it shows what the caller
 * may read and masks what the API masks.
 */
final class WebPage {
    private static final Map<String, String> TYPES = Map.of("index.html", "text/html", "app.js", "text/javascript", "app.css", "text/css");
    private static final Map<String, String> FILES = load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebPage() {
    }

    private static Map<String, String> load() {
        Map<String, String> files = new java.util.HashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = WebPage.class.getResourceAsStream("web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the web page's " + name + " is missing from the package");
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(files);
    }

    /** {@code {"signIn": {...}}}, or {@code {"signIn": null}} when the page has no sign-in. */
    static ApiResponse signIn(SignIn signIn) {
        try {
            return new ApiResponse(200, "application/json", JSON.writeValueAsString(java.util.Collections.singletonMap("signIn", signIn)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiResponse asset(String name) {
        String body = name == null ? null : FILES.get(name);
        if (body == null) {
            return ApiRouter.problem(404, "Not Found", "no page asset " + name);
        }
        return new ApiResponse(200, TYPES.get(name), body);
    }
}
