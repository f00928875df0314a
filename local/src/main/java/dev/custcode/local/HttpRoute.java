package dev.custcode.local;

import dev.custcode.api.RouteTemplate;
import java.util.Map;

/**
 * One HttpApi route of the template ({@code GET /groups/{path+}}) and the function it invokes;
 * matched as API Gateway matches it ({@link RouteTemplate}).
 *
 * @param function the logical id of the function it invokes
 * @param method   HTTP method, or {@code ANY}
 * @param path     the route path as written in the template
 * @param open     whether the route has no authorizer ({@code Auth: Authorizer: NONE})
 */
record HttpRoute(String function, String method, String path, boolean open) {
    private RouteTemplate template() {
        return new RouteTemplate(method, path);
    }

    String routeKey() {
        return template().routeKey();
    }

    /** The decoded path parameters if this route matches, else null. */
    Map<String, String> match(String requestMethod, String requestPath) {
        return template().match(requestMethod, requestPath);
    }

    /** Higher is more specific: literal characters count, a greedy variable counts least. */
    int specificity() {
        return template().specificity();
    }
}
