package dev.custcode.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches API calls by route key to {@link LookupService} and turns results and problems
 * into JSON responses. The route keys are the template's HttpApi routes.
 *
 * <p>{@code GET /groups/{path+}} serves both a folder ({@code /groups/north/enterprise}) and its
 * members ({@code /groups/north/enterprise/customers}): API Gateway allows a greedy path
 * variable only at the end of a route.
 */
public final class ApiRouter {
    public static final List<String> ROUTES = List.of(
            "GET /customers/{code}", "GET /customers/{code}/history", "GET /customers/{code}/explain", "GET /customers", "GET /groups", "GET /groups/{path+}",
            "GET /imports/{importId}", "GET /imports", "POST /classify", "GET /evaluations/{runId}", "GET /evaluations",
            "GET /duplicates", "POST /duplicates/{id}/dismiss", "GET /", "GET /ui/{file}", "POST /uploads");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LookupService lookups;
    private final java.util.function.Supplier<Access> access;
    private final SignIn signIn;

    /** Every caller sees every folder, personal data masked; the page has no sign-in. */
    public ApiRouter(LookupService lookups) {
        this(lookups, () -> Access.OPEN, null);
    }

    /**
     * @param access the rules in force (read again as they change)
     * @param signIn where the web page signs people in, or null for no sign-in
     */
    public ApiRouter(LookupService lookups, java.util.function.Supplier<Access> access, SignIn signIn) {
        this.lookups = lookups;
        this.access = access;
        this.signIn = signIn;
    }

    public ApiResponse handle(ApiRequest request) {
        if (request.route().equals("GET /")) {
            return WebPage.asset("index.html");
        }
        if (request.route().equals("GET /ui/{file}")) {
            return "sign-in.json".equals(request.path().get("file")) ? WebPage.signIn(signIn) : WebPage.asset(request.path().get("file"));
        }
        try {
            Access.Viewer viewer = access.get().viewer(request.caller());
            Object body = switch (request.route()) {
                case "GET /customers/{code}" -> lookups.customer(request.path().get("code"), viewer);
                case "GET /customers/{code}/history" -> lookups.history(request.path().get("code"),
                        request.query().get("limit"), request.query().get("cursor"), viewer);
                case "GET /customers" -> lookups.customersBy(request.query(), viewer);
                case "GET /groups" -> lookups.groups(viewer);
                case "GET /groups/{path+}" -> {
                    String path = request.path().getOrDefault("path", "");
                    yield path.endsWith("/customers") || path.equals("customers")
                            ? lookups.members(path.substring(0, Math.max(0, path.length() - "/customers".length())),
                            request.query().get("limit"), request.query().get("cursor"), viewer)
                            : lookups.group(path, viewer);
                }
                case "GET /imports/{importId}" -> lookups.importStatus(request.path().get("importId"), viewer);
                case "GET /imports" -> lookups.recentImports(request.query().get("limit"), request.query().get("cursor"),
                        request.query().get("status"));
                case "GET /customers/{code}/explain" -> lookups.explain(request.path().get("code"), viewer);
                case "POST /classify" -> lookups.classify(request.body(), "true".equals(request.query().get("explain")), viewer);
                case "POST /uploads" -> lookups.upload(request.body(), viewer);
                case "GET /evaluations/{runId}" -> lookups.evaluation(request.path().get("runId"), viewer);
                case "GET /evaluations" -> lookups.evaluations(request.query().get("limit"), request.query().get("cursor"));
                case "GET /duplicates" -> lookups.duplicates(request.query().get("folder"), request.query().get("limit"),
                        request.query().get("cursor"), viewer);
                case "POST /duplicates/{id}/dismiss" -> lookups.dismissDuplicate(request.path().get("id"), viewer);
                default -> throw ProblemException.notFound("no route " + request.route());
            };
            return new ApiResponse(200, "application/json", JSON.writeValueAsString(body));
        } catch (ProblemException e) {
            return problem(e.status(), e.title(), e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be serialized", e);
        }
    }

    public static ApiResponse problem(int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        try {
            return new ApiResponse(status, "application/problem+json", JSON.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
