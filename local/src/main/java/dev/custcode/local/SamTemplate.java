package dev.custcode.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The SAM template, read as CloudFormation reads it: short-form intrinsics ({@code !Ref X},
 * {@code !Sub "…"}, {@code !GetAtt A.B}) become their long forms ({@code {Ref: X}},
 * {@code {Fn::Sub: …}}, {@code {Fn::GetAtt: [A, B]}}), and {@code Globals.Function} is merged
 * into every function as SAM does.
 */
public final class SamTemplate {
    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static SamTemplate read(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = yaml.load(r);
            if (!(doc instanceof Map)) {
                throw new IOException(file + " is not a template (no top-level mapping)");
            }
            return new SamTemplate(file.toAbsolutePath(), (Map<String, Object>) doc);
        }
    }

    /** The directory CodeUris are relative to. */
    public Path directory() {
        return file.getParent();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.getOrDefault("Resources", Map.of());
    }

    /** Logical ids of resources of this type, in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> out = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.add(id);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resources().get(logicalId).getOrDefault("Properties", Map.of());
    }

    /** A function's properties with {@code Globals.Function} merged in (maps merged, the function's values winning). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> functionProperties(String logicalId) {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) root.getOrDefault("Globals", Map.of()))
                .getOrDefault("Function", Map.of());
        return (Map<String, Object>) merge(globals, properties(logicalId));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> conditions() {
        return (Map<String, Object>) root.getOrDefault("Conditions", Map.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> parameters() {
        return (Map<String, Object>) root.getOrDefault("Parameters", Map.of());
    }

    /**
     * This template with parameter values given as {@code sam deploy --parameter-overrides} would:
     * each replaces its parameter's Default, checked against its MinValue/MaxValue.
     *
     * @throws IllegalArgumentException for a parameter the template does not declare, or a value out of range
     */
    @SuppressWarnings("unchecked")
    public SamTemplate withParameters(Map<String, String> values) {
        if (values.isEmpty()) {
            return this;
        }
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        values.forEach((name, value) -> {
            if (!(params.get(name) instanceof Map<?, ?> declared)) {
                throw new IllegalArgumentException("the template declares no parameter " + name + " (it has " + params.keySet() + ")");
            }
            Map<String, Object> p = new LinkedHashMap<>((Map<String, Object>) declared);
            if ("Number".equals(p.get("Type"))) {
                double v = Double.parseDouble(value);
                if (p.get("MinValue") instanceof Number min && v < min.doubleValue()
                        || p.get("MaxValue") instanceof Number max && v > max.doubleValue()) {
                    throw new IllegalArgumentException(name + "=" + value + " is outside [" + p.get("MinValue") + ", " + p.get("MaxValue") + "]");
                }
            }
            p.put("Default", value);
            params.put(name, p);
        });
        Map<String, Object> copy = new LinkedHashMap<>(root);
        copy.put("Parameters", params);
        return new SamTemplate(file, copy);
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object global, Object local) {
        if (global instanceof Map<?, ?> g && local instanceof Map<?, ?> l) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) g);
            ((Map<String, Object>) l).forEach((k, v) -> out.merge(k, v, SamTemplate::merge));
            return out;
        }
        return local;
    }

    /** Turns CloudFormation's short-form tags into long-form maps. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split",
                    "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Condition", "GetAtt", "Ref")) {
                String name = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                this.yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode s) {
                            value = constructScalar(s);
                            if (fn.equals("GetAtt")) {
                                String text = (String) value;
                                int dot = text.indexOf('.');
                                value = List.of(text.substring(0, dot), text.substring(dot + 1));
                            }
                        } else if (node instanceof SequenceNode s) {
                            value = constructSequence(s);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(name, value);
                    }
                });
            }
        }
    }
}
