package dev.custcode.local;

import dev.custcode.aws.Services;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What merging costs: one stack, one run, the same 10,000-row file imported as new customers,
 * then again under another key (all unchanged), then with one field changed in every row (all
 * updated); rows/s of each, as a ratio to the fastest raw write path measured in the same run,
 * and the items written per row, in transactions and outside them, counted on the requests
 * (DynamoDB Local does not report the capacity transactions consume; in DynamoDB an item of up to
 * 1 KB costs 2 write units in a transaction and 1 outside, and each index it changes 1 more).
 *
 * <pre>
 * mvn -q -DskipTests install && mvn -q -pl local exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.custcode.local.MergeBenchmark [-Dexec.args="/path/to/file.csv"]
 * </pre>
 */
public final class MergeBenchmark {
    private MergeBenchmark() {
    }

    /** Asks every write for its consumed capacity and adds it up. */
    static final class Capacity implements ExecutionInterceptor {
        final DoubleAdder writeUnits = new DoubleAdder();
        final LongAdder requests = new LongAdder();
        /** Items written in transactions (2 write units per KB each in DynamoDB) and outside them (1 per KB). */
        final LongAdder transactionalItems = new LongAdder();
        final LongAdder plainItems = new LongAdder();

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            SdkRequest r = context.request();
            if (r instanceof TransactWriteItemsRequest t) {
                transactionalItems.add(t.transactItems().size());
                return t.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
            } else if (r instanceof PutItemRequest p) {
                plainItems.increment();
                return p.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
            } else if (r instanceof UpdateItemRequest u) {
                plainItems.increment();
                return u.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
            } else if (r instanceof BatchWriteItemRequest b) {
                b.requestItems().values().forEach(l -> plainItems.add(l.size()));
                return b.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
            }
            return r;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            SdkResponse r = context.response();
            requests.increment();
            if (r instanceof TransactWriteItemsResponse t && t.hasConsumedCapacity()) {
                t.consumedCapacity().forEach(this::add);
            } else if (r instanceof PutItemResponse p && p.consumedCapacity() != null) {
                add(p.consumedCapacity());
            } else if (r instanceof UpdateItemResponse u && u.consumedCapacity() != null) {
                add(u.consumedCapacity());
            } else if (r instanceof BatchWriteItemResponse b && b.hasConsumedCapacity()) {
                b.consumedCapacity().forEach(this::add);
            }
        }

        private void add(ConsumedCapacity c) {
            writeUnits.add(c.capacityUnits() == null ? 0 : c.capacityUnits());
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        Path file = args.length > 0 ? Path.of(args[0]) : root.resolve("../shared/data/customers-10000.csv").normalize();
        byte[] original = Files.readAllBytes(file);
        // Every row changed in one field: the amount column of the sample is "Index" … use the
        // email, which every row has: a new address per row.
        String text = new String(original, StandardCharsets.UTF_8);
        byte[] changed = text.replaceAll("(?m)@([A-Za-z0-9.-]+),", "@changed-$1,").getBytes(StandardCharsets.UTF_8);

        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Config.onFreePorts(root.resolve("template.yaml"), Files.createTempDirectory("custcode-bench-")));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
        Capacity capacity = new Capacity();
        DynamoDbClient raw = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.dynamoEndpoint()).region(Region.US_EAST_1).credentialsProvider(creds)
                .overrideConfiguration(o -> o.addExecutionInterceptor(capacity)).build();
        S3Client s3 = S3Client.builder().endpointOverride(runtime.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds).build();
        try {
            raw.createTable(TemplateTables.customersTableNamed("RawBatch"));
            raw.createTable(TemplateTables.customersTableNamed("RawTransact"));
            double batch = BenchItems.batchWrite(raw, "RawBatch", 10_000, "europe/enterprise/tier-c");
            double transact = BenchItems.transactWrite(raw, "RawTransact", 10_000, "europe/enterprise/tier-c");
            double fastest = Math.max(batch, transact);
            Services services = new Services(functionEnvironment(runtime), s3, dynamo, Clock.systemUTC());

            System.out.printf("file: %s%n", file.getFileName());
            System.out.printf("raw BatchWriteItem of 25, 8 threads:          %7.0f items/s%n", batch);
            System.out.printf("raw TransactWriteItems of 100, 8 threads:     %7.0f items/s%n", transact);
            run("new customers", services, s3, runtime, capacity, "bench/new.csv", original, fastest);
            run("the same again (all unchanged)", services, s3, runtime, capacity, "bench/again.csv", original, fastest);
            run("one field changed per row (all updated)", services, s3, runtime, capacity, "bench/changed.csv", changed, fastest);
        } finally {
            runtime.close();
        }
        System.exit(0);
    }

    private static void run(String what, Services services, S3Client s3, LocalRuntime runtime, Capacity capacity, String key,
                            byte[] bytes, double fastest) {
        s3.putObject(b -> b.bucket(runtime.bucket()).key(key), RequestBody.fromBytes(bytes));
        String eTag = s3.headObject(b -> b.bucket(runtime.bucket()).key(key)).eTag();
        long requestsBefore = capacity.requests.sum();
        long transactionalBefore = capacity.transactionalItems.sum();
        long plainBefore = capacity.plainItems.sum();
        long t0 = System.nanoTime();
        ImportReport report = services.ingest(IngestSettings.DEFAULT).ingest(new IncomingObject(runtime.bucket(), key, null, eTag, bytes.length));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = report.counts().rows();
        double rate = rows / seconds;
        System.out.printf("%-40s %7.0f rows/s  ratio to fastest raw %.2f  items written/row: %.2f in transactions + %.2f plain  DynamoDB requests/row %.3f  (%s)%n",
                what + ":", rate, rate / fastest, (double) (capacity.transactionalItems.sum() - transactionalBefore) / rows,
                (double) (capacity.plainItems.sum() - plainBefore) / rows,
                (double) (capacity.requests.sum() - requestsBefore) / rows, report.message());
    }

    private static dev.custcode.aws.FunctionEnvironment functionEnvironment(LocalRuntime runtime) {
        return new dev.custcode.aws.FunctionEnvironment(runtime.bucket(), "CustomersTable", "CountersTable", "ImportsTable",
                "HistoryTable", "FoldersTable", true);
    }
}
