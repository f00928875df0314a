package dev.custcode.classify;

import dev.custcode.scheme.CodeTemplate;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies one customer's field values along every dimension of a scheme. Pure and
 * thread-safe: the same values, scheme and "as of" date always give the same classification.
 *
 * <pre>{@code
 * Classifier classifier = new Classifier(SchemeLoader.defaultScheme());
 * Classification c = classifier.classify(Map.of("name", "华为技术有限公司", "province", "广东省"), LocalDate.now());
 * c.folder();  // "south/enterprise/tier-c"
 * c.prefix();  // "SEZ"
 * }</pre>
 */
public final class Classifier {
    private record CompiledDimension(DimensionSpec spec, List<CompiledRule> rules, GroupValue fallback,
                                     Map<String, GroupValue> byKey) {
    }

    private final Scheme scheme;
    private final List<CompiledDimension> dimensions;
    private final CodeTemplate code;

    public Classifier(Scheme scheme) {
        this.scheme = scheme;
        this.code = CodeTemplate.parse(scheme.code());
        List<CompiledDimension> dims = new ArrayList<>();
        for (DimensionSpec d : scheme.dimensions()) {
            Map<String, GroupValue> byKey = new HashMap<>();
            d.values().forEach(v -> byKey.put(v.key(), v));
            List<CompiledRule> rules = d.rules().stream().map(r -> CompiledRule.compile(r, scheme.tables())).toList();
            dims.add(new CompiledDimension(d, rules, byKey.get(d.defaultValue()), byKey));
        }
        this.dimensions = List.copyOf(dims);
    }

    public Scheme scheme() {
        return scheme;
    }

    public CodeTemplate codeTemplate() {
        return code;
    }

    /**
     * @param values field values as produced by {@link dev.custcode.csv.HeaderMapping#values} (normalized)
     * @param asOf   the date that "days since" rules count to
     */
    public Classification classify(Map<String, String> values, LocalDate asOf) {
        Map<String, GroupValue> result = new LinkedHashMap<>();
        Map<String, String> letters = new HashMap<>();
        for (CompiledDimension d : dimensions) {
            GroupValue chosen = d.fallback();
            for (CompiledRule rule : d.rules()) {
                String key = rule.decide(values, asOf);
                if (key != null) {
                    GroupValue v = d.byKey().get(key);
                    if (v != null) {
                        chosen = v;
                        break;
                    }
                }
            }
            result.put(d.spec().name(), chosen);
            if (d.spec().coded()) {
                letters.put(d.spec().name(), chosen.letter());
            }
        }
        List<String> folders = new ArrayList<>(scheme.folders().size());
        for (String f : scheme.folders()) {
            folders.add(result.get(f).folder());
        }
        return new Classification(result, List.copyOf(folders), code.prefix(letters));
    }
}
