package dev.custcode.local.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The function's IAM policy, enforced on its own AWS SDK calls, so a permission the template
 * forgot fails locally as it would in AWS instead of only after a deployment.
 *
 * <p>Registered as a global SDK interceptor (the SDK's {@code execution.interceptors} resource);
 * it does nothing unless the local runtime started this JVM with the function's policy in the
 * {@value #PROPERTY} system property, so the runtime's own clients and the tests' are not checked.
 * Every request is mapped to the IAM actions and resource ARNs AWS authorizes it with (an S3 read
 * with a version id is {@code s3:GetObjectVersion}, each item of a DynamoDB transaction is its
 * own action on its own table, a query of an index is on the index's ARN); a call no statement
 * allows fails with {@code 403 AccessDenied} and a {@value #MARK} line in the function's log.
 * Like S3, a read of a missing key answers 403 rather than 404 unless the function may list the
 * bucket (without a prefix condition).
 *
 * <p>Loaded into the function's JVM beside its code: it may use only the SDK's core classes,
 * which every function that makes AWS calls has.
 */
public final class PolicyGuard implements ExecutionInterceptor {
    /** The system property holding the policy, in {@link Statement#encode()}'s format. */
    public static final String PROPERTY = "custcode.local.policy";
    /** With {@code report}, refused calls are logged and then made anyway: to learn what a policy lacks in one run. */
    public static final String MODE_PROPERTY = "custcode.local.policy.mode";
    /** Starts the line logged for every refused call. */
    public static final String MARK = "POLICY DENIED";
    static final String ACCOUNT = "000000000000";
    private static final Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Statement> policy;
    private final boolean reportOnly;
    /** What was logged already (action and resource up to the key's first folder): one line each, not one per row. */
    private final java.util.Set<String> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Made by the SDK: reads the policy of the function this JVM runs, if any. */
    public PolicyGuard() {
        this(System.getProperty(PROPERTY) == null ? null : Statement.decode(System.getProperty(PROPERTY)),
                "report".equals(System.getProperty(MODE_PROPERTY)));
    }

    PolicyGuard(List<Statement> policy, boolean reportOnly) {
        this.policy = policy;
        this.reportOnly = reportOnly;
    }

    /**
     * One statement of an IAM policy, resources resolved to ARNs.
     *
     * @param allow      Effect Allow (else Deny)
     * @param actions    action patterns ({@code s3:Get*}), matched case-insensitively
     * @param resources  ARN patterns with {@code *} and {@code ?}
     * @param conditions condition operator ({@code StringLike}, {@code StringEquals}) → key → values
     */
    public record Statement(boolean allow, List<String> actions, List<String> resources, Map<String, Map<String, List<String>>> conditions) {

        /** One statement per line: effect, actions, resources, conditions, tab-separated. */
        public static String encode(List<Statement> statements) {
            StringBuilder sb = new StringBuilder();
            for (Statement s : statements) {
                List<String> conditions = new ArrayList<>();
                s.conditions().forEach((op, keys) -> keys.forEach((key, values) ->
                        conditions.add(op + "|" + key + "|" + String.join("|", values))));
                sb.append(s.allow() ? "Allow" : "Deny").append('\t').append(String.join(" ", s.actions())).append('\t')
                        .append(String.join(" ", s.resources())).append('\t').append(String.join(" ", conditions)).append('\n');
            }
            return sb.toString();
        }

        static List<Statement> decode(String encoded) {
            List<Statement> out = new ArrayList<>();
            for (String line : encoded.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Map<String, Map<String, List<String>>> conditions = new java.util.LinkedHashMap<>();
                for (String c : words(f[3])) {
                    String[] parts = c.split("\\|");
                    conditions.computeIfAbsent(parts[0], k -> new java.util.LinkedHashMap<>())
                            .put(parts[1], List.of(parts).subList(2, parts.length));
                }
                out.add(new Statement("Allow".equals(f[0]), words(f[1]), words(f[2]), conditions));
            }
            return out;
        }

        private static List<String> words(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split(" "));
        }

        boolean matches(Check c) {
            return actions.stream().anyMatch(a -> glob(a.toLowerCase(Locale.ROOT)).matcher(c.action().toLowerCase(Locale.ROOT)).matches())
                    && resources.stream().anyMatch(r -> glob(r).matcher(c.resource()).matches())
                    && conditionsHold(c.context());
        }

        private boolean conditionsHold(Map<String, String> context) {
            for (var op : conditions.entrySet()) {
                for (var key : op.getValue().entrySet()) {
                    String value = context.get(key.getKey());
                    boolean like = op.getKey().equals("StringLike");
                    if (!like && !op.getKey().equals("StringEquals")) {
                        return false; // an operator the local runtime cannot evaluate never grants
                    }
                    if (value == null || key.getValue().stream().noneMatch(v -> like ? glob(v).matcher(value).matches() : v.equals(value))) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * What one request needs: an action on a resource, with the condition keys it brings.
     *
     * @param action   {@code s3:PutObject}
     * @param resource the resource's ARN
     * @param context  condition keys ({@code s3:prefix})
     */
    record Check(String action, String resource, Map<String, String> context) {
        Check(String action, String resource) {
            this(action, resource, Map.of());
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (policy == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Check c : checks(service, operation, context.request())) {
            if (!allows(c)) {
                AwsServiceException e = denied(service, c);
                if (!reportOnly) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        if (policy == null || !(e instanceof AwsServiceException ase) || ase.statusCode() != 404) {
            return e;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (!"GetObject".equals(operation) && !"HeadObject".equals(operation)) {
            return e;
        }
        Object bucket = field(context.request(), "Bucket");
        Check list = new Check("s3:ListBucket", "arn:aws:s3:::" + bucket);
        boolean unconditional = policy.stream().anyMatch(s -> s.allow() && s.conditions().isEmpty() && s.matches(list));
        if (unconditional) {
            return e;
        }
        AwsServiceException refused = denied("S3", new Check("s3:ListBucket", list.resource() + " (to learn that "
                + field(context.request(), "Key") + " does not exist)"));
        return reportOnly ? e : refused;
    }

    boolean allows(Check c) {
        boolean allowed = false;
        for (Statement s : policy) {
            if (s.matches(c)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private AwsServiceException denied(String service, Check c) {
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "this function");
        String message = "User: " + function + " is not authorized to perform: " + c.action() + " on resource: " + c.resource()
                + " because no identity-based policy in template.yaml allows it";
        if (logged.add(c.action() + " " + c.resource().replaceFirst("^(arn:aws:s3:::[^/]+/[^/]*/?).*", "$1"))) {
            System.err.println(MARK + " " + function + " " + c.action() + " " + c.resource() + (c.context().isEmpty() ? "" : " " + c.context()));
        }
        return AwsServiceException.builder().message(message).statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName(service).errorCode("AccessDenied").errorMessage(message).build())
                .build();
    }

    /** The actions and resources AWS authorizes a request with. */
    static List<Check> checks(String service, String operation, SdkRequest request) {
        String s = service == null ? "" : service.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "s3" -> s3(operation, request);
            case "dynamodb" -> dynamo(operation, request);
            case "sqs" -> sqs(operation, request);
            default -> List.of(new Check(s + ":" + operation, "*"));
        };
    }

    private static List<Check> s3(String operation, SdkRequest r) {
        String bucket = "arn:aws:s3:::" + field(r, "Bucket");
        String object = bucket + "/" + field(r, "Key");
        boolean version = field(r, "VersionId") != null;
        return switch (operation) {
            case "GetObject", "HeadObject" -> List.of(new Check(version ? "s3:GetObjectVersion" : "s3:GetObject", object));
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" -> List.of(new Check("s3:PutObject", object));
            case "AbortMultipartUpload" -> List.of(new Check("s3:AbortMultipartUpload", object));
            case "DeleteObject" -> List.of(new Check(version ? "s3:DeleteObjectVersion" : "s3:DeleteObject", object));
            case "DeleteObjects" -> {
                List<Check> out = new ArrayList<>();
                for (Object id : list(field(field(r, "Delete"), "Objects"))) {
                    out.add(new Check(field(id, "VersionId") != null ? "s3:DeleteObjectVersion" : "s3:DeleteObject", bucket + "/" + field(id, "Key")));
                }
                yield out;
            }
            case "CopyObject" -> List.of(
                    new Check("s3:PutObject", "arn:aws:s3:::" + field(r, "DestinationBucket") + "/" + field(r, "DestinationKey")),
                    new Check("s3:GetObject", "arn:aws:s3:::" + field(r, "SourceBucket") + "/" + field(r, "SourceKey")));
            case "ListObjects", "ListObjectsV2" -> List.of(new Check("s3:ListBucket", bucket,
                    Map.of("s3:prefix", String.valueOf(field(r, "Prefix") == null ? "" : field(r, "Prefix")))));
            case "ListObjectVersions" -> List.of(new Check("s3:ListBucketVersions", bucket,
                    Map.of("s3:prefix", String.valueOf(field(r, "Prefix") == null ? "" : field(r, "Prefix")))));
            case "ListMultipartUploads" -> List.of(new Check("s3:ListBucketMultipartUploads", bucket));
            case "ListParts" -> List.of(new Check("s3:ListMultipartUploadParts", object));
            default -> List.of(new Check("s3:" + operation, field(r, "Key") == null ? bucket : object));
        };
    }

    private static List<Check> dynamo(String operation, SdkRequest r) {
        List<Check> out = new ArrayList<>();
        switch (operation) {
            case "TransactWriteItems" -> {
                for (Object item : list(field(r, "TransactItems"))) {
                    for (String kind : List.of("Put", "Update", "Delete", "ConditionCheck")) {
                        Object op = field(item, kind);
                        if (op != null) {
                            out.add(new Check("dynamodb:" + (kind.equals("ConditionCheck") ? "ConditionCheckItem" : kind + "Item"),
                                    table(field(op, "TableName"), null)));
                        }
                    }
                }
            }
            case "TransactGetItems" -> {
                for (Object item : list(field(r, "TransactItems"))) {
                    out.add(new Check("dynamodb:GetItem", table(field(field(item, "Get"), "TableName"), null)));
                }
            }
            case "BatchGetItem", "BatchWriteItem" -> {
                Object items = field(r, "RequestItems");
                if (items instanceof Map<?, ?> m) {
                    for (Object name : m.keySet()) {
                        out.add(new Check("dynamodb:" + operation, table(name, null)));
                    }
                }
            }
            default -> out.add(new Check("dynamodb:" + operation, table(field(r, "TableName"), field(r, "IndexName"))));
        }
        return out;
    }

    private static String table(Object name, Object index) {
        return "arn:aws:dynamodb:" + region() + ":" + ACCOUNT + ":table/" + name + (index == null ? "" : "/index/" + index);
    }

    private static List<Check> sqs(String operation, SdkRequest r) {
        Object url = field(r, "QueueUrl");
        String name = url != null ? url.toString().substring(url.toString().lastIndexOf('/') + 1) : String.valueOf(field(r, "QueueName"));
        String action = switch (operation) {
            case "SendMessageBatch" -> "SendMessage";
            case "DeleteMessageBatch" -> "DeleteMessage";
            case "ChangeMessageVisibilityBatch" -> "ChangeMessageVisibility";
            default -> operation;
        };
        return List.of(new Check("sqs:" + action, "arn:aws:sqs:" + region() + ":" + ACCOUNT + ":" + name));
    }

    private static String region() {
        return System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    }

    /** A member of a request or of one of its parts, by its name in the service model ({@code Bucket}, {@code TableName}). */
    static Object field(Object pojo, String member) {
        if (!(pojo instanceof SdkPojo p)) {
            return null;
        }
        for (SdkField<?> f : p.sdkFields()) {
            if (f.memberName().equals(member)) {
                return f.getValueOrDefault(pojo);
            }
        }
        return null;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static Pattern glob(String pattern) {
        return GLOBS.computeIfAbsent(pattern, PolicyGuard::compile);
    }

    private static Pattern compile(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }
}
