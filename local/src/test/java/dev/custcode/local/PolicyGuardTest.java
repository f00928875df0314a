package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.local.host.PolicyGuard;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The function's template policy, enforced on its SDK calls: the guard is picked up by every
 * client (a global interceptor) and maps requests to the actions AWS checks. No AWS service is
 * needed: a refused call fails before it is sent, and an allowed one then fails to connect.
 */
class PolicyGuardTest {
    private static final String BUCKET = "arn:aws:s3:::data";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/Customers";
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    @AfterEach
    void forget() {
        System.clearProperty(PolicyGuard.PROPERTY);
    }

    private static void policy(PolicyGuard.Statement... statements) {
        System.setProperty(PolicyGuard.PROPERTY, PolicyGuard.Statement.encode(List.of(statements)));
    }

    private static PolicyGuard.Statement allow(List<String> actions, String... resources) {
        return new PolicyGuard.Statement(true, actions, List.of(resources), Map.of());
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(NOWHERE).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build();
    }

    private static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(NOWHERE).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build();
    }

    @Test
    void everyClientIsCheckedAgainstTheObjectPrefixesItsPolicyNames() {
        policy(allow(List.of("s3:GetObject"), BUCKET + "/config/active-scheme.json"),
                allow(List.of("s3:PutObject", "s3:AbortMultipartUpload"), BUCKET + "/imports/*"));
        try (S3Client s3 = s3()) {
            // Allowed: sent (and refused by nobody listening).
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("config/active-scheme.json")))
                    .isInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("data").key("imports/1/report.json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{}"))).isInstanceOf(SdkClientException.class);
            // Not allowed: 403 before anything is sent, naming the action and the object.
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("data").key("groups/north/_export.csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.getMessage()).contains("s3:PutObject").contains(BUCKET + "/groups/north/_export.csv");
                    });
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("config/scheme.json")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            // A version is its own action: s3:GetObject does not read one.
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("config/active-scheme.json").versionId("v1")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.getMessage()).contains("s3:GetObjectVersion"));
        }
    }

    @Test
    void eachItemOfATransactionNeedsItsOwnActionAndAnIndexItsOwnArn() {
        policy(allow(List.of("dynamodb:PutItem", "dynamodb:Query"), TABLE));
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"));
        try (DynamoDbClient dynamo = dynamo()) {
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("Customers").item(item)).build())))
                    .isInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("Customers").item(item)).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName("Customers").key(item)).build())))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.getMessage()).contains("dynamodb:DeleteItem"));
            assertThatThrownBy(() -> dynamo.query(b -> b.tableName("Customers").indexName("byFolder")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.getMessage()).contains(TABLE + "/index/byFolder"));
        }
    }

    @Test
    void aDenyWinsAndConditionsOnThePrefixAreEvaluated() {
        PolicyGuard.Statement listImports = new PolicyGuard.Statement(true, List.of("s3:List*"), List.of(BUCKET),
                Map.of("StringLike", Map.of("s3:prefix", List.of("imports/*"))));
        policy(listImports, allow(List.of("s3:*"), BUCKET + "/*"),
                new PolicyGuard.Statement(false, List.of("s3:PutObject"), List.of(BUCKET + "/incoming/*"), Map.of()));
        try (S3Client s3 = s3()) {
            assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("data").prefix("imports/1/"))).isInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("data").prefix("groups/")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("incoming/a.csv"))).isInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("data").key("incoming/a.csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void withoutAPolicyNothingIsChecked() {
        try (S3Client s3 = s3()) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("data").key("anything"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x"))).isInstanceOf(SdkClientException.class)
                    .isNotInstanceOf(AwsServiceException.class);
        }
    }
}
