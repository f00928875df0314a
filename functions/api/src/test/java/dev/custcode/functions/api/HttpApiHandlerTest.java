package dev.custcode.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.api.Access;
import dev.custcode.api.ApiRouter;
import dev.custcode.api.SignIn;
import dev.custcode.testing.TestContext;
import org.junit.jupiter.api.Test;

/**
 * The handler on events as API Gateway sends them. The page's routes need no stores, so the
 * router here has none: a call that reached a store would fail the test.
 */
class HttpApiHandlerTest {
    private static final TestContext CONTEXT = TestContext.of("ApiFunction", 30);
    private final HttpApiHandler handler = new HttpApiHandler(new ApiRouter(null));

    private static APIGatewayV2HTTPEvent event() {
        return EventLoader.loadApiGatewayHttpEvent("web-default-route.json");
    }

    @Test
    void aRequestThroughTheCatchAllRouteIsRoutedByItsPathAsTheMainApiWouldRouteIt() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(), CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("text/javascript");
        assertThat(response.getBody()).contains("Bearer");
    }

    @Test
    void anUnmergeNamingItsCodeByANumberIsABadRequestAndUndoesNoMerge() {
        // Refused before any store is asked: read as "no code given", it would undo the survivor's latest merge.
        for (String body : new String[]{"{\"code\": 5}", "[\"NED000001\"]", "{\"code\": {\"x\": 1}}"}) {
            APIGatewayV2HTTPEvent event = event();
            event.setRawPath("/customers/NED000002/unmerge");
            event.getRequestContext().getHttp().setMethod("POST");
            event.setBody(body);

            APIGatewayV2HTTPResponse response = handler.handleRequest(event, CONTEXT);

            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(response.getBody()).contains("customer code");
        }
    }

    @Test
    void aMergeOrUnmergeBodyWithAFieldItDoesNotKnowIsABadRequestNamingIt() {
        // {"merged": X} (the bucket's word) read as "no code given" would undo the survivor's latest merge, not X's.
        String[][] cases = {
                {"/customers/NED000002/unmerge", "{\"merged\": \"NED000001\"}", "merged"},
                {"/customers/NED000002/unmerge", "{\"cod\": \"NED000001\"}", "cod"},
                {"/customers/NED000001/merge", "{\"into\": \"NED000002\", \"force\": true}", "force"}};
        for (String[] c : cases) {
            APIGatewayV2HTTPEvent event = event();
            event.setRawPath(c[0]);
            event.getRequestContext().getHttp().setMethod("POST");
            event.setBody(c[1]);

            APIGatewayV2HTTPResponse response = handler.handleRequest(event, CONTEXT);

            assertThat(response.getStatusCode()).as(c[1]).isEqualTo(400);
            assertThat(response.getBody()).as(c[1]).contains("does not know, \\\"" + c[2] + "\\\"");
        }
    }

    @Test
    void aPathNoRouteTakesIsNotFound() {
        APIGatewayV2HTTPEvent event = event();
        event.setRawPath("/nowhere/at/all");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("GET /nowhere/at/all");
    }

    @Test
    void thePageLearnsWhereToSignInFromTheEnvironmentOrThatThereIsNoSignIn() {
        java.util.Map<String, String> env = java.util.Map.of(
                SignIn.AUTHORIZE_URL, "https://stewards.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
                SignIn.TOKEN_URL, "https://stewards.auth.eu-west-1.amazoncognito.com/oauth2/token",
                SignIn.CLIENT_ID, "4s1mpl3cl13nt", SignIn.REDIRECT_URL, "https://abc123.execute-api.eu-west-1.amazonaws.com/");
        APIGatewayV2HTTPEvent event = event();
        event.setRawPath("/ui/sign-in.json");

        String configured = new HttpApiHandler(new ApiRouter(null, () -> Access.OPEN, SignIn.from(env::get))).handleRequest(event, CONTEXT).getBody();
        String none = new HttpApiHandler(new ApiRouter(null, () -> Access.OPEN, SignIn.from(name -> null))).handleRequest(event, CONTEXT).getBody();

        assertThat(configured).contains("\"clientId\":\"4s1mpl3cl13nt\"", "\"tokenUrl\":\"https://stewards.auth.eu-west-1.amazoncognito.com/oauth2/token\"",
                "\"redirectUrl\":\"https://abc123.execute-api.eu-west-1.amazonaws.com/\"", "\"logoutUrl\":\"\"");
        assertThat(none).isEqualTo("{\"signIn\":null}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignIn.from(java.util.Map.of(SignIn.CLIENT_ID, "x")::get))
                .hasMessageContaining(SignIn.TOKEN_URL);
    }

    @Test
    void aJwtCallerIsItsSubjectAndEachOfItsGroups() {
        assertThat(HttpApiHandler.caller(event().getRequestContext()))
                .containsExactly("sub:0f7c9a1e-5d1b-4c53-9b1e-2f1f7b3c8d90", "group:north-sales", "group:stewards");
    }
}
