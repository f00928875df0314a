package dev.custcode.store;

import java.util.Collection;

/**
 * Where the chunks of a large import wait for their invocations (SQS in AWS, ElasticMQ locally).
 * Delivery is at least once: a chunk is claimed before it is read, so a duplicate does nothing.
 */
public interface ChunkQueue {

    /** Queues one message per chunk: {@code {"importId": "…", "chunk": 3}}. */
    void send(String importId, Collection<Integer> chunks);

    /**
     * Queues an unfinished import to be run again from its object (a sweep's re-drive):
     * {@code {"redrive": {"bucket": …, "key": …, "versionId": …, "eTag": …, "size": …, "eventTime": …}}}.
     */
    void redrive(dev.custcode.ingest.IncomingObject source);
}
