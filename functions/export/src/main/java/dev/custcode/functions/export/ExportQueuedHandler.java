package dev.custcode.functions.export;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.custcode.aws.Services;
import dev.custcode.aws.sqs.SqsExportQueue;
import dev.custcode.export.FolderExporter;
import dev.custcode.store.ExportQueue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQS message on the exports queue → the next step of an export too long for one invocation
 * ({@link FolderExporter#resume}), which queues the step after it if it needs one.
 *
 * <p>A message that fails is reported as a batch item failure: SQS hands it back after its
 * visibility timeout (the step is redone from the same saved state: its parts are sent again under
 * the same numbers) and, after the queue's maxReceiveCount, moves it to the dead-letter queue.
 */
public final class ExportQueuedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ExportQueuedHandler.class);
    private final FolderExporter exporter;
    private final ExportQueue queue;

    public ExportQueuedHandler() {
        this(Services.fromEnvironment().exporter(), Services.exportQueueFromEnvironment());
    }

    public ExportQueuedHandler(FolderExporter exporter, ExportQueue queue) {
        this.exporter = exporter;
        this.queue = queue;
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
                String stateKey = SqsExportQueue.stateKey(message.getBody());
                LOG.info(ExportSteps.followUp(exporter.resume(stateKey, ExportSteps.deadline(context)), queue));
            } catch (RuntimeException e) {
                LOG.warn("export step {} failed; it comes back after its visibility timeout: {}", message.getMessageId(), e.toString());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
