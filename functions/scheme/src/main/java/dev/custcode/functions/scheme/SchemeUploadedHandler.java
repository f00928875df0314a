package dev.custcode.functions.scheme;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.custcode.aws.Services;
import dev.custcode.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 ObjectCreated on {@code config/scheme.json} → validate it; activate it only if valid;
 * write {@code config/scheme-status.json} either way. An adapter: the work is {@link SchemeRegistry#submit}.
 */
public final class SchemeUploadedHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(SchemeUploadedHandler.class);
    private final SchemeRegistry schemes;

    public SchemeUploadedHandler() {
        this(Services.fromEnvironment().schemes());
    }

    public SchemeUploadedHandler(SchemeRegistry schemes) {
        this.schemes = schemes;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private String handle(S3Event event, Context context) {
        List<String> results = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            var object = record.getS3().getObject();
            String key = object.getUrlDecodedKey();
            if (!SchemeRegistry.UPLOAD_KEY.equals(key)) {
                LOG.info("ignoring {}: only {} is a scheme upload", key, SchemeRegistry.UPLOAD_KEY);
                continue;
            }
            SchemeRegistry.Status status = schemes.submit(key, object.getVersionId(), object.geteTag());
            String result = status == null ? key + " changed again before it was read; the newer upload is checked on its own"
                    : status.status() + " " + key + (status.accepted() ? " (scheme " + status.scheme() + " in force)"
                    : " with " + status.errors().size() + " error(s): " + status.errors());
            LOG.info(result);
            results.add(result);
        }
        return String.join("\n", results);
    }
}
