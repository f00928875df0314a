package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.api.Access;
import dev.custcode.aws.FunctionEnvironment;
import dev.custcode.aws.Services;
import dev.custcode.aws.sqs.SqsChunkQueue;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the functions need of S3, DynamoDB and SQS, checked through the production adapters
 * ({@link Services} as a handler builds it) against one backend: the local stack's servers
 * ({@code LocalServersContractIT}: S3Proxy, DynamoDB Local, ElasticMQ) or LocalStack
 * ({@code LocalStackContractIT}, Maven profile {@code localstack}, where Docker exists). The same
 * tests behind one abstraction: a backend is three endpoints. Each test works in a bucket and
 * tables of its own, created from {@code template.yaml}'s definitions.
 */
abstract class BackendContract {
    /** The endpoints of the backend under test. */
    record Backend(URI s3, URI dynamodb, URI sqs) {
    }

    protected abstract Backend backend();

    private S3Client s3;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private String bucket;
    private FunctionEnvironment env;

    @BeforeEach
    void createBucketTablesAndQueue() throws Exception {
        Backend b = backend();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        s3 = S3Client.builder().endpointOverride(b.s3()).region(Region.US_EAST_1).credentialsProvider(credentials).forcePathStyle(true).build();
        dynamo = DynamoDbClient.builder().endpointOverride(b.dynamodb()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(b.sqs()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        bucket = "contract-" + run;
        s3.createBucket(r -> r.bucket(bucket));
        Map<String, String> tables = new java.util.HashMap<>();
        for (CreateTableRequest t : TableDefinitions.from(SamTemplate.read(TestStack.ROOT.resolve("template.yaml")))) {
            String name = t.tableName() + "-" + run;
            tables.put(t.tableName(), name);
            try {
                dynamo.createTable(t.toBuilder().tableName(name).build());
            } catch (ResourceInUseException e) {
                // created by an earlier attempt
            }
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
        }
        env = new FunctionEnvironment(bucket, tables.get("CustomersTable"), tables.get("CountersTable"), tables.get("ImportsTable"),
                tables.get("HistoryTable"), tables.get("FoldersTable"), true);
    }

    private IncomingObject upload(String key, byte[] content) {
        var put = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return new IncomingObject(bucket, key, put.versionId(), put.eTag(), content.length, Instant.now());
    }

    private JsonNode json(String key) throws Exception {
        return TestStack.JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    }

    @Test
    void aFileIsImportedExportedAndLookedUp() throws Exception {
        Services services = new Services(env, s3, dynamo, Clock.systemUTC());
        byte[] sample = Files.readAllBytes(TestStack.ROOT.resolve("events/customers-sample.csv"));
        ImportReport report = services.ingest().ingest(upload("incoming/sample.csv", sample));
        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.counts().rows()).isEqualTo(12);
        assertThat(report.counts().created()).isEqualTo(12);
        // Dropped again: every row unchanged, no code issued.
        ImportReport again = services.ingest().ingest(upload("incoming/sample-again.csv", sample));
        assertThat(again.counts().unchanged()).isEqualTo(12);
        assertThat(again.counts().created()).isZero();

        ExportManifest manifest = ExportManifest.parse(s3.getObjectAsBytes(r -> r.bucket(bucket).key("manifests/" + report.importId() + ".json"))
                .asByteArray());
        services.exporter().export(manifest);
        JsonNode index = json("groups/_index.json");
        assertThat(index.toString()).contains("\"north\"");
        String code = report.codeRanges().get(0).first();
        assertThat(services.lookups().customers().customer(code, Access.Viewer.ALL).code()).isEqualTo(code);
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("groups/")).contents())
                .anySatisfy(o -> assertThat(o.key()).endsWith("/_export.csv"));
    }

    @Test
    void aLargeFileFansOutThroughTheQueueAndEveryChunkIsImportedOnce() throws Exception {
        String queue = sqs.createQueue(r -> r.queueName("chunks-" + bucket)).queueUrl();
        Services services = new Services(env, s3, dynamo, Clock.systemUTC()).withChunks(new SqsChunkQueue(sqs, queue), 7);
        IngestService ingest = services.ingest(IngestSettings.DEFAULT.withChunks(7, 0));
        StringBuilder csv = new StringBuilder("客户编号,客户名称,城市,累计金额\n");
        for (int i = 1; i <= 40; i++) {
            csv.append("K").append(i).append(",契约客户").append(i).append("有限公司,杭州,").append(i * 100).append('\n');
        }
        ImportReport planned = ingest.ingest(upload("incoming/large.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(planned.status()).isEqualTo(ImportStatus.RUNNING);

        Set<Integer> done = new HashSet<>();
        String reportKey = IngestService.reportKey(planned.importId());
        while (s3.listObjectsV2(r -> r.bucket(bucket).prefix(reportKey)).keyCount() == 0) {
            var received = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertThat(received).as("chunks queued until the report exists").isNotEmpty();
            for (Message m : received) {
                JsonNode body = TestStack.JSON.readTree(m.body());
                ingest.importChunk(body.get("importId").asText(), body.get("chunk").asInt(), Instant.now().plusSeconds(60));
                done.add(body.get("chunk").asInt());
                sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(done).hasSize(6);
        JsonNode report = json(reportKey);
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.at("/counts/new").asLong()).isEqualTo(40);
        assertThat(report.path("codeRanges").findValues("count").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(40);
    }
}
