package dev.custcode.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import dev.custcode.local.host.PolicyGuard;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code AWS::Serverless::Function} as the local runtime runs it.
 *
 * @param logicalId   the template's logical id ({@code IngestFunction})
 * @param codeUri     the module directory ({@code functions/ingest})
 * @param handler     {@code class::method}
 * @param memoryMb    MemorySize, used as the local JVM's heap limit
 * @param timeoutSeconds Timeout
 * @param environment the function's environment variables, intrinsics resolved
 * @param maxRetries  EventInvokeConfig.MaximumRetryAttempts (Lambda's default for async events: 2)
 * @param s3Triggers  its S3 events
 * @param httpRoutes  its HttpApi events
 * @param sqsTriggers its SQS events (event source mappings)
 * @param maxEventAgeSeconds EventInvokeConfig.MaximumEventAgeInSeconds (Lambda's default: 21,600, six hours)
 * @param schedules   its Schedule events
 * @param policy      the statements of its {@code Policies}, resources resolved to local ARNs: what
 *                    its execution role may do, enforced on its SDK calls ({@link PolicyGuard})
 */
record FunctionDefinition(String logicalId, Path codeUri, String handler, int memoryMb, int timeoutSeconds,
                          Map<String, String> environment, int maxRetries, List<S3Trigger> s3Triggers, List<HttpRoute> httpRoutes,
                          List<SqsTrigger> sqsTriggers, int maxEventAgeSeconds, List<ScheduleTrigger> schedules,
                          List<PolicyGuard.Statement> policy, String onFailureArn) {

    /**
     * A Schedule event (an EventBridge rule): {@code rate(N minutes|hours|days)}; a {@code cron(…)}
     * expression is run locally once a day.
     *
     * @param name   the event's name in the template
     * @param period how often it fires
     */
    record ScheduleTrigger(String name, java.time.Duration period) {
        private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

        static ScheduleTrigger parse(String name, String expression) {
            Matcher m = RATE.matcher(expression.trim());
            if (!m.matches()) {
                return new ScheduleTrigger(name, java.time.Duration.ofDays(1));
            }
            long n = Long.parseLong(m.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("schedule " + name + ": " + expression + " (a rate is at least 1)");
            }
            return new ScheduleTrigger(name, switch (m.group(2).charAt(0)) {
                case 'm' -> java.time.Duration.ofMinutes(n);
                case 'h' -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            });
        }
    }

    /**
     * An SQS event source mapping.
     *
     * @param name                    the event's name in the template
     * @param queueArn                the queue's ARN (its local one)
     * @param batchSize               BatchSize (Lambda's default: 10)
     * @param reportBatchItemFailures whether FunctionResponseTypes lists ReportBatchItemFailures
     * @param maximumConcurrency      ScalingConfig.MaximumConcurrency, or 0 when the template sets none
     */
    record SqsTrigger(String name, String queueArn, int batchSize, boolean reportBatchItemFailures, int maximumConcurrency) {
    }

    /**
     * An S3 event source: which bucket, which event names, which keys.
     *
     * @param name   the event's name in the template (the notification's configuration id)
     * @param bucket the bucket's local name
     * @param events event name patterns, e.g. {@code s3:ObjectCreated:*}
     * @param prefix key prefix filter, or ""
     * @param suffix key suffix filter, or "" (case-sensitive, as in S3)
     */
    record S3Trigger(String name, String bucket, List<String> events, String prefix, String suffix) {
        boolean matches(String bucketName, String eventName, String key) {
            if (!bucket.equals(bucketName) || !key.startsWith(prefix) || !key.endsWith(suffix)) {
                return false;
            }
            String full = "s3:" + eventName;
            for (String pattern : events) {
                if (pattern.endsWith("*") ? full.startsWith(pattern.substring(0, pattern.length() - 1)) : full.equals(pattern)) {
                    return true;
                }
            }
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static List<FunctionDefinition> from(SamTemplate template, Intrinsics intrinsics) {
        return from(template, intrinsics, UnaryOperator.identity());
    }

    /** @param localArn turns an ARN as the template names it into the local one (the data bucket has another name locally) */
    static List<FunctionDefinition> from(SamTemplate template, Intrinsics intrinsics, UnaryOperator<String> localArn) {
        List<FunctionDefinition> out = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> p = template.functionProperties(id);
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, Object> envBlock = (Map<String, Object>) p.getOrDefault("Environment", Map.of());
            ((Map<String, Object>) envBlock.getOrDefault("Variables", Map.of())).forEach((k, v) -> {
                String resolved = intrinsics.resolve(v);
                if (resolved != null) {
                    env.put(k, resolved);
                }
            });
            Map<String, Object> invokeConfig = (Map<String, Object>) p.getOrDefault("EventInvokeConfig", Map.of());
            int retries = ((Number) invokeConfig.getOrDefault("MaximumRetryAttempts", 2)).intValue();
            int maxAge = ((Number) invokeConfig.getOrDefault("MaximumEventAgeInSeconds", 21_600)).intValue();
            Map<String, Object> destinations = (Map<String, Object>) invokeConfig.getOrDefault("DestinationConfig", Map.of());
            Map<String, Object> onFailure = (Map<String, Object>) destinations.getOrDefault("OnFailure", Map.of());
            String onFailureArn = onFailure.containsKey("Destination") ? intrinsics.resolve(onFailure.get("Destination")) : null;
            List<ScheduleTrigger> schedules = new ArrayList<>();
            List<S3Trigger> triggers = new ArrayList<>();
            List<HttpRoute> routes = new ArrayList<>();
            List<SqsTrigger> queues = new ArrayList<>();
            ((Map<String, Map<String, Object>>) p.getOrDefault("Events", Map.of())).forEach((name, event) -> {
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> ep = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    Map<String, Object> auth = (Map<String, Object>) ep.getOrDefault("Auth", Map.of());
                    routes.add(new HttpRoute(id, ((String) ep.getOrDefault("Method", "ANY")).toUpperCase(java.util.Locale.ROOT),
                            (String) ep.getOrDefault("Path", "/{proxy+}"), "NONE".equals(auth.get("Authorizer"))));
                    return;
                }
                if ("SQS".equals(event.get("Type"))) {
                    Map<String, Object> ep = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    if (Boolean.FALSE.equals(ep.get("Enabled"))) {
                        return;
                    }
                    Object types = ep.getOrDefault("FunctionResponseTypes", List.of());
                    Map<String, Object> scaling = (Map<String, Object>) ep.getOrDefault("ScalingConfig", Map.of());
                    // Numbers may be literals or !Ref of a template parameter (its default, locally).
                    queues.add(new SqsTrigger(name, intrinsics.resolve(ep.get("Queue")),
                            Integer.parseInt(intrinsics.resolve(ep.getOrDefault("BatchSize", 10))),
                            types instanceof List<?> l && l.contains("ReportBatchItemFailures"),
                            Integer.parseInt(intrinsics.resolve(scaling.getOrDefault("MaximumConcurrency", 0)))));
                    return;
                }
                if ("Schedule".equals(event.get("Type"))) {
                    Map<String, Object> ep = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    if (!Boolean.FALSE.equals(ep.get("Enabled"))) {
                        schedules.add(ScheduleTrigger.parse(name, intrinsics.resolve(ep.get("Schedule"))));
                    }
                    return;
                }
                if (!"S3".equals(event.get("Type"))) {
                    return;
                }
                Map<String, Object> ep = (Map<String, Object>) event.get("Properties");
                Object events = ep.get("Events");
                List<String> names = events instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(events.toString());
                String prefix = "";
                String suffix = "";
                Map<String, Object> filter = (Map<String, Object>) ep.get("Filter");
                if (filter != null) {
                    Map<String, Object> s3Key = (Map<String, Object>) filter.get("S3Key");
                    for (Map<String, Object> rule : (List<Map<String, Object>>) s3Key.get("Rules")) {
                        if ("prefix".equalsIgnoreCase((String) rule.get("Name"))) {
                            prefix = (String) rule.get("Value");
                        } else if ("suffix".equalsIgnoreCase((String) rule.get("Name"))) {
                            suffix = (String) rule.get("Value");
                        }
                    }
                }
                triggers.add(new S3Trigger(name, intrinsics.resolve(ep.get("Bucket")), names, prefix, suffix));
            });
            out.add(new FunctionDefinition(id, template.directory().resolve((String) p.get("CodeUri")),
                    (String) p.get("Handler"), ((Number) p.getOrDefault("MemorySize", 128)).intValue(),
                    ((Number) p.getOrDefault("Timeout", 3)).intValue(), env, retries, triggers, routes, queues, maxAge, schedules,
                    policy(id, p.get("Policies"), intrinsics, localArn), onFailureArn));
        }
        return out;
    }

    /** The same function with another Timeout (a {@code --timeout NAME=SECONDS} override). */
    FunctionDefinition withTimeoutSeconds(int seconds) {
        return new FunctionDefinition(logicalId, codeUri, handler, memoryMb, seconds, environment, maxRetries, s3Triggers,
                httpRoutes, sqsTriggers, maxEventAgeSeconds, schedules, policy, onFailureArn);
    }

    /** The same function with another MemorySize (and so local heap limit). */
    FunctionDefinition withMemoryMb(int mb) {
        return new FunctionDefinition(logicalId, codeUri, handler, mb, timeoutSeconds, environment, maxRetries, s3Triggers,
                httpRoutes, sqsTriggers, maxEventAgeSeconds, schedules, policy, onFailureArn);
    }

    /**
     * The inline statements of a function's {@code Policies}. SAM policy templates and managed
     * policies are refused: the local runtime enforces what it can read, and a policy it cannot
     * read would be checked only in AWS.
     */
    @SuppressWarnings("unchecked")
    private static List<PolicyGuard.Statement> policy(String function, Object policies, Intrinsics intrinsics, UnaryOperator<String> localArn) {
        List<PolicyGuard.Statement> out = new ArrayList<>();
        for (Object document : policies == null ? List.of() : policies instanceof List<?> l ? l : List.of(policies)) {
            if (!(document instanceof Map<?, ?> d) || !d.containsKey("Statement")) {
                throw new IllegalArgumentException(function + ": Policies may hold only inline policy documents (Statement: …), which the"
                        + " local runtime enforces; found " + document);
            }
            for (Map<String, Object> st : (List<Map<String, Object>>) d.get("Statement")) {
                if (st.containsKey("NotAction") || st.containsKey("NotResource")) {
                    throw new IllegalArgumentException(function + ": NotAction and NotResource are not supported locally: " + st);
                }
                List<String> resources = new ArrayList<>();
                for (Object r : strings(st.get("Resource"))) {
                    String arn = intrinsics.resolve(r);
                    if (arn == null) {
                        throw new IllegalArgumentException(function + ": cannot resolve the policy resource " + r);
                    }
                    resources.add(localArn.apply(arn));
                }
                Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
                ((Map<String, Map<String, Object>>) st.getOrDefault("Condition", Map.of())).forEach((op, keys) -> {
                    Map<String, List<String>> byKey = new LinkedHashMap<>();
                    keys.forEach((k, v) -> byKey.put(k, strings(v).stream().map(intrinsics::resolve).toList()));
                    conditions.put(op, byKey);
                });
                out.add(new PolicyGuard.Statement(!"Deny".equals(st.get("Effect")),
                        strings(st.get("Action")).stream().map(Object::toString).toList(), resources, conditions));
            }
        }
        return List.copyOf(out);
    }

    private static List<Object> strings(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? List.copyOf(l) : List.of(value);
    }

    /**
     * The function's code, as a classpath: the shaded jar its module builds
     * ({@code CodeUri/target/function.jar}); or, when {@code CodeUri} is a directory without one,
     * that directory read as an unpacked Lambda deployment package (its root, then
     * {@code lib/*.jar}, the Java runtime's layout), which is how tests run handlers from their
     * own compiled classes.
     */
    List<Path> classpath() throws java.io.IOException {
        Path jar = codeUri.resolve("target").resolve("function.jar");
        if (Files.isRegularFile(jar)) {
            return List.of(jar);
        }
        if (Files.isRegularFile(codeUri.resolve("pom.xml")) || !Files.isDirectory(codeUri)) {
            throw new java.io.IOException(logicalId + ": " + jar + " does not exist; build the functions first (mvn package)");
        }
        List<Path> out = new ArrayList<>();
        out.add(codeUri);
        Path lib = codeUri.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (var jars = Files.list(lib)) {
                jars.filter(j -> j.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
