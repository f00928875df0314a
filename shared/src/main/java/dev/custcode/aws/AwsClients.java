package dev.custcode.aws;

import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients built the same way everywhere. Region, credentials and endpoints come from the
 * SDK's standard settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_ENDPOINT_URL_DYNAMODB} …), so the same code runs in Lambda and locally; the
 * template's {@code ENDPOINT_URL_S3}, {@code ENDPOINT_URL_DYNAMODB}, {@code ENDPOINT_URL_SQS}
 * (empty in AWS) override them where only declared variables can be set ({@code sam local}).
 */
public final class AwsClients {
    private AwsClients() {
    }

    /** The endpoint {@code ENDPOINT_URL_<service>} names, applied to a client builder; nothing when unset or empty. */
    private static <B extends software.amazon.awssdk.core.client.builder.SdkClientBuilder<B, ?>> B endpoint(B builder, String service) {
        String url = System.getenv("ENDPOINT_URL_" + service);
        return url == null || url.isBlank() ? builder : builder.endpointOverride(java.net.URI.create(url.trim()));
    }

    public static DynamoDbClient dynamoDb() {
        return endpoint(DynamoDbClient.builder(), "DYNAMODB")
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(5)))
                // Write requests and the units DynamoDB says they cost, per invocation (metrics).
                .overrideConfiguration(c -> c.addExecutionInterceptor(new WriteCapacity()))
                .build();
    }

    public static software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return endpoint(software.amazon.awssdk.services.sqs.SqsClient.builder(), "SQS")
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8).connectionTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** @param forcePathStyle local S3-compatible servers have no per-bucket host names */
    public static S3Client s3(boolean forcePathStyle) {
        return endpoint(S3Client.builder(), "S3")
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(5)))
                .forcePathStyle(forcePathStyle)
                .build();
    }
}
