package dev.custcode.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route key of an HTTP API ({@code GET /groups/{path+}}) and how API Gateway matches a request
 * to it: literal segments beat parameters, a greedy {@code {name+}} takes the rest of the path,
 * and the path is matched raw with each parameter decoded once (an encoded {@code /} stays inside
 * its segment). Used by the local HTTP API for the template's routes and by the API function for
 * a request that reached it through a catch-all {@code $default} route.
 *
 * @param method HTTP method, or {@code ANY}
 * @param path   the route path as written in the template
 */
public record RouteTemplate(String method, String path) {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}");

    /** @param routeKey {@code METHOD /path} */
    public static RouteTemplate of(String routeKey) {
        int space = routeKey.indexOf(' ');
        if (space < 1) {
            throw new IllegalArgumentException("not a route key: " + routeKey);
        }
        return new RouteTemplate(routeKey.substring(0, space), routeKey.substring(space + 1));
    }

    public String routeKey() {
        return method + " " + path;
    }

    /** The decoded path parameters if this route matches, else null. */
    public Map<String, String> match(String requestMethod, String rawPath) {
        if (!method.equals("ANY") && !method.equalsIgnoreCase(requestMethod)) {
            return null;
        }
        Compiled compiled = COMPILED.computeIfAbsent(path, RouteTemplate::compile);
        Matcher r = compiled.pattern().matcher(rawPath);
        if (!r.matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < compiled.names().size(); i++) {
            params.put(compiled.names().get(i), URLDecoder.decode(r.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** A route path as the pattern a raw request path is matched with, and its parameters' names in order. */
    private record Compiled(Pattern pattern, List<String> names) {
    }

    /** Each route path compiled once: every request is matched against every route. */
    private static final Map<String, Compiled> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Compiled compile(String path) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PARAM.matcher(path);
        int pos = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(pos, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            pos = m.end();
        }
        regex.append(Pattern.quote(path.substring(pos))).append("/?$");
        return new Compiled(Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** Higher is more specific: literal characters count, a greedy variable counts least. */
    public int specificity() {
        String literal = PARAM.matcher(path).replaceAll("");
        return literal.length() * 10 - (path.contains("+}") ? 5 : 0) + (method.equals("ANY") ? 0 : 1);
    }

    /** Routes ordered as API Gateway tries them, most specific first. */
    public static <T> List<T> bySpecificity(List<T> routes, java.util.function.Function<T, RouteTemplate> template) {
        return routes.stream().sorted(Comparator.comparingInt((T t) -> template.apply(t).specificity()).reversed()).toList();
    }

    /** A request matched to one of these route keys: the key and its decoded path parameters. */
    public record Matched(String routeKey, Map<String, String> path) {
    }

    /** The route of {@code routeKeys} a request takes, as API Gateway would choose it. */
    public static Optional<Matched> resolve(List<String> routeKeys, String requestMethod, String rawPath) {
        for (RouteTemplate t : bySpecificity(routeKeys.stream().map(RouteTemplate::of).toList(), x -> x)) {
            Map<String, String> params = t.match(requestMethod, rawPath);
            if (params != null) {
                return Optional.of(new Matched(t.routeKey(), params));
            }
        }
        return Optional.empty();
    }
}
