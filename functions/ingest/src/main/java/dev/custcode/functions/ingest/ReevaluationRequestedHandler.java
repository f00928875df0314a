package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.aws.Services;
import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.evaluate.RunRequest;
import dev.custcode.scheme.SchemeRegistry;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 ObjectCreated on {@code config/reevaluate.json} (an operator asks, optionally
 * {@code {"asOf":"YYYY-MM-DD"}}) or on {@code config/active-scheme.json} (a new scheme became
 * active) → a re-evaluation run of every customer; on {@code config/drafts/<name>.json} → a
 * preview of that draft scheme (a dry run: report and movements only).
 *
 * <p>An adapter: the event names the run ({@link RunRequest#fromObject}), so a redelivered event
 * finishes the same run; {@link ReevaluationService#run} does the work. A body that is not JSON or
 * whose {@code asOf} is not a date ends the run as REJECTED with why (retrying cannot help); any
 * other failure propagates so that Lambda retries.
 */
public final class ReevaluationRequestedHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(ReevaluationRequestedHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReevaluationService runs;
    private final ObjectStore objects;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public ReevaluationRequestedHandler() {
        this(Services.fromEnvironment());
    }

    private ReevaluationRequestedHandler(Services services) {
        this(services.reevaluation(), services.objects());
    }

    public ReevaluationRequestedHandler(ReevaluationService runs, ObjectStore objects) {
        this.runs = runs;
        this.objects = objects;
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
            java.time.Instant deadline = deadline(context);
            Optional<String> continued = ReevaluationService.runIdOfContinuation(key);
            if (continued.isPresent()) {
                results.add(followUp(runs.run(RunRequest.resume(continued.get()), deadline), objects));
                continue;
            }
            Instant at = record.getEventTime() == null ? Instant.now() : Instant.ofEpochMilli(record.getEventTime().getMillis());
            String version = object.getVersionId() != null ? object.getVersionId() : object.geteTag();
            Optional<RunRequest> preview = RunRequest.draft(at, key, version, object.getSequencer());
            if (preview.isPresent()) {
                // The whole invocation, not RUN_STEP_SECONDS: a preview cannot go on in another one.
                results.add(followUp(runs.run(preview.get(), dev.custcode.aws.Deadlines.fromRemaining(context.getRemainingTimeInMillis())), objects));
                continue;
            }
            String cause = RunRequest.REQUEST_KEY.equals(key) ? "request" : SchemeRegistry.ACTIVE_KEY.equals(key) ? "scheme" : null;
            if (cause == null) {
                LOG.info("ignoring {}: only {}, {}, {}<name>.json and a run's continuation start a re-evaluation", key, RunRequest.REQUEST_KEY,
                        SchemeRegistry.ACTIVE_KEY, RunRequest.DRAFTS_PREFIX);
                continue;
            }
            RunRequest request = RunRequest.fromObject(cause, at, key, version, object.getSequencer());
            EvaluationReport report;
            if ("request".equals(cause)) {
                Optional<String> problem = Optional.empty();
                try {
                    request = withBody(request, objects.read(key).orElse(new byte[0]));
                } catch (IllegalArgumentException e) {
                    problem = Optional.of(e.getMessage());
                }
                // A preview (a dry run) cannot go on in another invocation: it has the whole of this one, as a draft's has.
                report = problem.isPresent() ? runs.reject(request, problem.get()) : runs.run(request, request.draft() != null
                        ? dev.custcode.aws.Deadlines.fromRemaining(context.getRemainingTimeInMillis()) : deadline);
            } else {
                report = runs.run(request, deadline);
            }
            results.add(followUp(report, objects));
        }
        return String.join("\n", results);
    }

    /**
     * When an invocation hands its run over: as its timeout nears, or after {@code RUN_STEP_SECONDS}
     * (the template's {@code ReevaluationStepSeconds}) when that is set and sooner.
     */
    static java.time.Instant deadline(Context context) {
        java.time.Instant nearTimeout = dev.custcode.aws.Deadlines.fromRemaining(context.getRemainingTimeInMillis());
        String step = System.getenv("RUN_STEP_SECONDS");
        long seconds = step == null || step.isBlank() ? 0 : Long.parseLong(step.trim());
        java.time.Instant stepEnd = java.time.Instant.now().plusSeconds(seconds);
        return seconds > 0 && stepEnd.isBefore(nearTimeout) ? stepEnd : nearTimeout;
    }

    /**
     * A run that ran out of time goes on in another invocation: putting its continuation object
     * triggers this function again (a fresh event, with its own retries). Answers a line for the
     * invocation's result.
     */
    static String followUp(EvaluationReport report, ObjectStore objects) {
        if ("CONTINUING".equals(report.status())) {
            objects.put(ReevaluationService.continuationKey(report.runId()), ("{\"attempt\":" + report.attempt() + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        }
        String result = report.runId() + " " + report.status() + (report.changed() == null ? ": " + report.message()
                : ": " + report.changed() + " of " + report.customers() + " customers changed");
        LOG.info(result);
        return result;
    }

    /** The request with the body's {@code asOf}, if it gives one (an empty body asks for today). */
    static RunRequest withBody(RunRequest request, byte[] body) {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return request;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(RunRequest.REQUEST_KEY + " is not JSON: give {} or {\"asOf\":\"YYYY-MM-DD\"}");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(RunRequest.REQUEST_KEY + " is not a JSON object: give {} or {\"asOf\":\"YYYY-MM-DD\"}");
        }
        // A misspelled key (asof, as_of) would otherwise ask for a real run as of today, silently.
        java.util.List<String> unknown = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (!name.equals("asOf") && !name.equals("preview")) {
                unknown.add(name.length() > 40 ? name.substring(0, 40) + "…" : name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(RunRequest.REQUEST_KEY + " has " + (unknown.size() == 1 ? "a key" : "keys") + " it does not know: "
                    + String.join(", ", unknown) + "; give {} or {\"asOf\":\"YYYY-MM-DD\"}, with \"preview\": true for a dry run");
        }
        JsonNode preview = json.get("preview");
        if (preview != null && !preview.isNull() && !preview.isBoolean()) {
            throw new IllegalArgumentException(RunRequest.REQUEST_KEY + ": preview is true (a dry run) or false, not " + preview);
        }
        RunRequest asked = preview != null && preview.asBoolean() ? request.asPreview() : request;
        JsonNode asOf = json.get("asOf");
        if (asOf == null || asOf.isNull()) {
            return asked;
        }
        try {
            return asked.withAsOf(LocalDate.parse(asOf.asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("asOf is not a date of the form YYYY-MM-DD: " + asOf.asText().substring(0, Math.min(40, asOf.asText().length())));
        }
    }
}
