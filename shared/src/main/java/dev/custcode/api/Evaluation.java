package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A re-evaluation run as the API answers it (openapi.yaml, schema {@code Evaluation}): its report
 * once it ended ({@code evaluations/<runId>/report.json}), else its run record ({@code run.json})
 * with how far it is ({@code progress.json}). Fields a newer or older writer added to those
 * documents are left out; fields a document does not have are absent from the answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(String runId, String status, String cause, String draft, String asOf, String scheme, String startedAt,
                         String finishedAt, Integer attempt, Long customers, Long changed, Long moved, Long unchanged,
                         Map<String, Map<String, Map<String, Long>>> matrix, Map<String, BigDecimal> thresholds, List<String> folders,
                         String movements, Links links, String linksExpireAt, String message, String until, String lastError,
                         Progress progress) {

    /** The movement list's presigned link, for viewers of every folder once the run is done. */
    public record Links(String movements) {
    }

    /** How far a running run is, as it last wrote it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(String phase, Long customersRead, Long customers, Double percent, String at) {
    }

    boolean done() {
        return "DONE".equals(status);
    }

    Evaluation withProgress(Progress p) {
        return new Evaluation(runId, status, cause, draft, asOf, scheme, startedAt, finishedAt, attempt, customers, changed, moved,
                unchanged, matrix, thresholds, folders, movements, links, linksExpireAt, message, until, lastError, p);
    }

    Evaluation withLinks(Links l, String expireAt) {
        return new Evaluation(runId, status, cause, draft, asOf, scheme, startedAt, finishedAt, attempt, customers, changed, moved,
                unchanged, matrix, thresholds, folders, movements, l, expireAt, message, until, lastError, progress);
    }

    /** As the list shows a run: without its from → to matrix. */
    Evaluation withoutMatrix() {
        return new Evaluation(runId, status, cause, draft, asOf, scheme, startedAt, finishedAt, attempt, customers, changed, moved,
                unchanged, null, thresholds, folders, movements, links, linksExpireAt, message, until, lastError, progress);
    }
}
