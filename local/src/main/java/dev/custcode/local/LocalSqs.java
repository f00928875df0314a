package dev.custcode.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.DB$;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.Nil$;
import scalikejdbc.ConnectionPool$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * An SQS-compatible server (ElasticMQ) on 127.0.0.1 holding the template's queues, created with
 * their attributes (visibility timeout, FIFO, redrive policy: ElasticMQ moves a message to the
 * dead-letter queue when it is received more than {@code maxReceiveCount} times, as SQS does).
 * Messages are kept on disk under the data directory ({@code sqs/}) and restored on start, as SQS
 * keeps them whatever happens to its consumers.
 */
final class LocalSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    private final SQSRestServer server;
    private final int port;
    private final SqsClient client;

    private final ActorSystem system;

    private LocalSqs(SQSRestServer server, int port, SqsClient client, ActorSystem system) {
        this.server = server;
        this.port = port;
        this.client = client;
        this.system = system;
    }

    /**
     * Starts the server.
     *
     * @param storage where messages are kept (an H2 database), so that queued and in-flight
     *                messages, with their receive counts, survive a restart or a crash of the
     *                stack; null keeps them in memory only
     */
    static LocalSqs start(int port, String region, List<QueueDefinition> queues, Path storage) {
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                // The URLs it hands out (GetQueueUrl, CreateQueue) must be the ones functions were given.
                .withServerAddress(NodeAddress.apply("http", "127.0.0.1", port, ""))
                .withAWSRegion(region).withAWSAccountId(QueueDefinition.ACCOUNT);
        ActorSystem system = null;
        ActorRef store = null;
        ActorRef manager = null;
        if (storage != null) {
            system = ActorSystem.create("local-sqs");
            store = system.actorOf(Props.create(SqlQueuePersistenceActor.class, persistence(storage), Nil$.MODULE$));
            manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store)));
            builder = builder.withActorSystem(system).withQueueManagerActor(manager).withQueueEventListener(store);
        }
        SQSRestServer server = builder.start();
        server.waitUntilStarted();
        SqsClient client = client(URI.create("http://127.0.0.1:" + port));
        LocalSqs sqs = new LocalSqs(server, port, client, system);
        try {
            if (store != null) {
                Object restored = Patterns.ask(store, new QueueEvent.Restore(manager), Duration.ofSeconds(60)).toCompletableFuture().join();
                LOG.info("restored queues and messages from {}: {}", storage, restored);
            }
            sqs.create(queues);
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
        return sqs;
    }

    /**
     * ElasticMQ's SQL store keeps one JDBC pool per JVM (scalikejdbc's default pool, set once):
     * point it at this stack's database, so that stacks started one after another in one JVM (the
     * tests) each use their own. {@code WRITE_DELAY=0}: a message is on disk when SendMessage
     * returns, so a killed stack loses none.
     */
    private static SqlQueuePersistenceConfig persistence(Path storage) {
        try {
            Files.createDirectories(storage);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String uri = "jdbc:h2:file:" + storage.toAbsolutePath().resolve("messages") + ";WRITE_DELAY=0";
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
        DB$.MODULE$.initializeSingleton(config);
        var pool = ConnectionPool$.MODULE$;
        pool.singleton(uri, "", "", pool.singleton$default$4(), pool.singleton$default$5(uri, "", "", pool.singleton$default$4()));
        return config;
    }

    static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(LocalRuntime.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    /** Creates the queues, each dead-letter queue before the queues that redrive into it. */
    private void create(List<QueueDefinition> queues) {
        List<QueueDefinition> pending = new ArrayList<>(queues);
        Set<String> created = new HashSet<>();
        while (!pending.isEmpty()) {
            List<QueueDefinition> ready = pending.stream()
                    .filter(q -> q.deadLetterArn() == null || created.contains(q.deadLetterArn())).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("dead-letter queues missing or in a cycle: " + pending.stream().map(QueueDefinition::logicalId).toList());
            }
            for (QueueDefinition q : ready) {
                try {
                    client.createQueue(b -> b.queueName(q.name()).attributesWithStrings(q.attributes()));
                } catch (QueueNameExistsException restoredWithOtherAttributes) {
                    // Restored from storage, created with other attributes (a changed parameter): take the template's.
                    client.setQueueAttributes(b -> b.queueUrl(q.url()).attributesWithStrings(q.attributes()));
                }
                String arn = client.getQueueAttributes(b -> b.queueUrl(q.url()).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                if (!q.arn().equals(arn)) {
                    throw new IllegalStateException("queue " + q.name() + " has ARN " + arn + " locally, expected " + q.arn());
                }
                created.add(q.arn());
                LOG.info("created queue {} {}", q.name(), q.attributes());
            }
            pending.removeAll(ready);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    SqsClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
        if (system != null) {
            // A system we provided is not stopped by the server; the database's pool goes with it.
            system.terminate();
            ConnectionPool$.MODULE$.closeAll();
        }
    }
}
