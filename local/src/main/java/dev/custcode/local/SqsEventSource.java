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
 * sets none. Each holds an environment of the function before it receives (started with the
 * source, and again after a timeout ended it): a JVM's start never eats into the visibility
 * timeout of the messages it holds, so that a short one (a few seconds, in tests) is not passed
 * by a cold start and the batch received twice. These are the only environments a stack starts
 * before an invocation asks for one: started the moment the first chunks arrive, four JVMs'
 * start-up shared two cores with the chunks' first batches, which then ran into a 20 s timeout.
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
        java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(concurrency);
        for (int i = 1; i <= concurrency; i++) {
            Thread t = new Thread(() -> source.poll(warm), "sqs-" + function.function().logicalId() + "-" + i);
            t.setDaemon(true);
            source.pollers.add(t);
            t.start();
        }
        try {
            // Started when each poller holds its environment (or gave up on one): the stack is up warm.
            warm.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} ← {}: {} poller(s), batch size {}{}", function.function().logicalId(), queue.name(), concurrency, trigger.batchSize(),
                trigger.reportBatchItemFailures() ? ", ReportBatchItemFailures" : "");
        return source;
    }

    private void poll(java.util.concurrent.CountDownLatch warm) {
        FunctionProcess.Reserved env = null;
        boolean starting = true;
        try {
            while (running) {
                if (env == null) {
                    try {
                        env = function.reserve();
                    } catch (IOException e) {
                        if (running) {
                            LOG.warn("{} ← {}: no environment to invoke: {}", name(), queue.name(), e.toString());
                            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                        }
                        continue;
                    } finally {
                        if (starting) {
                            starting = false;
                            warm.countDown(); // once, at this poller's first attempt (later ones follow a timeout or a crash)
                        }
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
                    FunctionProcess.Invocation result = deliver(batch, env);
                    if (result == null || !env.usable()) {
                        env.close(); // ended (or left unsure): the next batch gets a fresh one, started before it is received
                        env = null;
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
