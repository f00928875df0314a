package dev.custcode.aws;

import dev.custcode.aws.dynamodb.DynamoCodeAllocator;
import dev.custcode.aws.dynamodb.DynamoCustomerStore;
import dev.custcode.aws.dynamodb.DynamoFolderStore;
import dev.custcode.aws.dynamodb.DynamoGaplessNumbering;
import dev.custcode.aws.dynamodb.DynamoHistoryStore;
import dev.custcode.aws.dynamodb.DynamoImportStore;
import dev.custcode.aws.s3.S3ObjectStore;
import dev.custcode.api.LookupService;
import dev.custcode.export.FolderExporter;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestStores;
import dev.custcode.aws.sqs.SqsChunkQueue;
import dev.custcode.aws.sqs.SqsExportQueue;
import dev.custcode.store.ExportQueue;
import dev.custcode.store.ChunkQueue;
import dev.custcode.ingest.UndoService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeRegistry;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the domain services to their AWS adapters; used by every handler's no-argument constructor. */
public final class Services {
    private final FunctionEnvironment env;
    private final S3ObjectStore objects;
    private final DynamoCustomerStore customers;
    /** Whether the imports this makes look for probable duplicates (DUPLICATE_SEARCH, default on). */
    private boolean duplicateSearch = true;
    private final DynamoCodeAllocator allocator;
    private final DynamoImportStore imports;
    private final DynamoHistoryStore history;
    private final DynamoFolderStore folders;
    private final SchemeRegistry schemes;
    private final Clock clock;
    private final DynamoDbClient dynamo;
    /** The chunks queue of large imports, or null (every file in one invocation); see {@link #withChunks}. */
    private ChunkQueue chunks;
    private long chunkRecords = IngestSettings.CHUNK_RECORDS;
    /** Where imports' and runs' figures go: EMF lines in Lambda, nowhere in process. */
    private EmfMetrics metrics;

    public Services(FunctionEnvironment env, S3Client s3, DynamoDbClient dynamo, Clock clock) {
        this.env = env;
        this.clock = clock;
        this.dynamo = dynamo;
        this.objects = new S3ObjectStore(s3, env.bucket());
        this.customers = new DynamoCustomerStore(dynamo, env.customersTable());
        this.allocator = new DynamoCodeAllocator(dynamo, env.countersTable());
        this.imports = new DynamoImportStore(dynamo, env.importsTable());
        this.history = new DynamoHistoryStore(dynamo, env.historyTable());
        this.folders = new DynamoFolderStore(dynamo, env.foldersTable());
        this.schemes = new SchemeRegistry(objects, clock);
        // DUPLICATE_SEARCH=off (the template's DuplicateSearch parameter): imports look for no probable duplicates.
        this.duplicateSearch = !"off".equalsIgnoreCase(String.valueOf(System.getenv("DUPLICATE_SEARCH")).trim());
    }

    /** Turns the duplicate search of the imports this makes on or off. */
    public Services duplicateSearch(boolean on) {
        this.duplicateSearch = on;
        return this;
    }

    /** From the Lambda environment, with clients built once at init. */
    public static Services fromEnvironment() {
        FunctionEnvironment env = FunctionEnvironment.fromSystem();
        Services services = new Services(env, AwsClients.s3(env.forcePathStyle()), AwsClients.dynamoDb(), Clock.systemUTC());
        services.metrics = EmfMetrics.fromEnvironment();
        Priming.register("clients, Jackson and the scheme", services::prime);
        // Functions that import (IngestFunction, ChunkFunction) are given the chunks queue.
        String queue = System.getenv("CHUNKS_QUEUE_URL");
        if (queue != null && !queue.isBlank()) {
            String rows = System.getenv("CHUNK_ROWS");
            services.withChunks(new SqsChunkQueue(AwsClients.sqs(), queue),
                    rows == null || rows.isBlank() ? IngestSettings.CHUNK_RECORDS : Long.parseLong(rows.trim()));
        }
        return services;
    }

    /**
     * What every function does on its first request, done once before a SnapStart snapshot: an S3
     * read (the active scheme, parsed by Jackson), its rules compiled and run on a sample row, and
     * DynamoDB reads of a customer and an import that do not exist (signing, marshalling, the
     * connection pool). Reads only: priming writes nothing. Each step stands alone: a function
     * whose policy does not allow one (the sweep reads no customer) is primed by the others.
     */
    void prime() {
        Logger log = LoggerFactory.getLogger(Services.class);
        Map<String, Runnable> steps = new java.util.LinkedHashMap<>();
        steps.put("scheme", () -> new dev.custcode.classify.Classifier(schemes.current()).classify(Map.of("name", "杭州青木贸易有限公司",
                "city", "杭州", "amount", "¥12,800", "orders", "3", "lastOrderDate", "2026-10-01", "phone", "0571-8888 1234"),
                java.time.LocalDate.now(clock)));
        steps.put("customers table", () -> customers.findByCode("PRIME000000"));
        steps.put("imports table", () -> imports.find("priming"));
        steps.forEach((what, step) -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.info("not primed: {} ({})", what, e.getMessage());
            }
        });
    }

    public FolderExporter exporter() {
        return new FolderExporter(customers, folders, objects, schemes, clock);
    }

    /**
     * The exports queue named by {@code EXPORTS_QUEUE_URL} (the export functions have it): where
     * an export too long for one invocation queues its next step.
     */
    public static ExportQueue exportQueueFromEnvironment() {
        String url = System.getenv("EXPORTS_QUEUE_URL");
        if (url == null || url.isBlank()) {
            return stateKey -> {
                throw new IllegalStateException("EXPORTS_QUEUE_URL is not set: the export saved at " + stateKey + " cannot go on");
            };
        }
        return new SqsExportQueue(AwsClients.sqs(), url);
    }

    /** The ingest with the environment's settings ({@code LEASE_SECONDS}: how long a claim lasts without a heartbeat, default 120). */
    public IngestService ingest() {
        String lease = System.getenv("LEASE_SECONDS");
        IngestSettings d = IngestSettings.DEFAULT;
        return ingest(lease == null || lease.isBlank() ? d
                : new IngestSettings(d.batchSize(), java.time.Duration.ofSeconds(Long.parseLong(lease.trim())), d.limits(), d.chunkRecords(), d.fanOutBytes()));
    }

    /**
     * The sweep of unfinished imports, re-driving through the chunks queue; settings from
     * {@code SWEEP_GRACE_SECONDS} and {@code SWEEP_MAX_REDRIVES} (defaults 600 and 3).
     */
    public dev.custcode.ingest.Sweeper sweeper() {
        if (chunks == null) {
            throw new IllegalStateException("CHUNKS_QUEUE_URL is not set: the sweep re-drives imports through the chunks queue");
        }
        dev.custcode.ingest.Sweeper.Settings d = dev.custcode.ingest.Sweeper.Settings.DEFAULT;
        String grace = System.getenv("SWEEP_GRACE_SECONDS");
        String max = System.getenv("SWEEP_MAX_REDRIVES");
        return new dev.custcode.ingest.Sweeper(imports, chunks, ingest(), folders, objects, clock, new dev.custcode.ingest.Sweeper.Settings(
                grace == null || grace.isBlank() ? d.grace() : java.time.Duration.ofSeconds(Long.parseLong(grace.trim())),
                max == null || max.isBlank() ? d.maxRedrives() : Integer.parseInt(max.trim())));
    }

    public IngestService ingest(IngestSettings settings) {
        if (!duplicateSearch) {
            settings = settings.withDuplicateSearch(false);
        }
        IngestService ingest = new IngestService(stores(), schemes, clock,
                chunks == null ? settings : settings.withChunks(chunkRecords, settings.fanOutBytes()));
        return metrics == null ? ingest : ingest.withMetrics(metrics);
    }

    /** The ports an import (or an undo) works with. */
    private IngestStores stores() {
        return new IngestStores(objects, customers, allocator,
                new DynamoGaplessNumbering(dynamo, env.customersTable(), env.countersTable()), imports, history, folders, chunks);
    }

    /**
     * Large files fan out: cut into chunks of {@code records} rows queued on {@code queue}, each
     * imported by its own invocation of the chunk function.
     */
    public Services withChunks(ChunkQueue queue, long records) {
        this.chunks = queue;
        this.chunkRecords = records;
        return this;
    }

    public UndoService undo() {
        return new UndoService(stores(), schemes, clock);
    }

    /** Re-evaluation runs, scanning with {@code SCAN_READERS} parallel readers (default 4). */
    public dev.custcode.evaluate.ReevaluationService reevaluation() {
        String readers = System.getenv("SCAN_READERS");
        var runs = new dev.custcode.evaluate.ReevaluationService(stores(), schemes, clock,
                readers == null || readers.isBlank() ? 4 : Integer.parseInt(readers.trim()));
        return metrics == null ? runs : runs.withMetrics(metrics);
    }

    public dev.custcode.stewardship.EraseService eraser() {
        return new dev.custcode.stewardship.EraseService(stores(), schemes, clock);
    }

    public dev.custcode.stewardship.MergeService merges() {
        return new dev.custcode.stewardship.MergeService(stores(), schemes, clock);
    }

    public LookupService lookups() {
        // The API asks for the scheme on every request: a new one shows within 10 s.
        return new LookupService(stores(), schemes.cached(java.time.Duration.ofSeconds(10)), clock);
    }

    /** Where the API's access rules live (see {@link dev.custcode.api.Access}). */
    public static final String ACCESS_KEY = "config/access.json";

    /**
     * The API's access rules, read again at most every 10 s. No file: every folder, personal data
     * masked. A file that does not parse shuts everyone out (and says why in the log) rather than
     * letting everyone in.
     */
    public java.util.function.Supplier<dev.custcode.api.Access> access() {
        return new dev.custcode.store.Expiring<>(java.time.Duration.ofSeconds(10), () -> objects.read(ACCESS_KEY).map(bytes -> {
            try {
                return dev.custcode.api.Access.parse(bytes);
            } catch (IllegalArgumentException e) {
                org.slf4j.LoggerFactory.getLogger(Services.class).error("{}: no caller may read anything until it is fixed", e.getMessage());
                return new dev.custcode.api.Access(java.util.List.of(), new dev.custcode.api.Access.Grant("*", java.util.List.of(), false));
            }
        }).orElse(dev.custcode.api.Access.OPEN));
    }

    public S3ObjectStore objects() {
        return objects;
    }

    public SchemeRegistry schemes() {
        return schemes;
    }

    public FunctionEnvironment environment() {
        return env;
    }
}
