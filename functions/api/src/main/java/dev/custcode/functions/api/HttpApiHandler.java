package dev.custcode.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.custcode.api.ApiRequest;
import dev.custcode.api.ApiResponse;
import dev.custcode.api.ApiRouter;
import dev.custcode.api.RouteTemplate;
import dev.custcode.api.SignIn;
import dev.custcode.aws.Services;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway HTTP API (payload format 2.0) → {@link ApiRouter}. An adapter: it turns the event
 * into an {@link ApiRequest} and the {@link ApiResponse} back into the event response. An
 * unexpected failure is a 500 problem (a synchronous caller gets an answer; there is no retry to
 * keep alive), logged with the request id.
 */
public final class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:([^:]+):sts::(\\d+):assumed-role/([^/]+)/.*");
    private final ApiRouter router;

    public HttpApiHandler() {
        this(routerFrom(Services.fromEnvironment()));
        // Before a SnapStart snapshot, the API's own paths once: routing, a lookup that finds
        // nothing, a classification, problem and answer JSON (reads only).
        dev.custcode.aws.Priming.register("the API's routes", () -> {
            router.handle(new ApiRequest("GET /customers/{code}", Map.of("code", "PRIME000000"), Map.of(), null));
            router.handle(new ApiRequest("POST /classify", Map.of(), Map.of(),
                    "{\"records\":[{\"客户名称\":\"杭州青木贸易有限公司\",\"城市\":\"杭州\",\"累计金额\":\"12800\",\"订单数\":\"3\"}]}"));
        });
    }

    public HttpApiHandler(ApiRouter router) {
        this.router = router;
    }

    private static ApiRouter routerFrom(Services services) {
        return new ApiRouter(services.lookups(), services.access(), SignIn.from(System::getenv), services.merges());
    }

    /**
     * Who API Gateway's authorizer says is calling: with IAM, the user or role ARN (an assumed
     * role's session ARN and the role's own ARN); with a JWT, {@code sub:<subject>} and
     * {@code group:<name>} per {@code cognito:groups} entry (which HTTP APIs pass as {@code [a b]}).
     */
    static List<String> caller(APIGatewayV2HTTPEvent.RequestContext context) {
        List<String> out = new ArrayList<>();
        if (context == null || context.getAuthorizer() == null) {
            return out;
        }
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = context.getAuthorizer().getIam();
        if (iam != null && iam.getUserArn() != null) {
            String arn = iam.getUserArn();
            out.add(arn);
            Matcher role = ASSUMED_ROLE.matcher(arn);
            if (role.matches()) {
                out.add("arn:" + role.group(1) + ":iam::" + role.group(2) + ":role/" + role.group(3));
            }
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = context.getAuthorizer().getJwt();
        if (jwt != null && jwt.getClaims() != null) {
            String sub = jwt.getClaims().get("sub");
            if (sub != null) {
                out.add("sub:" + sub);
            }
            String groups = jwt.getClaims().get("cognito:groups");
            if (groups != null) {
                for (String g : groups.replace("[", "").replace("]", "").split("[\\s,]+")) {
                    if (!g.isBlank()) {
                        out.add("group:" + g);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse response;
        try {
            String body = event.getBody();
            if (body != null && event.getIsBase64Encoded()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            String route = event.getRouteKey();
            Map<String, String> path = event.getPathParameters();
            if ("$default".equals(route)) {
                // The sign-in API has one catch-all route behind its JWT authorizer: find the route
                // key the request would have taken on the main API, as API Gateway would.
                String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                        ? "GET" : event.getRequestContext().getHttp().getMethod();
                java.util.Optional<RouteTemplate.Matched> matched = RouteTemplate.resolve(ApiRouter.ROUTES, method, event.getRawPath());
                route = matched.map(RouteTemplate.Matched::routeKey).orElse(method + " " + event.getRawPath());
                path = matched.map(RouteTemplate.Matched::path).orElse(Map.of());
            }
            response = router.handle(new ApiRequest(route, path, event.getQueryStringParameters(), body,
                    caller(event.getRequestContext())));
        } catch (RuntimeException e) {
            String requestId = context.getAwsRequestId();
            LOG.error("request {} {} failed", requestId, event.getRouteKey(), e);
            response = ApiRouter.problem(500, "Internal Server Error", "the request failed; request id " + requestId);
        }
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", response.contentType() + "; charset=utf-8", "Cache-Control", "no-store"));
        if (response.location() != null) {
            headers.put("Location", response.location());
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
