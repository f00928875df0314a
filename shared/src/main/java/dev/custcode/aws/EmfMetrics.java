package dev.custcode.aws;

import dev.custcode.evaluate.EvaluationReport;
import dev.custcode.evaluate.RunMetrics;
import dev.custcode.ingest.ImportMetrics;
import dev.custcode.ingest.ImportReport;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Imports' and runs' figures as CloudWatch embedded-metric-format lines (Powertools metrics,
 * functional API): one line per finished import and per finished run, in namespace
 * {@code POWERTOOLS_METRICS_NAMESPACE} (the template sets {@code custcode}) with the dimensions
 * {@code Service} (Powertools' default) and {@code operation} ({@code import} or {@code reevaluation}), and the import
 * or run id, its status and the function as properties (searchable in Logs Insights, not
 * dimensions: one series per import would be one metric per import).
 *
 * <p>Each report gets its own line ({@link Metrics#flushMetrics}): an S3 event can carry several
 * files, and their figures must not be summed into one. The invocation's own line (cold start,
 * DynamoDB write requests and units) is {@link FunctionLogging}'s.
 */
public final class EmfMetrics implements ImportMetrics, RunMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);
    static final String NAMESPACE = "custcode";

    private EmfMetrics() {
    }

    /** In Lambda (and in the local runtime's function hosts), EMF lines; elsewhere (tests, tools in process), nothing. */
    public static EmfMetrics fromEnvironment() {
        return inLambda() ? new EmfMetrics() : null;
    }

    static boolean inLambda() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name != null && !name.isBlank();
    }

    static Metrics metrics() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        String namespace = System.getenv("POWERTOOLS_METRICS_NAMESPACE");
        if (namespace == null || namespace.isBlank()) {
            metrics.setNamespace(NAMESPACE);
        }
        return metrics;
    }

    @Override
    public void reported(ImportReport report) {
        flush("import", report.importId(), report.status().name(), m -> {
            ImportReport.Counts c = report.counts();
            if (c != null) {
                m.addMetric("Rows", c.rows(), MetricUnit.COUNT);
                m.addMetric("Accepted", c.accepted(), MetricUnit.COUNT);
                m.addMetric("New", c.created(), MetricUnit.COUNT);
                m.addMetric("Updated", c.updated(), MetricUnit.COUNT);
                m.addMetric("Unchanged", c.unchanged(), MetricUnit.COUNT);
                m.addMetric("Rejected", c.rejected(), MetricUnit.COUNT);
                m.addMetric("Warnings", c.warnings(), MetricUnit.COUNT);
                m.addMetric("Conflicts", c.conflicts(), MetricUnit.COUNT);
                m.addMetric("Moved", c.moved(), MetricUnit.COUNT);
            }
            long codes = report.codeRanges() == null ? 0 : report.codeRanges().stream().mapToLong(ImportReport.CodeRange::count).sum();
            m.addMetric("CodesIssued", codes, MetricUnit.COUNT);
            m.addMetric("Failed", report.status() == dev.custcode.ingest.ImportStatus.FAILED ? 1 : 0, MetricUnit.COUNT);
            if (report.timings() != null) {
                m.addMetric("Duration", report.timings().millis(), MetricUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void reported(EvaluationReport report) {
        flush("reevaluation", report.runId(), report.status(), m -> {
            m.addMetric("Customers", orZero(report.customers()), MetricUnit.COUNT);
            m.addMetric("Changed", orZero(report.changed()), MetricUnit.COUNT);
            m.addMetric("Moved", orZero(report.moved()), MetricUnit.COUNT);
            m.addMetric("Failed", "REJECTED".equals(report.status()) ? 1 : 0, MetricUnit.COUNT);
            if (report.startedAt() != null && report.finishedAt() != null) {
                m.addMetric("Duration", Duration.between(Instant.parse(report.startedAt()), Instant.parse(report.finishedAt())).toMillis(),
                        MetricUnit.MILLISECONDS);
            }
        });
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static void flush(String operation, String id, String status, java.util.function.Consumer<Metrics> figures) {
        try {
            metrics().flushMetrics(m -> {
                m.addDimension(DimensionSet.of("operation", operation));
                m.addMetadata(operation.equals("import") ? "importId" : "runId", id);
                m.addMetadata("status", status);
                m.addMetadata("function", System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", ""));
                figures.accept(m);
            });
        } catch (RuntimeException e) {
            // Figures are not worth an import: the report is written, a retry would redo nothing.
            LOG.warn("could not write the metrics of {} {}: {}", operation, id, e.toString());
        }
    }
}
