package dev.custcode.cli;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stack the tool talks to: the local one ({@code ./custcode-local}'s defaults) or a deployed
 * one, found by its CloudFormation stack name (its {@code ApiUrl} and {@code DataBucketName} outputs).
 *
 * @param api         the HTTP API's base URL
 * @param s3Endpoint  the S3 endpoint, or null for AWS's own
 * @param bucket      the data bucket
 * @param region      the region requests are signed for
 * @param credentials who signs: the default chain (environment, profile, SSO, instance role); locally
 *                    the environment's keys or any, so a machine without any still reaches the local stack
 */
record Target(URI api, URI s3Endpoint, String bucket, Region region, AwsCredentialsProvider credentials, URI sqsEndpoint,
              URI lambdaEndpoint, Map<String, String> queueUrls) {
    /** The queues {@code replay} empties, by their logical ids in the template (and output names without "Url"). */
    static final java.util.List<String> QUEUES = java.util.List.of("FailedEventsQueue", "ChunksQueue", "ChunksDeadLetterQueue",
            "ExportsQueue", "ExportsDeadLetterQueue");
    static final URI LOCAL_API = URI.create("http://127.0.0.1:3000");
    static final URI LOCAL_S3 = URI.create("http://127.0.0.1:4566");
    static final String LOCAL_BUCKET = "custcode-local";

    /** The local stack, each part overridable (tests run stacks on free ports). */
    static Target local(URI api, URI s3, String bucket, URI sqs) {
        AwsCredentialsProvider anyCredentials = AwsCredentialsProviderChain.builder()
                // The environment's keys name the caller to the local API (config/access.json grants
                // by them); no instance-metadata lookup, which stalls a machine that is not in AWS.
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        URI apiUri = api == null ? LOCAL_API : api;
        URI sqsUri = sqs == null ? URI.create("http://127.0.0.1:9324") : sqs;
        Map<String, String> queues = new java.util.LinkedHashMap<>();
        // The local runtime names each queue by its logical id (the template gives no QueueName).
        QUEUES.forEach(q -> queues.put(q, sqsUri.toString().replaceAll("/+$", "") + "/000000000000/" + q));
        // The local HTTP API's port also answers Lambda's Invoke call.
        return new Target(apiUri, s3 == null ? LOCAL_S3 : s3, bucket == null ? LOCAL_BUCKET : bucket,
                Region.US_EAST_1, anyCredentials, sqsUri, apiUri, queues);
    }

    /** A deployed stack, from its outputs; explicit options still win. */
    static Target deployed(String stackName, Region region, URI api, String bucket) {
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        Map<String, String> outputs = StackOutputs.of(stackName, region, credentials);
        String apiUrl = api != null ? api.toString() : outputs.get("ApiUrl");
        String dataBucket = bucket != null ? bucket : outputs.get("DataBucketName");
        if (apiUrl == null || dataBucket == null) {
            throw new IllegalArgumentException("stack " + stackName + " has no ApiUrl or DataBucketName output: is it a custcode stack?");
        }
        Map<String, String> queues = new java.util.LinkedHashMap<>();
        QUEUES.forEach(q -> {
            if (outputs.containsKey(q + "Url")) {
                queues.put(q, outputs.get(q + "Url"));
            }
        });
        return new Target(URI.create(apiUrl), null, dataBucket, region, credentials, null,
                URI.create("https://lambda." + region.id() + ".amazonaws.com"), queues);
    }

    S3Client s3() {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials);
        if (s3Endpoint != null) {
            builder.endpointOverride(s3Endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    software.amazon.awssdk.services.sqs.SqsClient sqs() {
        var builder = software.amazon.awssdk.services.sqs.SqsClient.builder().region(region).credentialsProvider(credentials);
        if (sqsEndpoint != null) {
            builder.endpointOverride(sqsEndpoint);
        }
        return builder.build();
    }

    /** {@code s3://bucket/key}, as the aws CLI takes it. */
    String s3Uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
