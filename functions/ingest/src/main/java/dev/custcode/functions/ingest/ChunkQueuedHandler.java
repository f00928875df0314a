package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.aws.Services;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQS message on the chunks queue → one chunk of a large import imported (and, by the last
 * chunk, the import finished); or a sweep's re-drive → an unfinished import run again.
 *
 * <p>An adapter only. A message that fails is reported as a batch item failure: SQS hands it back
 * after its visibility timeout and, after the queue's maxReceiveCount, moves it to the dead-letter
 * queue. Nothing is swallowed: the chunk stays unfinished until a delivery succeeds.
 */
public final class ChunkQueuedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkQueuedHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IngestService ingest;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public ChunkQueuedHandler() {
        this(Services.fromEnvironment().ingest());
    }

    public ChunkQueuedHandler(IngestService ingest) {
        this.ingest = ingest;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                JsonNode body = JSON.readTree(message.getBody());
                long remaining = context.getRemainingTimeInMillis();
                if (body.has("redrive")) {
                    // A sweep's re-drive: the import is run again from its object, as its S3 event would.
                    IncomingObject object = IncomingObject.fromJson(body.get("redrive"));
                    Instant now = Instant.now();
                    ImportReport report = ingest.ingest(object, now.plusMillis(Math.max(0, remaining - 30_000)), now.plusMillis(remaining));
                    LOG.info("re-driven import {}: {}", object.importId(), report.status());
                    continue;
                }
                String importId = body.path("importId").asText();
                int chunk = body.path("chunk").asInt(-1);
                if (importId.isEmpty() || chunk < 0) {
                    throw new IllegalArgumentException("not a chunk message: " + message.getBody());
                }
                Instant now = Instant.now();
                ingest.importChunk(importId, chunk, now.plusMillis(Math.max(0, remaining - 30_000)), now.plusMillis(remaining));
            } catch (Exception e) {
                LOG.warn("chunk message {} failed; it comes back after its visibility timeout: {}", message.getMessageId(), e.toString());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
