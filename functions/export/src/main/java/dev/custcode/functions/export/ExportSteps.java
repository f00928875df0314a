package dev.custcode.functions.export;

import com.amazonaws.services.lambda.runtime.Context;
import dev.custcode.export.FolderExporter;
import dev.custcode.store.ExportQueue;
import java.time.Instant;

/** What both export handlers do with an invocation's time and with how its share of a run ended. */
final class ExportSteps {
    private ExportSteps() {
    }

    /**
     * When to stop and hand over: a quarter of the remaining time (at least 5 s, at most 60 s) is
     * kept for saving the state, the parts in flight and the message.
     */
    static Instant deadline(Context context) {
        return dev.custcode.aws.Deadlines.fromRemaining(context.getRemainingTimeInMillis());
    }

    /** Queues the next step of a run that goes on; answers a line for the invocation's result. */
    static String followUp(FolderExporter.Outcome outcome, ExportQueue queue) {
        if (outcome instanceof FolderExporter.Outcome.Done d) {
            return d.result().cause() + ": " + d.result().folders().size() + " folders, " + d.result().rows() + " rows";
        }
        if (outcome instanceof FolderExporter.Outcome.Continue c) {
            queue.send(c.stateKey());
            return c.job().cause() + ": continues from " + c.stateKey();
        }
        return ((FolderExporter.Outcome.Superseded) outcome).stateKey() + ": already taken further";
    }
}
