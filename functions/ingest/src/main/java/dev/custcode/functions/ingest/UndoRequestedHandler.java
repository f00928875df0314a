package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.custcode.aws.Services;
import dev.custcode.ingest.UndoService;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 ObjectCreated on {@code undo/<importId>.json} → that import undone.
 *
 * <p>An adapter only: the key names the import, {@link UndoService#undo} does the rest and writes
 * {@code imports/<importId>/undo-report.json}; a request that names no import is answered at
 * {@code imports/undo-requests/<name>.json}. Exceptions propagate so that Lambda retries (an undo is idempotent).
 */
public final class UndoRequestedHandler implements RequestHandler<S3Event, String> {
    private final UndoService undo;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public UndoRequestedHandler() {
        this(Services.fromEnvironment().undo());
    }

    public UndoRequestedHandler(UndoService undo) {
        this.undo = undo;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private String handle(S3Event event, Context context) {
        List<String> results = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            String key = record.getS3().getObject().getUrlDecodedKey();
            UndoService.UndoReport report = undo.undoRequested(key);
            results.add(report.importId() == null ? key + " " + report.status() + ": " + report.message()
                    : report.importId() + " " + report.status() + ": " + report.retired().size() + " retired, "
                            + report.reverted().size() + " reverted");
        }
        return String.join("\n", results);
    }
}
