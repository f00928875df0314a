package dev.custcode.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Every handler's invocation inside Powertools' logging context (its functional API, no AspectJ):
 * each line the invocation logs is one JSON object with the request id, the function, its memory,
 * the cold-start flag, and the MDC keys the services set ({@code importId}, {@code chunk},
 * {@code runId}).
 */
public final class FunctionLogging {
    private FunctionLogging() {
    }

    public static <T> T around(Context context, Supplier<T> invocation) {
        if (context == null) {
            return invocation.get();
        }
        return PowertoolsLogging.withLogging(context, invocation);
    }
}
