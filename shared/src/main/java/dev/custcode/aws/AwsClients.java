package dev.custcode.aws;

import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients built the same way everywhere. Region, credentials and endpoints come from the
 * SDK's standard settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_ENDPOINT_URL_DYNAMODB} …), so the same code runs in Lambda and locally.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(5)))
                // Write requests and the units DynamoDB says they cost, per invocation (metrics).
                .overrideConfiguration(c -> c.addExecutionInterceptor(new WriteCapacity()))
                .build();
    }

    public static software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return software.amazon.awssdk.services.sqs.SqsClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8).connectionTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** @param forcePathStyle local S3-compatible servers have no per-bucket host names */
    public static S3Client s3(boolean forcePathStyle) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(5)))
                .forcePathStyle(forcePathStyle)
                .build();
    }
}
