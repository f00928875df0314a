package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.custcode.aws.Services;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 ObjectCreated on {@code incoming/} → one import per uploaded file.
 *
 * <p>An adapter only: it turns each event record into an {@link IncomingObject} and calls
 * {@link IngestService#ingest}. Exceptions propagate so that Lambda retries the event (ingest is
 * idempotent: a retry redoes or skips the import, never duplicates it).
 */
public final class CsvUploadedHandler implements RequestHandler<S3Event, String> {
    private final IngestService ingest;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public CsvUploadedHandler() {
        this(Services.fromEnvironment().ingest());
    }

    public CsvUploadedHandler(IngestService ingest) {
        this.ingest = ingest;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private String handle(S3Event event, Context context) {
        List<String> results = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            var s3 = record.getS3();
            IncomingObject object = new IncomingObject(s3.getBucket().getName(), s3.getObject().getUrlDecodedKey(),
                    s3.getObject().getVersionId(), s3.getObject().geteTag(), s3.getObject().getSizeAsLong() == null ? 0 : s3.getObject().getSizeAsLong(),
                    // The upload time orders files: the most recently uploaded file's values win.
                    record.getEventTime() == null ? null : Instant.ofEpochMilli(record.getEventTime().getMillis()));
            ImportReport report = ingest.ingest(object, deadline(context), Instant.now().plusMillis(context.getRemainingTimeInMillis()));
            results.add(report.importId() + " " + report.status() + ": " + report.message());
        }
        return String.join("\n", results);
    }

    /** When to stop waiting for a duplicate delivery: 30 s before the invocation's own time runs out. */
    private static Instant deadline(Context context) {
        long remaining = context.getRemainingTimeInMillis();
        return Instant.now().plusMillis(Math.max(0, remaining - 30_000));
    }
}
