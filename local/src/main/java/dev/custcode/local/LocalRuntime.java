package dev.custcode.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The whole stack in one process, without Docker: S3Proxy, DynamoDB Local, ElasticMQ, the tables,
 * queues and functions of {@code template.yaml}, S3 ObjectCreated routing to the functions whose
 * template S3 events match, and the template's SQS event source mappings. Each invocation is
 * bounded by its function's {@code Timeout} ({@link Config#withTimeout} overrides it). Tests start
 * it on free ports ({@link Config#onFreePorts}).
 *
 * <pre>{@code
 * try (LocalRuntime stack = LocalRuntime.start(LocalRuntime.Config.onFreePorts(template, dataDir))) {
 *     // upload to stack.s3Endpoint(), bucket stack.bucket(); reports appear under imports/
 * }
 * }</pre>
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    public static final String REGION = "us-east-1";

    /**
     * @param template    path of template.yaml (CodeUris are relative to its folder)
     * @param dataDir     where S3 objects, the DynamoDB database and failed events are kept
     * @param s3Port      S3 endpoint port (4566 by default, as LocalStack)
     * @param dynamoPort  DynamoDB endpoint port (8000, as DynamoDB Local)
     * @param apiPort     HTTP API port (3000, as sam local start-api)
     * @param bucket      the data bucket's local name
     * @param retryDelays waits before each retry of a failed async invocation
     * @param concurrency concurrent invocations per function, each in an environment (JVM) of its own
     *                    (and pollers of an SQS event source mapping without {@code ScalingConfig.MaximumConcurrency})
     * @param sqsPort     SQS endpoint port (9324, as ElasticMQ)
     * @param timeouts    function logical id → Timeout in seconds, replacing the template's
     * @param parameters  template parameter → value, replacing its Default (as {@code --parameter-overrides})
     * @param oidc        an OpenID Connect provider the web page signs in with and whose tokens the
     *                    HTTP API verifies (as the template's JWT authorizer), or null for none
     * @param idleEnvironments how long an environment left idle is kept, unless it is its function's last
     */
    public record Config(Path template, Path dataDir, int s3Port, int dynamoPort, int apiPort, String bucket,
                         List<Duration> retryDelays, int concurrency, int sqsPort, Map<String, Integer> timeouts,
                         Map<String, String> parameters, Oidc oidc, Duration idleEnvironments) {
        /** How long an environment left idle is kept by default, beyond the warmest of its function's: about what Lambda keeps one. */
        public static final Duration IDLE_ENVIRONMENTS = Duration.ofMinutes(5);

        /**
         * @param issuer   the provider's issuer URL (its discovery document is read from below it)
         * @param clientId the page's client id at the provider
         */
        public record Oidc(String issuer, String clientId) {
        }

        public Config {
            timeouts = Map.copyOf(timeouts);
            parameters = Map.copyOf(parameters);
        }

        public static Config defaults(Path template, Path dataDir) {
            return new Config(template, dataDir, 4566, 8000, 3000, "custcode-local",
                    List.of(Duration.ofSeconds(5), Duration.ofSeconds(10)), 4, 9324, Map.of(), Map.of(), null, IDLE_ENVIRONMENTS);
        }

        /** Free ports, short retry delays: for tests beside a running stack. */
        public static Config onFreePorts(Path template, Path dataDir) throws IOException {
            return new Config(template, dataDir, freePort(), freePort(), freePort(), "custcode-local",
                    List.of(Duration.ofMillis(200), Duration.ofMillis(400)), 4, freePort(), Map.of(), Map.of(), null, IDLE_ENVIRONMENTS);
        }

        /** The same configuration with a template parameter's value: {@code config.withParameter("ChunkRows", "1000")}. */
        public Config withParameter(String name, String value) {
            Map<String, String> all = new HashMap<>(parameters);
            all.put(name, value);
            return new Config(template, dataDir, s3Port, dynamoPort, apiPort, bucket, retryDelays, concurrency, sqsPort, timeouts, all, oidc,
                    idleEnvironments);
        }

        /** The same configuration with a sign-in through this OpenID Connect provider. */
        public Config withOidc(String issuer, String clientId) {
            return new Config(template, dataDir, s3Port, dynamoPort, apiPort, bucket, retryDelays, concurrency, sqsPort, timeouts, parameters,
                    new Oidc(issuer, clientId), idleEnvironments);
        }

        /** The same configuration with a function's Timeout overridden: {@code config.withTimeout("IngestFunction", 20)}. */
        public Config withTimeout(String function, int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("timeout of " + function + " must be at least 1 second: " + seconds);
            }
            Map<String, Integer> all = new HashMap<>(timeouts);
            all.put(function, seconds);
            return new Config(template, dataDir, s3Port, dynamoPort, apiPort, bucket, retryDelays, concurrency, sqsPort, all, parameters, oidc,
                    idleEnvironments);
        }

        /** The same configuration ending environments idle longer than {@code idle} (the warmest of each function stays). */
        public Config withIdleEnvironments(Duration idle) {
            return new Config(template, dataDir, s3Port, dynamoPort, apiPort, bucket, retryDelays, concurrency, sqsPort, timeouts, parameters,
                    oidc, idle);
        }
    }

    private final Config config;
    private final LocalDynamoDb dynamo;
    private final LocalS3 s3;
    private final LocalHttpApi api;
    private final AsyncInvoker invoker;
    private final Map<String, FunctionProcess> functions;
    private final LocalSqs sqs;
    private final List<SqsEventSource> eventSources;
    /** Invokes a function synchronously with an event of one's own (tests: a schedule's event for another day). */
    FunctionProcess.Invocation invoke(String logicalId, String event) throws IOException, InterruptedException {
        return definitionProcess(logicalId).invoke(event);
    }

    private FunctionProcess definitionProcess(String logicalId) {
        FunctionProcess p = functions.get(logicalId);
        if (p == null) {
            throw new IllegalArgumentException("no function " + logicalId);
        }
        return p;
    }

    /** A function as this stack runs it (its policy naming this stack's bucket): for benchmarks that start their own process of it. */
    FunctionDefinition definition(String logicalId) {
        return definitionProcess(logicalId).function();
    }

    /** Fires the template's Schedule events. */
    private final java.util.concurrent.ScheduledExecutorService schedules = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });

    private LocalRuntime(Config config, LocalDynamoDb dynamo, LocalS3 s3, LocalHttpApi api, AsyncInvoker invoker,
                         Map<String, FunctionProcess> functions, LocalSqs sqs, List<SqsEventSource> eventSources) {
        this.config = config;
        this.dynamo = dynamo;
        this.s3 = s3;
        this.api = api;
        this.invoker = invoker;
        this.functions = functions;
        this.sqs = sqs;
        this.eventSources = eventSources;
    }

    /** The template as a configuration resolves it: parameters applied, local names given to the bucket, queues and functions. */
    record Resolved(SamTemplate template, List<QueueDefinition> queues, List<FunctionDefinition> functions) {
    }

    static Resolved resolve(Config config) throws IOException {
        SamTemplate template = SamTemplate.read(config.template()).withParameters(config.parameters());
        Map<String, String> names = new HashMap<>();
        Map<Object, String> aliases = new HashMap<>();
        List<String> buckets = template.resourcesOfType("AWS::S3::Bucket");
        if (buckets.size() != 1) {
            throw new IllegalStateException("the local runtime expects exactly one S3 bucket in the template, found " + buckets);
        }
        names.put(buckets.get(0), config.bucket());
        Object bucketName = template.properties(buckets.get(0)).get("BucketName");
        if (bucketName != null) {
            aliases.put(bucketName, config.bucket());
        }
        Intrinsics named = new Intrinsics(template, names, aliases, REGION);
        List<QueueDefinition> queues = QueueDefinition.from(template, named, "http://127.0.0.1:" + config.sqsPort(), REGION);
        Intrinsics intrinsics = named.withValues(QueueDefinition.values(queues));
        // Policies name the bucket as it is called in AWS (written out with !Sub); locally it has another name.
        String awsBucketArn = "arn:aws:s3:::" + (bucketName == null ? config.bucket()
                : new Intrinsics(template, Map.of(), Map.of(), REGION).resolve(bucketName));
        java.util.function.UnaryOperator<String> localArn = arn -> arn.equals(awsBucketArn) || arn.startsWith(awsBucketArn + "/")
                ? "arn:aws:s3:::" + config.bucket() + arn.substring(awsBucketArn.length()) : arn;
        return new Resolved(template, queues, withTimeouts(FunctionDefinition.from(template, intrinsics, localArn), config.timeouts()));
    }

    public static LocalRuntime start(Config config) throws Exception {
        long t0 = System.nanoTime();
        Resolved resolved = resolve(config);
        SamTemplate template = resolved.template();
        List<QueueDefinition> queues = resolved.queues();
        List<FunctionDefinition> definitions = resolved.functions();

        LocalDynamoDb dynamo = LocalDynamoDb.start(config.dataDir().resolve("dynamodb"), config.dynamoPort());
        AsyncInvoker invoker = new AsyncInvoker(config.retryDelays(), config.dataDir().resolve("failed-events"),
                new DeliveryJournal(config.dataDir().resolve("deliveries")));
        Map<String, FunctionProcess> functions = new LinkedHashMap<>();
        List<SqsEventSource> eventSources = new ArrayList<>();
        LocalS3 s3 = null;
        LocalHttpApi api = null;
        LocalSqs sqs = null;
        try {
            createTables(template, config.dynamoPort());
            sqs = LocalSqs.start(config.sqsPort(), REGION, queues, config.dataDir().resolve("sqs"));
            invoker.sendFailuresTo(FailureDestinations.of(definitions, queues, sqs.client(), REGION));
            // Functions first, then S3: an upload must never find its function not defined. Each function's
            // first environment (JVM) starts at its first invocation, as a cold start in Lambda.
            LocalJwtAuthorizer jwt = config.oidc() == null ? null : LocalJwtAuthorizer.discover(config.oidc().issuer(), config.oidc().clientId());
            for (FunctionDefinition f : definitions) {
                Map<String, String> env = environment(f, config);
                if (jwt != null) {
                    // The function the template gives a sign-in (Cognito's, in AWS) gets this provider's.
                    jwt.pageEnvironment(config.apiPort()).forEach((name, value) -> env.computeIfPresent(name, (n, v) -> value));
                }
                functions.put(f.logicalId(), FunctionProcess.create(f, env, environments(f, config),
                        FunctionLog.toFile(f.logicalId(), config.dataDir().resolve("logs"))));
            }
            Router router = new Router(definitions, functions, invoker);
            s3 = LocalS3.start(config.dataDir().resolve("s3"), config.s3Port(), config.bucket(), router::objectCreated);
            List<HttpRoute> routes = definitions.stream().flatMap(f -> f.httpRoutes().stream()).toList();
            api = routes.isEmpty() ? null : LocalHttpApi.start(config.apiPort(), routes, functions, new LambdaInvokeApi(functions, invoker), jwt);
            for (FunctionDefinition f : definitions) {
                for (FunctionDefinition.SqsTrigger t : f.sqsTriggers()) {
                    QueueDefinition queue = queues.stream().filter(q -> q.arn().equals(t.queueArn())).findFirst()
                            .orElseThrow(() -> new IllegalStateException(f.logicalId() + " event " + t.name() + ": no queue " + t.queueArn()));
                    checkVisibilityTimeout(f, queue);
                    eventSources.add(SqsEventSource.start(functions.get(f.logicalId()), t, queue, sqs.client(), REGION, pollers(t, config)));
                }
            }
            int redelivered = invoker.resume(functions);
            if (redelivered > 0) {
                LOG.info("delivering {} event(s) accepted by an earlier run and not finished", redelivered);
            }
        } catch (Exception e) {
            new LocalRuntime(config, dynamo, s3, api, invoker, functions, sqs, eventSources).close();
            throw e;
        }
        LocalRuntime runtime = new LocalRuntime(config, dynamo, s3, api, invoker, functions, sqs, eventSources);
        runtime.startSchedules(definitions);
        runtime.endIdleEnvironments();
        LOG.info("local stack up in {} ms: S3 {}, DynamoDB {}, SQS {}, HTTP API {}, functions {}", (System.nanoTime() - t0) / 1_000_000,
                runtime.s3Endpoint(), runtime.dynamoEndpoint(), runtime.sqsEndpoint(), runtime.apiEndpoint(), functions.keySet());
        return runtime;
    }

    private static List<FunctionDefinition> withTimeouts(List<FunctionDefinition> definitions, Map<String, Integer> timeouts) {
        Map<String, Integer> unknown = new HashMap<>(timeouts);
        List<FunctionDefinition> out = new ArrayList<>();
        for (FunctionDefinition f : definitions) {
            Integer seconds = unknown.remove(f.logicalId());
            out.add(seconds == null ? f : f.withTimeoutSeconds(seconds));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("timeout given for functions the template does not have: " + unknown.keySet());
        }
        return out;
    }

    /** Pollers of an SQS event source mapping: its MaximumConcurrency, else the local default. */
    private static int pollers(FunctionDefinition.SqsTrigger t, Config config) {
        return t.maximumConcurrency() > 0 ? t.maximumConcurrency() : config.concurrency();
    }

    /**
     * Most environments (JVMs, one invocation each) a function runs at once: the local concurrency
     * for its HTTP callers and async events, plus every SQS poller. They start as invocations need
     * them; callers past the most wait for one to be free (Lambda would throttle them).
     */
    private static int environments(FunctionDefinition f, Config config) {
        return config.concurrency() + f.sqsTriggers().stream().mapToInt(t -> pollers(t, config)).sum();
    }

    /**
     * Lambda refuses an SQS event source whose queue's visibility timeout is shorter than the
     * function's timeout (a message would be received again while its first invocation still runs);
     * locally a warning says so.
     */
    private static void checkVisibilityTimeout(FunctionDefinition f, QueueDefinition queue) {
        int visibility = Integer.parseInt(queue.attributes().getOrDefault("VisibilityTimeout", "30"));
        if (visibility < f.timeoutSeconds()) {
            LOG.warn("{}: queue {} has VisibilityTimeout {} s, less than the function's Timeout {} s; AWS rejects this event source",
                    f.logicalId(), queue.name(), visibility, f.timeoutSeconds());
        }
    }

    /** The function's template environment plus what Lambda and the SDK's standard settings provide. */
    static Map<String, String> environment(FunctionDefinition f, Config config) {
        Map<String, String> env = new LinkedHashMap<>(f.environment());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + config.s3Port());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + config.dynamoPort());
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + config.sqsPort());
        env.put("S3_FORCE_PATH_STYLE", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        // As Lambda says of a sandbox it starts on demand (Powertools' cold_start reads it).
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        return env;
    }

    private static void createTables(SamTemplate template, int port) {
        try (DynamoDbClient client = localDynamoClient(URI.create("http://127.0.0.1:" + port))) {
            for (CreateTableRequest request : TableDefinitions.from(template)) {
                try {
                    client.createTable(request);
                    LOG.info("created table {}", request.tableName());
                } catch (ResourceInUseException e) {
                    LOG.debug("table {} exists", request.tableName());
                }
            }
        }
    }

    static DynamoDbClient localDynamoClient(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3.port());
    }

    public URI dynamoEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamo.port());
    }

    public String bucket() {
        return config.bucket();
    }

    /** The local SQS endpoint (ElasticMQ). */
    public URI sqsEndpoint() {
        return URI.create("http://127.0.0.1:" + config.sqsPort());
    }

    /** How many JVMs a function has started: more than one after concurrent invocations, or a timeout or crash that replaced one. */
    int environmentsStarted(String function) {
        return functions.get(function).environmentsStarted();
    }

    /** The process id of one of a function's environments (its JVM), one running an invocation if there is one. */
    public java.util.OptionalLong functionPid(String function) {
        return functions.get(function).pid();
    }

    /** The local HTTP API's base URL. */
    public URI apiEndpoint() {
        return URI.create("http://127.0.0.1:" + (api == null ? config.apiPort() : api.port()));
    }

    Config config() {
        return config;
    }

    /** Events that failed every attempt (also kept as files under {@code <data>/failed-events/}). */
    List<AsyncInvoker.Failure> failedEvents() {
        return invoker.failures();
    }

    /** Delivers an existing object's ObjectCreated event again (S3 delivers at least once). */
    void redeliver(String key) {
        s3.redeliver(config.bucket(), key);
    }

    /** Async invocations not yet finished (including those waiting for a retry). */
    public int pendingInvocations() {
        return invoker.inFlight();
    }

    /**
     * When a schedule first fires: at once for one more frequent than daily (the sweep: what it
     * sweeps up is swept as soon as the stack is back); a daily or rarer one (the re-evaluation)
     * after its period, as EventBridge would, so that starting a stack does not re-file anything.
     */
    static long initialDelay(Duration period) {
        return period.compareTo(Duration.ofDays(1)) >= 0 ? period.toMillis() : 0;
    }

    /**
     * Runs the template's Schedule events as EventBridge would, invoking asynchronously with a
     * Scheduled Event at every period; one more frequent than daily also at start-up
     * ({@link #initialDelay}).
     */
    private void startSchedules(List<FunctionDefinition> definitions) {
        for (FunctionDefinition f : definitions) {
            for (FunctionDefinition.ScheduleTrigger t : f.schedules()) {
                FunctionProcess p = functions.get(f.logicalId());
                String rule = "arn:aws:events:" + REGION + ":" + QueueDefinition.ACCOUNT + ":rule/" + f.logicalId() + "-" + t.name();
                schedules.scheduleAtFixedRate(() -> {
                    try {
                        invoker.submit(p, ScheduledEvents.event(rule, REGION), "schedule " + t.name());
                    } catch (RuntimeException e) {
                        LOG.warn("schedule {} of {} not run: {}", t.name(), f.logicalId(), e.toString());
                    }
                }, initialDelay(t.period()), t.period().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                LOG.info("{} ← schedule {}: every {}{}", f.logicalId(), t.name(), t.period(),
                        initialDelay(t.period()) == 0 ? ", and now" : "");
            }
        }
    }

    /**
     * Ends, every little while, the environments left idle longer than the configuration says, all but
     * the warmest of each function: a stack left running after a busy import holds one JVM a function,
     * not one per invocation it ever ran at once (an environment an SQS poller holds is not idle).
     */
    private void endIdleEnvironments() {
        long every = Math.max(1_000, Math.min(30_000, config.idleEnvironments().toMillis() / 2));
        schedules.scheduleWithFixedDelay(() -> functions.values().forEach(p -> p.endIdle(config.idleEnvironments())),
                every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** What a clean stop left: invocations still running at its deadline, journaled for the next start. */
    public record Stopped(int asyncLeft, int queueBatchesLeft) {
    }

    /**
     * A clean stop's first half: nothing new starts (S3 events are still accepted and journaled,
     * queued messages stay queued) and running invocations get until {@code bound} to end. What
     * is still running then is cut by {@link #close} and delivered by the next start; its attempt
     * does not count as failed.
     */
    public Stopped stop(Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        schedules.shutdownNow();
        eventSources.forEach(SqsEventSource::stopPolling);
        int async = invoker.stop(deadline);
        int batches = 0;
        for (SqsEventSource source : eventSources) {
            batches += source.awaitBatches(deadline);
        }
        return new Stopped(async, batches);
    }

    @Override
    public void close() {
        schedules.shutdownNow();
        if (api != null) {
            api.close();
        }
        eventSources.forEach(SqsEventSource::close);
        invoker.close();
        functions.values().forEach(FunctionProcess::close);
        try {
            if (s3 != null) {
                s3.close();
            }
        } catch (Exception e) {
            LOG.warn("stopping S3: {}", e.toString());
        }
        try {
            if (sqs != null) {
                sqs.close();
            }
        } catch (Exception e) {
            LOG.warn("stopping SQS: {}", e.toString());
        }
        try {
            dynamo.close();
        } catch (Exception e) {
            LOG.warn("stopping DynamoDB Local: {}", e.toString());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Routes each created object to the functions whose S3 events match it, as S3 notifications do. */
    private record Router(List<FunctionDefinition> definitions, Map<String, FunctionProcess> functions, AsyncInvoker invoker) {
        void objectCreated(S3Notifications.CreatedObject o) {
            for (FunctionDefinition f : definitions) {
                for (FunctionDefinition.S3Trigger t : f.s3Triggers()) {
                    if (t.matches(o.bucket(), o.eventName(), o.key())) {
                        FunctionProcess p = functions.get(f.logicalId());
                        String description = o.eventName() + " s3://" + o.bucket() + "/" + o.key();
                        invoker.submit(p, S3Notifications.event(o, t.name(), REGION), description);
                    }
                }
            }
        }
    }
}
