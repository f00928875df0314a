package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a deployment would create, read from the template as SAM translates it (samtranslator, the
 * library {@code sam deploy} uses): each function's role reaches only the S3 prefixes and
 * DynamoDB actions it needs, every HTTP route's permission matches the requests it serves, and
 * data and logs are kept as long as the parameters say. The local runtime enforces the same
 * policies on every SDK call ({@code PolicyGuard}), which proves they are enough; this proves they
 * are no more.
 */
class TemplatePolicyIT {
    private static final String BUCKET = "arn:aws:s3:::custcode-data-123456789012-us-east-1";
    private static final Set<String> READS = Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan");
    private static JsonNode resources;

    @BeforeAll
    static void translate() throws Exception {
        Path script = Path.of(TemplatePolicyIT.class.getResource("/policy/translate.py").toURI());
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "template.yaml").directory(TestStack.ROOT.toFile());
            pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
            p = pb.start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: skipping the template policy checks; .ci/run runs them");
            return;
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assumeTrue(!err.contains("No module named 'samtranslator'"),
                "samtranslator is not installed (pip install aws-sam-translator): skipping the template policy checks; .ci/run runs them");
        assertThat(p.exitValue()).as(err).isZero();
        resources = TestStack.JSON.readTree(out).get("Resources");
    }

    private static List<JsonNode> statements(String function) {
        JsonNode role = resources.get(function + "Role").get("Properties");
        List<JsonNode> out = new ArrayList<>();
        role.get("Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(out::add));
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** Key pattern → S3 object actions the function's role allows there. */
    private static Map<String, Set<String>> objectAccess(String function) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode st : statements(function)) {
            for (String action : strings(st.get("Action"))) {
                if (!action.startsWith("s3:") || action.equals("s3:ListBucket") || action.equals("s3:ListBucketVersions")) {
                    continue;
                }
                for (String resource : strings(st.get("Resource"))) {
                    assertThat(resource).as("%s %s", function, action).startsWith(BUCKET + "/");
                    out.computeIfAbsent(resource.substring(BUCKET.length() + 1), k -> new TreeSet<>()).add(action);
                }
            }
        }
        return out;
    }

    /** Table (or index) → DynamoDB actions. */
    private static Map<String, Set<String>> tableAccess(String function) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode st : statements(function)) {
            for (String action : strings(st.get("Action"))) {
                if (action.startsWith("dynamodb:")) {
                    strings(st.get("Resource")).forEach(r -> out.computeIfAbsent(r, k -> new TreeSet<>()).add(action));
                }
            }
        }
        return out;
    }

    private static Set<String> set(String... s) {
        return new TreeSet<>(List.of(s));
    }

    @Test
    void eachFunctionReachesOnlyTheKeysItReadsAndWrites() {
        Set<String> write = set("s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject");
        Map<String, Set<String>> ingest = Map.of("incoming/*", set("s3:GetObject", "s3:GetObjectVersion"),
                "config/active-scheme.json", set("s3:GetObject"), "evaluations/latest.json", set("s3:GetObject"), "imports/*", write, "manifests/*", set("s3:PutObject"),
                "private/imports/*", write, "config/reevaluate.json", set("s3:PutObject"), "undo/*", set("s3:PutObject"));
        assertThat(objectAccess("IngestFunction")).isEqualTo(ingest);
        assertThat(objectAccess("ChunkFunction")).isEqualTo(ingest);
        assertThat(objectAccess("SweepFunction")).isEqualTo(Map.of("config/active-scheme.json", set("s3:GetObject"),
                "imports/*", write, "manifests/*", set("s3:PutObject"), "undo/*", set("s3:PutObject")));
        assertThat(objectAccess("UndoFunction")).isEqualTo(Map.of("config/active-scheme.json", set("s3:GetObject"),
                "evaluations/latest.json", set("s3:GetObject"), "imports/*", set("s3:GetObject", "s3:PutObject"), "manifests/*", set("s3:PutObject"),
                "undo/*", set("s3:GetObject")));
        assertThat(objectAccess("SchemeFunction")).isEqualTo(Map.of("config/scheme.json", set("s3:GetObject", "s3:GetObjectVersion"),
                "config/active-scheme.json", set("s3:GetObject", "s3:PutObject"), "config/scheme-status.json", set("s3:GetObject", "s3:PutObject")));
        Map<String, Set<String>> export = Map.of("manifests/*", set("s3:GetObject"), "evaluations/latest.json", set("s3:GetObject"),
                "config/active-scheme.json", set("s3:GetObject"),
                "groups/*", set("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:PutObject"),
                "exports/*", write, "private/groups/*", set("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject"),
                "search/*", set("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:PutObject"));
        assertThat(objectAccess("ExportFunction")).isEqualTo(export);
        assertThat(objectAccess("ExportContinuationFunction")).isEqualTo(export);
        Set<String> rewrite = set("s3:DeleteObjectVersion", "s3:GetObject", "s3:PutObject");
        assertThat(objectAccess("EraseFunction")).isEqualTo(Map.of("config/active-scheme.json", set("s3:GetObject"), "imports/*", rewrite,
                "private/imports/*", rewrite, "manifests/*", set("s3:PutObject"), "privacy/reports/*", set("s3:GetObject", "s3:PutObject"),
                "evaluations/*", rewrite, "private/evaluations/*", rewrite, "private/stewardship/merges/*", set("s3:DeleteObject", "s3:GetObject"),
                "private/privacy/pending/*", set("s3:DeleteObject", "s3:GetObject", "s3:PutObject")));
        assertThat(objectAccess("ApiFunction")).isEqualTo(Map.of("groups/*", set("s3:GetObject"), "imports/*", set("s3:GetObject"),
                "evaluations/*", set("s3:GetObject"), "search/*", set("s3:GetObject"), "config/active-scheme.json", set("s3:GetObject"),
                "config/scheme-status.json", set("s3:GetObject"),
                "config/access.json", set("s3:GetObject"), "incoming/*", set("s3:PutObject"), "manifests/*", set("s3:PutObject"),
                "private/stewardship/merges/*", set("s3:DeleteObject", "s3:GetObject", "s3:PutObject")));
        assertThat(objectAccess("StewardshipFunction")).isEqualTo(Map.of("stewardship/merge/*", set("s3:GetObject"),
                "stewardship/unmerge/*", set("s3:GetObject"), "config/active-scheme.json", set("s3:GetObject"),
                "evaluations/latest.json", set("s3:GetObject"), "stewardship/results/*", set("s3:PutObject"),
                "private/stewardship/merges/*", set("s3:DeleteObject", "s3:GetObject", "s3:PutObject"), "manifests/*", set("s3:PutObject")));
        Map<String, Set<String>> runs = Map.of("config/active-scheme.json", set("s3:GetObject"), "evaluations/*", write,
                "private/evaluations/*", set("s3:AbortMultipartUpload", "s3:PutObject"), "manifests/*", set("s3:PutObject"));
        assertThat(objectAccess("ScheduledReevaluationFunction")).isEqualTo(runs);
        Map<String, Set<String>> asked = new java.util.HashMap<>(runs);
        asked.put("config/reevaluate.json", set("s3:GetObject"));
        asked.put("config/drafts/*", set("s3:GetObject"));
        assertThat(objectAccess("ReevaluateFunction")).isEqualTo(asked);
        // Full personal data is under private/: only the functions that write it there reach it.
        for (String function : functions()) {
            objectAccess(function).forEach((key, actions) -> {
                // The importing functions read their own part files (they read the raw uploads anyway); an erasure rewrites them.
                // A merge's undo reads the before-images its merge kept (the API's and the bucket's way).
                boolean merges = key.equals("private/stewardship/merges/*") && Set.of("ApiFunction", "StewardshipFunction").contains(function);
                if (key.startsWith("private/") && !merges && !Set.of("IngestFunction", "ChunkFunction", "EraseFunction").contains(function)) {
                    assertThat(actions).as("%s on %s", function, key).doesNotContain("s3:GetObject");
                }
            });
        }
    }

    @Test
    void noRoleHasAWildcardActionOrResourceOrAPolicyBeyondLambdasBasicOnes() {
        for (String function : functions()) {
            for (JsonNode st : statements(function)) {
                assertThat(strings(st.get("Action"))).as(function).noneMatch(a -> a.endsWith("*"));
                assertThat(strings(st.get("Resource"))).as(function).noneMatch(r -> r.equals("*") || r.equals(BUCKET + "/*"));
                assertThat(st.get("Effect").asText()).isEqualTo("Allow");
            }
            assertThat(strings(resources.get(function + "Role").at("/Properties/ManagedPolicyArns"))).as(function).isSubsetOf(
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole");
        }
    }

    @Test
    void onlyTheImportingUndoingAndErasingFunctionsWriteCustomersAndOnlyImportsIssueCodes() {
        for (String function : functions()) {
            Map<String, Set<String>> tables = tableAccess(function);
            Set<String> customerWrites = new TreeSet<>(tables.getOrDefault("CustomersTable.Arn", Set.of()));
            customerWrites.removeAll(READS);
            Set<String> counterWrites = new TreeSet<>(tables.getOrDefault("CountersTable.Arn", Set.of()));
            counterWrites.removeAll(READS);
            // Re-evaluation runs re-file customers (folder and dimensions), never their keys or codes.
            // Merges move keys between two customers (the API's and the bucket's way).
            boolean imports = Set.of("IngestFunction", "ChunkFunction", "UndoFunction", "EraseFunction", "ReevaluateFunction",
                    "ScheduledReevaluationFunction", "StewardshipFunction", "ApiFunction").contains(function);
            assertThat(customerWrites.isEmpty()).as("%s writes customers: %s", function, customerWrites).isEqualTo(!imports);
            assertThat(counterWrites.isEmpty()).as("%s writes counters: %s", function, counterWrites)
                    .isEqualTo(!Set.of("IngestFunction", "ChunkFunction").contains(function));
        }
        // The API reads; its writes are a steward's: dismissing a pair of probable duplicates (an item of
        // the imports table), merging two customers (a transaction of puts, their history, their folders).
        Map<String, Set<String>> apiWrites = Map.of("ImportsTable.Arn", Set.of("dynamodb:UpdateItem"), "CustomersTable.Arn", Set.of("dynamodb:PutItem"),
                "HistoryTable.Arn", Set.of("dynamodb:BatchWriteItem"), "FoldersTable.Arn", Set.of("dynamodb:UpdateItem"));
        tableAccess("ApiFunction").forEach((table, actions) -> {
            Set<String> writes = new TreeSet<>(actions);
            writes.removeAll(READS);
            assertThat(writes).as(table).isEqualTo(apiWrites.getOrDefault(table, Set.of()));
        });
        assertThat(tableAccess("ExportFunction").keySet()).containsOnly("CustomersTable.Arn", "CustomersTable.Arn/index/*", "FoldersTable.Arn");
        assertThat(tableAccess("SchemeFunction")).isEmpty();
    }

    @Test
    void everyRoutesPermissionMatchesTheRequestsItServes() {
        List<Pattern> allowed = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (!e.getValue().get("Type").asText().equals("AWS::Lambda::Permission")) {
                return;
            }
            JsonNode p = e.getValue().get("Properties");
            // The function or (SnapStart's AutoPublishAlias) its alias.
            String function = p.get("FunctionName").path("Ref").asText(p.get("FunctionName").asText());
            if (function.startsWith("ApiFunction") && p.has("SourceArn")) {
                allowed.add(glob(p.get("SourceArn").asText()));
            }
        });
        List<String> routes = new ArrayList<>();
        // The original template's events are gone after translation: read the routes from the API's generated body.
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals("AWS::ApiGatewayV2::Api")) {
                e.getValue().at("/Properties/Body/paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                        .forEachRemaining(method -> routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
            }
        });
        assertThat(routes).contains("GET /groups/{path+}", "GET /customers/{code}");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{path+}", "north/tier-a/customers").replaceAll("\\{[^}]+}", "EPO000001");
            String request = "arn:aws:execute-api:us-east-1:123456789012:CustcodeApi/$default/" + method + path;
            assertThat(allowed).as("no permission lets API Gateway invoke the function for %s (%s)", route, request)
                    .anyMatch(p -> p.matcher(request).matches());
        }
    }

    @Test
    void withASignInDomainPeopleReachEveryRouteButThePageOnlyThroughTheUserPoolsAuthorizer() {
        List<String> signIn = List.of("PeopleUserPool", "PeopleSignInDomain", "WebPageClient", "WebApi", "WebApiAuthorizer",
                "WebApiIntegration", "WebApiSignedInRoute", "WebApiPageRoute", "WebApiAssetsRoute", "WebApiStage", "WebApiPermission");
        for (String id : signIn) {
            assertThat(resources.get(id).path("Condition").asText()).as(id + " exists only with SignInDomain").isEqualTo("CognitoSignIn");
        }
        JsonNode signedIn = resources.at("/WebApiSignedInRoute/Properties");
        assertThat(signedIn.get("RouteKey").asText()).isEqualTo("$default");
        assertThat(signedIn.get("AuthorizationType").asText()).isEqualTo("JWT");
        assertThat(signedIn.get("AuthorizerId").asText()).isEqualTo("WebApiAuthorizer");
        for (String open : List.of("WebApiPageRoute", "WebApiAssetsRoute")) {
            assertThat(resources.at("/" + open + "/Properties/AuthorizationType").asText()).as(open).isEqualTo("NONE");
        }
        assertThat(List.of(resources.at("/WebApiPageRoute/Properties/RouteKey").asText(), resources.at("/WebApiAssetsRoute/Properties/RouteKey").asText()))
                .containsExactly("GET /", "GET /ui/{file}");
        JsonNode jwt = resources.at("/WebApiAuthorizer/Properties/JwtConfiguration");
        assertThat(jwt.get("Issuer").asText()).isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/PeopleUserPool");
        assertThat(strings(jwt.get("Audience"))).containsExactly("WebPageClient");
        JsonNode client = resources.at("/WebPageClient/Properties");
        assertThat(client.get("GenerateSecret").asBoolean()).isFalse();
        assertThat(strings(client.get("AllowedOAuthFlows"))).containsExactly("code");
        assertThat(strings(client.get("CallbackURLs"))).containsExactly("https://WebApi.execute-api.us-east-1.amazonaws.com/");
        assertThat(resources.at("/PeopleUserPool/Properties/AdminCreateUserConfig/AllowAdminCreateUserOnly").asBoolean()).isTrue();
        // The integration and its permission name the alias SnapStart publishes, as every other trigger does.
        assertThat(resources.at("/WebApiIntegration/Properties/IntegrationUri").asText()).isEqualTo("ApiFunctionAliaslive");
        JsonNode permission = resources.at("/WebApiPermission/Properties");
        assertThat(permission.get("FunctionName").asText()).isEqualTo("ApiFunctionAliaslive");
        assertThat(glob(permission.get("SourceArn").asText()).matcher("arn:aws:execute-api:us-east-1:123456789012:WebApi/$default/GET/groups").matches()).isTrue();
        JsonNode env = resources.at("/ApiFunction/Properties/Environment/Variables");
        assertThat(env.at("/SIGN_IN_CLIENT_ID/Fn::If").toString()).isEqualTo("[\"CognitoSignIn\",\"WebPageClient\",\"\"]");
        assertThat(env.at("/SIGN_IN_REDIRECT_URL/Fn::If/1").asText()).isEqualTo("https://WebApi.execute-api.us-east-1.amazonaws.com/");
        assertThat(resources.at("/DataBucket/Properties/CorsConfiguration/CorsRules/0/AllowedOrigins").toString())
                .contains("https://WebApi.execute-api.us-east-1.amazonaws.com");
    }

    @Test
    void dataIsRetainedAndRecoverableAndUploadsAndLogsExpire() {
        List<String> tables = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            if (r.get("Type").asText().equals("AWS::DynamoDB::Table")) {
                tables.add(e.getKey());
                assertThat(r.path("DeletionPolicy").asText()).as(e.getKey()).isEqualTo("Retain");
                assertThat(r.path("UpdateReplacePolicy").asText()).as(e.getKey()).isEqualTo("Retain");
                assertThat(r.at("/Properties/DeletionProtectionEnabled").asBoolean()).as(e.getKey()).isTrue();
                assertThat(r.at("/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).as(e.getKey()).isTrue();
            }
        });
        assertThat(tables).hasSize(5);
        JsonNode bucket = resources.get("DataBucket");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        List<JsonNode> uploads = new ArrayList<>();
        bucket.at("/Properties/LifecycleConfiguration/Rules").forEach(rule -> {
            if ("incoming/".equals(rule.path("Prefix").asText())) {
                uploads.add(rule);
            }
        });
        assertThat(uploads).singleElement().satisfies(rule -> assertThat(rule.get("ExpirationInDays").asText()).isEqualTo("IncomingRetentionDays"));
        // A long export's carried rows include the full ones of the private/ copies.
        List<JsonNode> work = new ArrayList<>();
        bucket.at("/Properties/LifecycleConfiguration/Rules").forEach(rule -> {
            if ("exports/work/".equals(rule.path("Prefix").asText())) {
                work.add(rule);
            }
        });
        assertThat(work).singleElement().satisfies(rule -> assertThat(rule.get("ExpirationInDays").asInt()).isBetween(1, 30));
        for (String function : functions()) {
            String group = resources.get(function).at("/Properties/LoggingConfig/LogGroup").asText();
            assertThat(resources.get(group).at("/Properties/RetentionInDays").asText()).as(function).isEqualTo("LogRetentionDays");
        }
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals("AWS::ApiGatewayV2::Stage")) {
                String destination = e.getValue().at("/Properties/AccessLogSettings/DestinationArn").asText();
                assertThat(destination).as("the API's access log").endsWith(".Arn");
                JsonNode group = resources.get(destination.substring(0, destination.length() - 4));
                assertThat(group.at("/Properties/RetentionInDays").asText()).isEqualTo("LogRetentionDays");
                assertThat(e.getValue().at("/Properties/AccessLogSettings/Format").asText()).contains("$context.requestId")
                        .doesNotContain("querystring");
            }
        });
    }

    private static List<String> functions() {
        List<String> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals("AWS::Lambda::Function")) {
                out.add(e.getKey());
            }
        });
        assertThat(out).hasSize(12);
        return out;
    }

    private static Pattern glob(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            sb.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString());
    }
}
