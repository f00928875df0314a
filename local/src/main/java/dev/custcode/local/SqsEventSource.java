package dev.custcode.local;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS event source mapping, as Lambda runs it: pollers receive batches from the queue and
 * invoke the function synchronously with an SQS event. A batch the function handled is deleted;
 * with {@code ReportBatchItemFailures}, all but the messages its {@code SQSBatchResponse} names.
 * A batch whose invocation failed or timed out is left alone: its messages become visible again
 * after the queue's visibility timeout, and the queue's redrive policy dead-letters them after
 * {@code maxReceiveCount} receives.
 *
 * <p>Each poller runs one invocation at a time, so the number of pollers is the mapping's
 * concurrency: {@code ScalingConfig.MaximumConcurrency}, or the local default when the template
 * sets none. Each holds an environment of the function before it receives: a JVM's start never
 * eats into the visibility timeout of the messages it holds, so that a short one (a few seconds, in
 * tests) is not passed by a cold start and the batch received twice. A poller without one starts it
 * when the queue holds more messages than the pollers ready to receive and starting can take, as
 * Lambda scales its pollers with the backlog, so that an idle stack holds no JVM for a queue nobody
 * sends to; one ended by a timeout or a crash is replaced at once.
 */
final class SqsEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    /** SQS returns at most 10 messages per receive; Lambda gathers larger batches over a batching window, locally not. */
    private static final int MAX_RECEIVE = 10;

    private final FunctionProcess function;
    private final FunctionDefinition.SqsTrigger trigger;
    private final QueueDefinition queue;
    private final SqsClient sqs;
    private final String region;
    private final List<Thread> pollers = new ArrayList<>();
    /** Pollers holding an environment and receiving (not delivering). */
    private final java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger();
    /** Pollers starting an environment for messages waiting. */
    private final java.util.concurrent.atomic.AtomicInteger starting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean running = true;

    private SqsEventSource(FunctionProcess function, FunctionDefinition.SqsTrigger trigger, QueueDefinition queue, SqsClient sqs, String region) {
        this.function = function;
        this.trigger = trigger;
        this.queue = queue;
        this.sqs = sqs;
        this.region = region;
    }

    static SqsEventSource start(FunctionProcess function, FunctionDefinition.SqsTrigger trigger, QueueDefinition queue, SqsClient sqs,
                                String region, int concurrency) {
        SqsEventSource source = new SqsEventSource(function, trigger, queue, sqs, region);
        for (int i = 1; i <= concurrency; i++) {
            Thread t = new Thread(source::poll, "sqs-" + function.function().logicalId() + "-" + i);
            t.setDaemon(true);
            source.pollers.add(t);
            t.start();
        }
        LOG.info("{} ← {}: {} poller(s), batch size {}{}", function.function().logicalId(), queue.name(), concurrency, trigger.batchSize(),
                trigger.reportBatchItemFailures() ? ", ReportBatchItemFailures" : "");
        return source;
    }

    private void poll() {
        FunctionProcess.Reserved env = null;
        boolean replacing = false;
        try {
            while (running) {
                if (env == null) {
                    // Counted among those starting while it looks, so that one message starts one environment.
                    int takers = starting.incrementAndGet();
                    if (!replacing && waiting() < ready.get() + takers) {
                        starting.decrementAndGet();
                        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                        continue;
                    }
                    try {
                        env = function.reserve();
                        replacing = false;
                        ready.incrementAndGet();
                    } catch (IOException e) {
                        if (running) {
                            LOG.warn("{} ← {}: no environment to invoke: {}", name(), queue.name(), e.toString());
                            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                        }
                        continue;
                    } finally {
                        starting.decrementAndGet();
                    }
                }
                List<Message> batch;
                try {
                    batch = sqs.receiveMessage(b -> b.queueUrl(queue.url())
                            .maxNumberOfMessages(Math.min(trigger.batchSize(), MAX_RECEIVE))
                            // Short long-polls: a stopping stack ends its pollers within a second.
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All")).messages();
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("{} ← {}: receive failed: {}", name(), queue.name(), e.toString());
                        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    }
                    continue;
                }
                if (!batch.isEmpty()) {
                    ready.decrementAndGet();
                    FunctionProcess.Invocation result = deliver(batch, env);
                    if (result == null || !env.usable()) {
                        env.close(); // ended (or left unsure): the next batch gets a fresh one, started before it is received
                        env = null;
                        replacing = true;
                    } else {
                        ready.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (env != null) {
                env.close();
            }
        }
    }

    /** The messages visible on the queue (SQS's approximate count; none when it cannot be read). */
    private long waiting() {
        try {
            String n = sqs.getQueueAttributes(b -> b.queueUrl(queue.url()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return n == null ? 0 : Long.parseLong(n);
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("{} ← {}: could not count its messages: {}", name(), queue.name(), e.toString());
            }
            return 0;
        }
    }

    /** Invokes the function with the batch in the poller's environment; null when the event did not reach a handler. */
    private FunctionProcess.Invocation deliver(List<Message> batch, FunctionProcess.Reserved env) throws InterruptedException {
        String description = batch.size() + " message(s) from " + queue.name();
        FunctionProcess.Invocation result;
        try {
            result = env.invoke(SqsEvents.event(batch, queue.arn(), region));
        } catch (IOException e) {
            LOG.warn("{} ← {}: not delivered, left on the queue: {}", name(), description, e.toString());
            return null;
        }
        if (!result.ok()) {
            LOG.warn("{} ← {}: {}; left on the queue: {}", name(), description, result.timedOut() ? "timed out" : "failed",
                    abbreviate(result.body()));
            return result;
        }
        if (!trigger.reportBatchItemFailures()) {
            delete(batch);
            LOG.info("{} ← {}: done", name(), description);
            return result;
        }
        Set<String> ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        Optional<Set<String>> failed = SqsEvents.batchItemFailures(result.body(), ids);
        if (failed.isEmpty()) {
            LOG.warn("{} ← {}: invalid batch response, the whole batch is left on the queue: {}", name(), description,
                    abbreviate(result.body()));
            return result;
        }
        delete(batch.stream().filter(m -> !failed.get().contains(m.messageId())).toList());
        LOG.info("{} ← {}: done, {} reported failed and left on the queue", name(), description, failed.get().size());
        return result;
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(messages.get(i).receiptHandle()).build());
        }
        var response = sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(entries));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            // As in Lambda: a message whose delete failed is received again.
            LOG.warn("{} ← {}: could not delete {}", name(), queue.name(), response.failed());
        }
    }

    private String name() {
        return function.function().logicalId();
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** Stops receiving; batches already received go on. */
    void stopPolling() {
        running = false;
    }

    /**
     * Waits until {@code deadline} for the batches being handled to end.
     *
     * @return pollers still handling a batch at the deadline (their messages come back after the
     *         visibility timeout, from the queue's storage, at the next start)
     */
    int awaitBatches(Instant deadline) {
        running = false;
        int left = 0;
        for (Thread t : pollers) {
            try {
                t.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                left++;
            }
        }
        return left;
    }

    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (Thread t : pollers) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
