package dev.custcode.store;

/**
 * Where the next step of an export too long for one invocation waits (SQS in AWS, ElasticMQ
 * locally). Delivery is at least once: a step already taken further does nothing.
 */
public interface ExportQueue {

    /** Queues one message: {@code {"state": "exports/work/<runId>/<step>.json"}}. */
    void send(String stateKey);
}
