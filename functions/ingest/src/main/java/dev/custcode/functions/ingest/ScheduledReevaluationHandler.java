package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.custcode.aws.Services;
import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.evaluate.RunRequest;
import java.time.Instant;

/**
 * Scheduled event (the template's {@code ReevaluationSchedule}, daily by default) → the day's
 * re-evaluation run, as of that day: lifecycles move as time passes,
 * population tiers follow the population. One run per day however often the schedule fires.
 */
public final class ScheduledReevaluationHandler implements RequestHandler<ScheduledEvent, String> {
    private final ReevaluationService runs;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public ScheduledReevaluationHandler() {
        this(Services.fromEnvironment());
    }

    private ScheduledReevaluationHandler(Services services) {
        this(services.reevaluation(), services.objects());
    }

    public ScheduledReevaluationHandler(ReevaluationService runs, dev.custcode.store.ObjectStore objects) {
        this.runs = runs;
        this.objects = objects;
    }

    private final dev.custcode.store.ObjectStore objects;

    /** A run longer than the invocation goes on in the request function, through the run's continuation object. */
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private String handle(ScheduledEvent event, Context context) {
        Instant at = event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
        EvaluationReport report = runs.run(RunRequest.scheduled(at), ReevaluationRequestedHandler.deadline(context));
        return ReevaluationRequestedHandler.followUp(report, objects);
    }
}
