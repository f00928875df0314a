package dev.custcode.evaluate;

/**
 * Where a re-evaluation run's figures go once its report is final (DONE or REJECTED); see
 * {@code dev.custcode.aws.EmfMetrics}. Implementations do not throw.
 */
@FunctionalInterface
public interface RunMetrics {
    RunMetrics NONE = report -> {
    };

    void reported(EvaluationReport report);
}
