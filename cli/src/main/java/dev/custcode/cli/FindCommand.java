package dev.custcode.cli;

import static dev.custcode.identity.IdentityKind.EMAIL;
import static dev.custcode.identity.IdentityKind.PHONE;
import static dev.custcode.identity.IdentityKind.SOURCE_ID;
import static dev.custcode.identity.IdentityKind.TAX_ID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.identity.IdentityKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code custcode find CODE|PHONE|EMAIL|ID|NAME}: a customer, masked as the API masks it for the caller. */
@Command(name = "find", mixinStandardHelpOptions = true,
        description = "A customer by code, phone, email, tax id or source id; else the customers whose name holds the text (20 at most).")
final class FindCommand implements Callable<Integer> {
    private static final Pattern CODE = Pattern.compile("[A-Za-z]{1,8}[0-9]{3,12}");
    private static final Pattern PHONE_LIKE = Pattern.compile("[+0-9][0-9 ()\\-.]{5,}");

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CODE|PHONE|EMAIL|ID|NAME")
    String query;

    @Option(names = "--json", description = "The API's answer as it is.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = new ApiClient(main.target());
        String q = query.strip();
        if (q.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a code, phone, email, tax id, source id or some of a name");
        }
        List<JsonNode> found = new java.util.ArrayList<>();
        if (CODE.matcher(q).matches()) {
            try {
                api.find("/customers/" + q.toUpperCase(java.util.Locale.ROOT), Map.of()).ifPresent(found::add);
            } catch (ApiClient.ApiException e) {
                if (e.status != 410) {
                    throw e;
                }
                // A retired or erased code: the API says why (codes are never reused).
                spec.commandLine().getErr().println("custcode: " + e.getMessage().replaceFirst("^410 ", ""));
                return Main.FAILED;
            }
        }
        if (found.isEmpty()) {
            // A key lookup answers the customers holding that key (each key belongs to at most one). Digits may be a
            // phone or an ERP's customer number (100234, 000777): the phone first, then the ids. The API's
            // parameters are the kinds' names in a scheme (phone, sourceId, taxId, email).
            List<IdentityKind> kinds = q.contains("@") ? List.of(EMAIL)
                    : PHONE_LIKE.matcher(q).matches() ? List.of(PHONE, SOURCE_ID, TAX_ID) : List.of(SOURCE_ID, TAX_ID);
            for (IdentityKind k : kinds) {
                try {
                    api.find("/customers", Map.of(k.schemeName(), q)).ifPresent(a -> a.path("customers").forEach(found::add));
                } catch (ApiClient.ApiException e) {
                    if (e.status != 400 || k != PHONE) {
                        throw e;
                    }
                    // Not a phone number as the API reads one (too short, 000777): an id, maybe.
                }
                if (!found.isEmpty()) {
                    break;
                }
            }
        }
        if (found.isEmpty() && !q.contains("@")) {
            api.find("/customers", Map.of("name", q, "limit", "20")).ifPresent(a -> a.path("customers").forEach(found::add));
        }
        if (found.isEmpty()) {
            spec.commandLine().getErr().println("custcode: no customer " + q);
            return Main.FAILED;
        }
        for (JsonNode c : found) {
            if (json) {
                out.println(c.toPrettyString());
                continue;
            }
            out.printf("%s  %s%n", c.path("code").asText(), c.path("name").asText(""));
            out.println("  folder         " + c.path("folder").asText());
            c.path("dimensions").fields().forEachRemaining(d -> out.printf("  %s %s%n", padded(d.getKey(), 14), d.getValue().isObject()
                    ? d.getValue().path("label").asText(d.getValue().toString()) : d.getValue().asText()));
            // A column named as a dimension (type, channel) is what the file said, beside the dimension it classified to.
            c.path("attributes").fields().forEachRemaining(a -> {
                if (!a.getKey().equals("name")) {
                    String key = c.path("dimensions").has(a.getKey()) ? a.getKey() + " (file)" : a.getKey();
                    out.printf("  %s %s%n", padded(key, 14), a.getValue().asText());
                }
            });
        }
        return 0;
    }

    /** The text and spaces after it to fill {@code columns} of a terminal, a Chinese, Japanese or Korean character taking two. */
    static String padded(String text, int columns) {
        int width = text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
        return width >= columns ? text : text + " ".repeat(columns - width);
    }

    private static boolean wide(int c) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HANGUL && c >= 0xAC00 || c >= 0xFF01 && c <= 0xFF60 || c >= 0x3000 && c <= 0x303F;
    }
}
