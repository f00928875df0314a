package dev.custcode.api;

import java.util.Map;

/**
 * One API call, independent of API Gateway's event classes.
 *
 * @param route      the route key as in the template, e.g. {@code GET /customers/{code}}
 * @param path       path parameters by name ({@code code}, {@code path})
 * @param query      query string parameters (the first value of each)
 * @param body       the request body, or null
 */
public record ApiRequest(String route, Map<String, String> path, Map<String, String> query, String body) {
    public ApiRequest {
        path = path == null ? Map.of() : Map.copyOf(path);
        query = query == null ? Map.of() : Map.copyOf(query);
    }
}
