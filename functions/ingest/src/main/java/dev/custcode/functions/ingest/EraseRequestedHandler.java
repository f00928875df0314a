package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.custcode.aws.Services;
import dev.custcode.stewardship.EraseService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3 ObjectCreated on {@code privacy/erase/<code>.json} → that customer's personal data erased.
 *
 * <p>An adapter only: the key names the code, {@link EraseService#erase} does the rest and writes
 * {@code privacy/reports/<code>.json}. A key that names no code is ignored (logged); exceptions
 * propagate so that Lambda retries (an erasure is idempotent).
 */
public final class EraseRequestedHandler implements RequestHandler<S3Event, String> {
    private final EraseService eraser;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public EraseRequestedHandler() {
        this(Services.fromEnvironment().eraser());
    }

    public EraseRequestedHandler(EraseService eraser) {
        this.eraser = eraser;
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
            Optional<String> code = EraseService.codeOf(key);
            if (code.isEmpty()) {
                results.add(key + ": not privacy/erase/<code>.json, ignored");
                continue;
            }
            EraseService.EraseReport report = eraser.erase(code.get());
            results.add(code.get() + " " + report.status() + ": " + report.keysReleased() + " keys released, rows removed from "
                    + report.rowsRemoved().size() + " files");
        }
        return String.join("\n", results);
    }
}
