package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route matching as API Gateway does it: the most specific route wins, a greedy variable takes the rest. */
class RouteTemplateTest {
    private static String match(String method, String path) {
        return RouteTemplate.resolve(ApiRouter.ROUTES, method, path).map(m -> m.routeKey() + " " + m.path()).orElse(null);
    }

    @Test
    void literalRoutesWinOverVariables() {
        assertThat(match("GET", "/groups")).isEqualTo("GET /groups {}");
        assertThat(match("GET", "/customers")).isEqualTo("GET /customers {}");
        assertThat(match("GET", "/customers/NED000001")).isEqualTo("GET /customers/{code} {code=NED000001}");
        assertThat(match("GET", "/customers/NED000001/history")).isEqualTo("GET /customers/{code}/history {code=NED000001}");
        assertThat(match("GET", "/")).isEqualTo("GET / {}");
    }

    @Test
    void greedyVariablesTakeTheRestOfThePathDecodedOnce() {
        assertThat(match("GET", "/groups/north/enterprise/customers")).isEqualTo("GET /groups/{path+} {path=north/enterprise/customers}");
        assertThat(match("GET", "/customers/a%20b")).isEqualTo("GET /customers/{code} {code=a b}");
        assertThat(match("GET", "/customers/a%2Fb")).isEqualTo("GET /customers/{code} {code=a/b}");
        assertThat(match("GET", "/customers/a+b")).isEqualTo("GET /customers/{code} {code=a+b}");
    }

    @Test
    void methodAndShapeMustMatch() {
        assertThat(match("POST", "/groups")).isNull();
        assertThat(match("GET", "/classify")).isNull();
        assertThat(match("GET", "/customers/a/b")).isNull();
        assertThat(match("GET", "/nowhere")).isNull();
    }

    @Test
    void anyMatchesEveryMethodButLosesToTheSameRouteWithAMethod() {
        RouteTemplate any = RouteTemplate.of("ANY /things/{id}");
        assertThat(any.match("DELETE", "/things/7")).isEqualTo(Map.of("id", "7"));
        assertThat(RouteTemplate.of("GET /things/{id}").specificity()).isGreaterThan(any.specificity());
    }
}
