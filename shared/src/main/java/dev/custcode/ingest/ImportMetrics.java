package dev.custcode.ingest;

/**
 * Where an import's figures go once its report is written (in Lambda: embedded-metric-format
 * lines, {@code dev.custcode.aws.EmfMetrics}). Called once per finished import, by the run that
 * wrote the report; a failure here must not fail the import, so implementations do not throw.
 */
@FunctionalInterface
public interface ImportMetrics {
    ImportMetrics NONE = report -> {
    };

    void reported(ImportReport report);
}
