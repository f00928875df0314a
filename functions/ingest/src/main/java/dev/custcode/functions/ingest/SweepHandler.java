package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.custcode.aws.Services;
import dev.custcode.ingest.Sweeper;

/**
 * Scheduled event (the template's {@code SweepSchedule}; locally also at start-up) → imports
 * nobody is finishing re-driven, or given up as FAILED with a report.
 *
 * <p>An adapter only. A failure propagates: the next schedule sweeps again, and each re-drive is
 * counted once, so a sweep run twice re-drives nothing twice.
 */
public final class SweepHandler implements RequestHandler<ScheduledEvent, String> {
    private final Sweeper sweeper;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public SweepHandler() {
        this(Services.fromEnvironment().sweeper());
    }

    public SweepHandler(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        // JSON log lines with the request id, function and cold-start flag (and the import or run id the service adds).
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event, context));
    }

    private String handle(ScheduledEvent event, Context context) {
        Sweeper.Outcome o = sweeper.sweep();
        return "re-driven " + o.redriven() + "; given up as FAILED " + o.failed() + "; still running " + o.running()
                + "; folders announced for export again " + o.reexported().size() + (o.manifest() == null ? "" : " in " + o.manifest());
    }
}
