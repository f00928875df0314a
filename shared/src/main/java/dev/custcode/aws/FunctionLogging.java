package dev.custcode.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Every handler's invocation inside Powertools' logging context (its functional API, no AspectJ):
 * each line the invocation logs is one JSON object with the request id, the function, its memory,
 * the cold-start flag, and the MDC keys the services set ({@code importId}, {@code chunk},
 * {@code runId}). When it ends, one embedded-metric-format line (dimension
 * {@code operation=invocation}): {@code ColdStart} (1 for a process's first invocation),
 * {@code WriteRequests} and, where DynamoDB reports them, {@code WriteUnits} of this invocation
 * ({@link WriteCapacity}). Imports' and runs' own figures are {@link EmfMetrics}'.
 */
public final class FunctionLogging {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionLogging.class);
    private static final AtomicBoolean FIRST = new AtomicBoolean(true);

    private FunctionLogging() {
    }

    public static <T> T around(Context context, Supplier<T> invocation) {
        boolean cold = FIRST.getAndSet(false);
        return PowertoolsLogging.withLogging(context, () -> {
            WriteCapacity.Snapshot before = WriteCapacity.snapshot();
            try {
                return invocation.get();
            } finally {
                invocationMetrics(context, cold, WriteCapacity.snapshot().since(before));
            }
        });
    }

    private static void invocationMetrics(Context context, boolean cold, WriteCapacity.Snapshot writes) {
        if (!EmfMetrics.inLambda()) {
            return;
        }
        try {
            EmfMetrics.metrics().flushMetrics(m -> {
                m.addDimension(DimensionSet.of("operation", "invocation"));
                m.addMetadata("function", context.getFunctionName());
                m.addMetadata("requestId", context.getAwsRequestId());
                m.addMetric("ColdStart", cold ? 1 : 0, MetricUnit.COUNT);
                m.addMetric("WriteRequests", writes.requests(), MetricUnit.COUNT);
                if (writes.unitsReported()) {
                    m.addMetric("WriteUnits", writes.units(), MetricUnit.COUNT);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not write the invocation's metrics: {}", e.toString());
        }
    }
}
