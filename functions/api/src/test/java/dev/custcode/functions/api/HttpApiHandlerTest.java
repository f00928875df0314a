package dev.custcode.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.api.ApiRouter;
import org.junit.jupiter.api.Test;

/**
 * The handler on events as API Gateway sends them. The page's routes need no stores, so the
 * router here has none: a call that reached a store would fail the test.
 */
class HttpApiHandlerTest {
    private final HttpApiHandler handler = new HttpApiHandler(new ApiRouter(null));

    private static APIGatewayV2HTTPEvent event() {
        return EventLoader.loadApiGatewayHttpEvent("web-default-route.json");
    }

    @Test
    void aRequestThroughTheCatchAllRouteIsRoutedByItsPathAsTheMainApiWouldRouteIt() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("text/javascript");
        assertThat(response.getBody()).contains("Bearer");
    }

    @Test
    void aPathNoRouteTakesIsNotFound() {
        APIGatewayV2HTTPEvent event = event();
        event.setRawPath("/nowhere/at/all");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("GET /nowhere/at/all");
    }

    @Test
    void aJwtCallerIsItsSubjectAndEachOfItsGroups() {
        assertThat(HttpApiHandler.caller(event().getRequestContext()))
                .containsExactly("sub:0f7c9a1e-5d1b-4c53-9b1e-2f1f7b3c8d90", "group:north-sales", "group:stewards");
    }
}
