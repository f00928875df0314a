package dev.custcode.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HttpApi route of the template ({@code GET /groups/{path+}}) and how API Gateway matches it:
 * literal segments beat parameters, and a greedy {@code {name+}} matches the rest of the path.
 *
 * @param function the logical id of the function it invokes
 * @param method   HTTP method, or {@code ANY}
 * @param path     the route path as written in the template
 */
record HttpRoute(String function, String method, String path) {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}");

    String routeKey() {
        return method + " " + path;
    }

    /** The decoded path parameters if this route matches, else null. */
    Map<String, String> match(String requestMethod, String requestPath) {
        if (!method.equals("ANY") && !method.equalsIgnoreCase(requestMethod)) {
            return null;
        }
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
        Matcher r = Pattern.compile(regex.toString()).matcher(requestPath);
        if (!r.matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), URLDecoder.decode(r.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Higher is more specific: literal characters count, a greedy variable counts least. */
    int specificity() {
        String literal = PARAM.matcher(path).replaceAll("");
        return literal.length() * 10 - (path.contains("+}") ? 5 : 0) + (method.equals("ANY") ? 0 : 1);
    }
}
