package dev.custcode.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;

/** Schemes other than the default that tests of several packages classify with. */
public final class TestSchemes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSchemes() {
    }

    /** The default scheme whose tier is a population rule: the top 20 % by amount → a, the next 30 % → b, the rest c. */
    public static Scheme pareto() throws Exception {
        ObjectNode scheme = (ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
        scheme.put("name", "pareto");
        for (var d : scheme.withArray("dimensions")) {
            if (d.get("name").asText().equals("tier")) {
                ArrayNode rules = ((ObjectNode) d).putArray("rules");
                rules.addObject().put("field", "amount").put("topPercent", 20).put("value", "a");
                rules.addObject().put("field", "amount").put("topPercent", 50).put("value", "b");
            }
        }
        return SchemeLoader.parse(JSON.writeValueAsBytes(scheme));
    }

    /** A source whose active scheme is always {@code scheme}. */
    public static SchemeSource source(Scheme scheme) throws Exception {
        byte[] json = JSON.writeValueAsBytes(scheme);
        return new SchemeSource() {
            @Override
            public Scheme current() {
                return scheme;
            }

            @Override
            public byte[] currentJson() {
                return json;
            }
        };
    }
}
