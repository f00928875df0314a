package dev.custcode.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible server (ElasticMQ) on 127.0.0.1 holding the template's queues, created with
 * their attributes (visibility timeout, FIFO, redrive policy: ElasticMQ moves a message to the
 * dead-letter queue when it is received more than {@code maxReceiveCount} times, as SQS does).
 * Queues live in memory: they are created afresh, empty, on every start.
 */
final class LocalSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    private final SQSRestServer server;
    private final int port;
    private final SqsClient client;

    private LocalSqs(SQSRestServer server, int port, SqsClient client) {
        this.server = server;
        this.port = port;
        this.client = client;
    }

    static LocalSqs start(int port, String region, List<QueueDefinition> queues) {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                // The URLs it hands out (GetQueueUrl, CreateQueue) must be the ones functions were given.
                .withServerAddress(NodeAddress.apply("http", "127.0.0.1", port, ""))
                .withAWSRegion(region).withAWSAccountId(QueueDefinition.ACCOUNT)
                .start();
        server.waitUntilStarted();
        SqsClient client = client(URI.create("http://127.0.0.1:" + port));
        LocalSqs sqs = new LocalSqs(server, port, client);
        try {
            sqs.create(queues);
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
        return sqs;
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
                client.createQueue(b -> b.queueName(q.name()).attributesWithStrings(q.attributes()));
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
    }
}
