package dev.custcode.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

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
            "GET /imports/{importId}", "GET /imports", "POST /classify", "GET /scheme", "GET /evaluations/{runId}", "GET /evaluations",
            "GET /duplicates", "POST /duplicates/{id}/dismiss", "POST /customers/{code}/merge", "POST /customers/{code}/unmerge", "GET /", "GET /ui/{file}", "POST /uploads");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LookupService lookups;
    private final java.util.function.Supplier<Access> access;
    private final SignIn signIn;
    private final dev.custcode.stewardship.MergeService merges;

    /** Every caller sees every folder, personal data masked; the page has no sign-in. */
    public ApiRouter(LookupService lookups) {
        this(lookups, () -> Access.OPEN, null);
    }

    /**
     * @param access the rules in force (read again as they change)
     * @param signIn where the web page signs people in, or null for no sign-in
     */
    public ApiRouter(LookupService lookups, java.util.function.Supplier<Access> access, SignIn signIn) {
        this(lookups, access, signIn, null);
    }

    /** @param merges merges and their undo, or null: those routes answer 501 */
    public ApiRouter(LookupService lookups, java.util.function.Supplier<Access> access, SignIn signIn,
                     dev.custcode.stewardship.MergeService merges) {
        this.lookups = lookups;
        this.access = access;
        this.signIn = signIn;
        this.merges = merges;
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
                case "GET /customers/{code}" -> lookups.customers().customer(request.path().get("code"), viewer);
                case "GET /customers/{code}/history" -> lookups.customers().history(request.path().get("code"),
                        request.query().get("limit"), request.query().get("cursor"), viewer);
                case "GET /customers" -> lookups.customers().customersBy(request.query(), viewer);
                case "GET /groups" -> lookups.groups().groups(viewer);
                case "GET /groups/{path+}" -> {
                    String path = request.path().getOrDefault("path", "");
                    if (path.endsWith("/")) {
                        path = path.substring(0, path.length() - 1); // groups/east/ is groups/east, as /customers/{code}/ is
                    }
                    yield path.endsWith("/customers") || path.equals("customers")
                            ? lookups.groups().members(path.substring(0, Math.max(0, path.length() - "/customers".length())),
                            request.query().get("limit"), request.query().get("cursor"), viewer)
                            : lookups.groups().group(path, viewer);
                }
                case "GET /imports/{importId}" -> lookups.imports().importStatus(request.path().get("importId"), viewer);
                case "GET /imports" -> lookups.imports().recentImports(request.query().get("limit"), request.query().get("cursor"),
                        request.query().get("status"));
                case "GET /customers/{code}/explain" -> lookups.customers().explain(request.path().get("code"), viewer);
                case "POST /classify" -> lookups.classify().classify(request.body(), flag(request.query().get("explain"), "explain"), viewer);
                case "GET /scheme" -> lookups.classify().scheme();
                case "POST /uploads" -> lookups.imports().upload(request.body(), viewer);
                case "GET /evaluations/{runId}" -> lookups.imports().evaluation(request.path().get("runId"), viewer);
                case "GET /evaluations" -> lookups.imports().evaluations(request.query().get("limit"), request.query().get("cursor"));
                case "GET /duplicates" -> lookups.duplicates().duplicates(request.query().get("folder"), request.query().get("limit"),
                        request.query().get("cursor"), viewer);
                case "POST /duplicates/{id}/dismiss" -> lookups.duplicates().dismissDuplicate(request.path().get("id"), viewer);
                case "POST /customers/{code}/merge" -> merge(request, viewer);
                case "POST /customers/{code}/unmerge" -> unmerge(request, viewer);
                default -> throw ProblemException.notFound("no route " + request.route());
            };
            return new ApiResponse(200, "application/json", JSON.writeValueAsString(body));
        } catch (ProblemException e) {
            ApiResponse p = problem(e.status(), e.title(), e.getMessage());
            return e.location() == null ? p : new ApiResponse(p.status(), p.contentType(), p.body(), e.location());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be serialized", e);
        }
    }

    /** {@code {"into": "<survivor>"}}: the path's customer merged into the survivor; both must be in folders the caller reads. */
    private Object merge(ApiRequest request, Access.Viewer viewer) {
        String code = request.path().get("code");
        String into = field(request.body(), "into", true);
        lookups.customers().requireVisible(List.of(code, into), viewer);
        return stewardship(() -> mergesOrFail().merge(code, into));
    }

    /** Optional {@code {"code": "<merged>"}} (default: the survivor's latest merge): the merge undone. */
    private Object unmerge(ApiRequest request, Access.Viewer viewer) {
        String survivor = request.path().get("code");
        String code = field(request.body(), "code", false);
        lookups.customers().requireVisible(code == null ? List.of(survivor) : List.of(survivor, code), viewer);
        return stewardship(() -> mergesOrFail().unmerge(survivor, code));
    }

    private dev.custcode.stewardship.MergeService mergesOrFail() {
        if (merges == null) {
            throw new ProblemException(501, "Not Implemented", "merges are not configured here");
        }
        return merges;
    }

    private static Object stewardship(java.util.function.Supplier<Object> action) {
        try {
            return action.get();
        } catch (dev.custcode.stewardship.MergeService.Refused e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ProblemException.notFound(e.getMessage());
                case CONFLICT -> new ProblemException(409, "Conflict", e.getMessage());
                case BAD_REQUEST -> ProblemException.badRequest(e.getMessage());
            };
        }
    }

    private static String field(String body, String name, boolean required) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        try {
            return dev.custcode.stewardship.MergeService.requestField(json, name, required, java.util.Set.of(name));
        } catch (dev.custcode.stewardship.MergeService.Refused e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    public static ApiResponse problem(int status, String title, String detail) {
        try {
            return new ApiResponse(status, "application/problem+json", JSON.writeValueAsString(Problem.of(status, title, detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A query flag: absent or {@code false} is off, {@code true} on; anything else is refused rather than read as off. */
    static boolean flag(String value, String name) {
        if (value == null || value.isEmpty() || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw ProblemException.badRequest(name + " must be true or false, got \"" + value + "\"");
    }
}
