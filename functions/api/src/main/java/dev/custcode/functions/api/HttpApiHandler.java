package dev.custcode.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.custcode.api.ApiRequest;
import dev.custcode.api.ApiResponse;
import dev.custcode.api.ApiRouter;
import dev.custcode.aws.Services;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
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
    private final ApiRouter router;

    public HttpApiHandler() {
        this(new ApiRouter(Services.fromEnvironment().lookups()));
    }

    public HttpApiHandler(ApiRouter router) {
        this.router = router;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse response;
        try {
            String body = event.getBody();
            if (body != null && event.getIsBase64Encoded()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            response = router.handle(new ApiRequest(event.getRouteKey(), event.getPathParameters(), event.getQueryStringParameters(), body));
        } catch (RuntimeException e) {
            String requestId = context == null ? "-" : context.getAwsRequestId();
            LOG.error("request {} {} failed", requestId, event.getRouteKey(), e);
            response = ApiRouter.problem(500, "Internal Server Error", "the request failed; request id " + requestId);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(Map.of("Content-Type", response.contentType() + "; charset=utf-8", "Cache-Control", "no-store"))
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
