package dev.custcode.functions.export;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.custcode.aws.Services;
import dev.custcode.export.ExportManifest;
import dev.custcode.export.FolderExporter;
import dev.custcode.store.ExportQueue;
import dev.custcode.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 ObjectCreated on {@code manifests/} → rewrite the changed folders' exports and summaries
 * and the index. An adapter: the work is {@link FolderExporter#export}. An export that does not
 * fit in this invocation saves where it stands and queues its next step for
 * {@link ExportQueuedHandler}. Exceptions propagate (Lambda retries; exports are rebuilt from
 * DynamoDB, so a retry converges on the same files).
 */
public final class ManifestWrittenHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestWrittenHandler.class);
    private final ObjectStore objects;
    private final FolderExporter exporter;
    private final ExportQueue queue;

    public ManifestWrittenHandler() {
        this(Services.fromEnvironment(), Services.exportQueueFromEnvironment());
    }

    private ManifestWrittenHandler(Services services, ExportQueue queue) {
        this(services.objects(), services.exporter(), queue);
    }

    public ManifestWrittenHandler(ObjectStore objects, FolderExporter exporter, ExportQueue queue) {
        this.objects = objects;
        this.exporter = exporter;
        this.queue = queue;
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
            Optional<byte[]> manifest = objects.read(key);
            if (manifest.isEmpty()) {
                LOG.warn("manifest {} no longer exists; nothing to export", key);
                continue;
            }
            ExportManifest parsed;
            try {
                parsed = ExportManifest.parse(manifest.get());
            } catch (IllegalArgumentException e) {
                // Retrying cannot make it valid: said once, loudly, and left where it is.
                LOG.error("manifest {} refused, nothing exported for it: {}", key, e.getMessage());
                results.add("refused " + key);
                continue;
            }
            FolderExporter.Outcome outcome = exporter.export(parsed, ExportSteps.deadline(context));
            results.add(ExportSteps.followUp(outcome, queue));
        }
        return String.join("\n", results);
    }
}
