package dev.custcode.api;

import java.util.Map;

/**
 * One API call, independent of API Gateway's event classes.
 *
 * @param route      the route key as in the template, e.g. {@code GET /customers/{code}}
 * @param path       path parameters by name ({@code code}, {@code path})
 * @param query      query string parameters (the first value of each)
 * @param body       the request body, or null
 * @param caller     who the API's authorizer says is calling (see {@link Access}); empty when no authorizer ran
 */
public record ApiRequest(String route, Map<String, String> path, Map<String, String> query, String body, java.util.List<String> caller) {
    public ApiRequest {
        path = path == null ? Map.of() : Map.copyOf(path);
        query = query == null ? Map.of() : Map.copyOf(query);
        caller = caller == null ? java.util.List.of() : java.util.List.copyOf(caller);
    }

    /** A call from no one in particular. */
    public ApiRequest(String route, Map<String, String> path, Map<String, String> query, String body) {
        this(route, path, query, body, java.util.List.of());
    }
}
