package dev.custcode.local;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions a local stack needs ({@code Ref}, {@code Fn::Sub},
 * {@code Fn::GetAtt}, {@code Fn::If} on the template's conditions) against local names: tables keep their logical ids as names, the data
 * bucket gets its local name, queues their local URL ({@code Ref}), ARN and name, pseudo
 * parameters get local values.
 */
final class Intrinsics {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final SamTemplate template;
    private final Map<String, String> physicalNames;
    private final Map<String, String> pseudo;
    private final Map<Object, String> aliases;
    private final Map<String, Map<String, String>> values;

    /**
     * @param physicalNames logical id → local physical name, for resources named differently locally
     * @param aliases       expressions that stand for a resource's name (a bucket's {@code BucketName}
     *                      written out as {@code !Sub} elsewhere) → that resource's local name
     */
    Intrinsics(SamTemplate template, Map<String, String> physicalNames, Map<Object, String> aliases, String region) {
        this(template, physicalNames, aliases, region, Map.of());
    }

    /**
     * @param values logical id → what {@code Ref} ({@code "Ref"}) and {@code Fn::GetAtt} (by attribute
     *               name) give for resources whose values are not their names, e.g. a queue's
     *               {@code Ref} is its URL
     */
    Intrinsics(SamTemplate template, Map<String, String> physicalNames, Map<Object, String> aliases, String region,
               Map<String, Map<String, String>> values) {
        this.template = template;
        this.values = values;
        this.physicalNames = physicalNames;
        this.aliases = aliases;
        this.pseudo = Map.of("AWS::Region", region, "AWS::AccountId", "000000000000", "AWS::StackName", "custcode-local",
                "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
    }

    /** The value with every supported intrinsic resolved to a string; null if it cannot be resolved locally. */
    String resolve(Object value) {
        if (value == null) {
            return null;
        }
        if (aliases.containsKey(value)) {
            return aliases.get(value);
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            var e = m.entrySet().iterator().next();
            String fn = (String) e.getKey();
            Object arg = e.getValue();
            return switch (fn) {
                case "Ref" -> ref((String) arg);
                case "Fn::Sub" -> sub(arg);
                case "Fn::GetAtt" -> getAtt((List<?>) arg);
                case "Fn::If" -> {
                    List<?> branches = (List<?>) arg;
                    yield resolve(condition(branches.get(0).toString()) ? branches.get(1) : branches.get(2));
                }
                default -> null;
            };
        }
        return null;
    }

    /** A condition of the template's {@code Conditions}, with parameters at their (overridden) defaults. */
    boolean condition(String name) {
        Object expression = template.conditions().get(name);
        if (expression == null) {
            throw new IllegalArgumentException("the template declares no condition " + name);
        }
        return holds(expression);
    }

    private boolean holds(Object expression) {
        if (!(expression instanceof Map<?, ?> m) || m.size() != 1) {
            throw new IllegalArgumentException("not a condition: " + expression);
        }
        var e = m.entrySet().iterator().next();
        List<?> args = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
        return switch (e.getKey().toString()) {
            case "Fn::Equals" -> java.util.Objects.equals(resolve(args.get(0)), resolve(args.get(1)));
            case "Fn::Not" -> !holds(args.get(0));
            case "Fn::And" -> args.stream().allMatch(this::holds);
            case "Fn::Or" -> args.stream().anyMatch(this::holds);
            case "Condition" -> condition(args.get(0).toString());
            default -> throw new IllegalArgumentException("a condition function the local runtime does not know: " + e.getKey());
        };
    }

    /** The same resolution, with these resources' values added. */
    Intrinsics withValues(Map<String, Map<String, String>> more) {
        Map<String, Map<String, String>> all = new java.util.HashMap<>(values);
        all.putAll(more);
        return new Intrinsics(template, physicalNames, aliases, pseudo.get("AWS::Region"), all);
    }

    private String ref(String name) {
        if (values.containsKey(name) && values.get(name).containsKey("Ref")) {
            return values.get(name).get("Ref");
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (physicalNames.containsKey(name)) {
            return physicalNames.get(name);
        }
        Object param = template.parameters().get(name);
        if (param instanceof Map<?, ?> p && p.get("Default") != null) {
            return p.get("Default").toString();
        }
        return template.resources().containsKey(name) ? name : null;
    }

    private String getAtt(List<?> arg) {
        String resource = arg.get(0).toString();
        String attribute = arg.get(1).toString();
        if (values.containsKey(resource) && values.get(resource).containsKey(attribute)) {
            return values.get(resource).get(attribute);
        }
        String name = ref(resource);
        if (!attribute.equals("Arn")) {
            return name;
        }
        Object type = template.resources().getOrDefault(resource, Map.of()).get("Type");
        // The ARNs AWS gives: the local runtime's policy check compares them with the ones requests name.
        return switch (String.valueOf(type)) {
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + pseudo.get("AWS::Region") + ":000000000000:table/" + name;
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
            default -> "arn:aws:local:" + pseudo.get("AWS::Region") + ":000000000000:" + name;
        };
    }

    private String sub(Object arg) {
        String text;
        Map<?, ?> vars = Map.of();
        if (arg instanceof List<?> l) {
            text = l.get(0).toString();
            vars = (Map<?, ?>) l.get(1);
        } else {
            text = arg.toString();
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String replacement;
            if (vars.containsKey(var)) {
                replacement = resolve(vars.get(var));
            } else if (var.contains(".") && !var.startsWith("AWS::")) {
                int dot = var.indexOf('.');
                replacement = getAtt(List.of(var.substring(0, dot), var.substring(dot + 1)));
            } else {
                replacement = ref(var);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
