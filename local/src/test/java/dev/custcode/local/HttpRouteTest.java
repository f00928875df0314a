package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route matching as API Gateway does it: the most specific route wins, a greedy variable takes the rest. */
class HttpRouteTest {
    private static final List<HttpRoute> ROUTES = List.of(
            new HttpRoute("F", "GET", "/groups/{path+}"), new HttpRoute("F", "GET", "/groups"),
            new HttpRoute("F", "GET", "/customers/{code}"), new HttpRoute("F", "GET", "/customers"),
            new HttpRoute("F", "POST", "/classify")).stream()
            .sorted(Comparator.comparingInt(HttpRoute::specificity).reversed()).toList();

    private static String match(String method, String path) {
        for (HttpRoute r : ROUTES) {
            Map<String, String> params = r.match(method, path);
            if (params != null) {
                return r.routeKey() + " " + params;
            }
        }
        return null;
    }

    @Test
    void literalRoutesWinOverVariables() {
        assertThat(match("GET", "/groups")).isEqualTo("GET /groups {}");
        assertThat(match("GET", "/customers")).isEqualTo("GET /customers {}");
        assertThat(match("GET", "/customers/NED000001")).isEqualTo("GET /customers/{code} {code=NED000001}");
    }

    @Test
    void greedyVariablesTakeTheRestOfThePathDecoded() {
        assertThat(match("GET", "/groups/north/enterprise/customers")).isEqualTo("GET /groups/{path+} {path=north/enterprise/customers}");
        assertThat(match("GET", "/customers/a%20b")).isEqualTo("GET /customers/{code} {code=a b}");
    }

    @Test
    void methodAndShapeMustMatch() {
        assertThat(match("POST", "/groups")).isNull();
        assertThat(match("GET", "/classify")).isNull();
        assertThat(match("GET", "/customers/a/b")).isNull();
        assertThat(match("GET", "/nowhere")).isNull();
    }
}
