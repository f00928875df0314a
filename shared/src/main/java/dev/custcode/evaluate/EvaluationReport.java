package dev.custcode.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a re-evaluation run did, as {@code evaluations/<runId>/report.json} says and
 * {@code GET /evaluations/{id}} answers.
 *
 * @param runId      the run
 * @param status     {@code RUNNING} (in {@code run.json} while it goes), {@code DONE}, or {@code REJECTED}
 *                   (the request could not be read: {@code message} says why); an invocation that ran out
 *                   of time answers {@code CONTINUING} (never written as a report)
 * @param cause      {@code request}, {@code scheme} or {@code schedule}
 * @param asOf       the date "days since" rules counted to
 * @param scheme     the scheme's name (the scheme itself is pinned at {@code evaluations/<runId>/scheme.json})
 * @param startedAt  when the run's first attempt began
 * @param finishedAt when it ended
 * @param attempt    which invocation finished it (1: in one, without a crash, retry or continuation)
 * @param customers  filed customers evaluated
 * @param changed    customers whose dimensions or folder changed (each written once, with a history entry)
 * @param moved      of those, customers whose folder changed
 * @param unchanged  customers left as they were
 * @param matrix     dimension → from value → to value → customers (the diagonal: unchanged)
 * @param thresholds population rules' thresholds found ({@code amount:20} → the amount the top 20 % reach)
 * @param folders    leaf folders whose members changed (their exports are rebuilt; emptied ones removed)
 * @param movements  the key of the movement list (one line per changed customer)
 * @param message    why a request was rejected
 * @param draft      for a preview, the draft scheme's name ({@code config/drafts/<name>.json}): the run
 *                   wrote no customer, history, export or folder, and left the latest run as it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(String runId, String status, String cause, String asOf, String scheme, String startedAt,
                               String finishedAt, Integer attempt, Long customers, Long changed, Long moved, Long unchanged,
                               Map<String, Map<String, Map<String, Long>>> matrix, Map<String, BigDecimal> thresholds,
                               List<String> folders, String movements, String message, String draft) {

    /**
     * The answer of an attempt that did not end the run: {@code RUNNING} (another attempt has it) or
     * {@code CONTINUING} (it goes on in another invocation); {@code message} says which.
     */
    static EvaluationReport unfinished(ReevaluationService.RunState state, String status, String scheme, Long customers,
                                       String message) {
        return new EvaluationReport(state.runId(), status, state.cause(), state.asOf(), scheme, state.startedAt(), null,
                state.attempt(), customers, null, null, null, null, null, null, null, message, state.draft());
    }

    /** The report of a run that ended without an outcome, {@code why} saying why. */
    static EvaluationReport rejected(ReevaluationService.RunState state, String scheme, Long customers, String finishedAt,
                                     String why) {
        return new EvaluationReport(state.runId(), "REJECTED", state.cause(), state.asOf(), scheme, state.startedAt(), finishedAt,
                state.attempt(), customers, null, null, null, null, null, null, null, why, state.draft());
    }

    /** The report of a request that could not even start a run (its body could not be read). */
    static EvaluationReport rejected(RunRequest request, String now, String why) {
        return new EvaluationReport(request.runId(), "REJECTED", request.cause(), null, null, now, now, 1,
                null, null, null, null, null, null, null, null, why, request.draft());
    }

    /** The report of a run that evaluated every customer: {@code changed} of {@code customers}, {@code moved} of those. */
    static EvaluationReport done(ReevaluationService.RunState state, String scheme, String finishedAt, long customers, long changed,
                                 long moved, Map<String, Map<String, Map<String, Long>>> matrix, Map<String, BigDecimal> thresholds,
                                 List<String> folders) {
        return new EvaluationReport(state.runId(), "DONE", state.cause(), state.asOf(), scheme, state.startedAt(), finishedAt,
                state.attempt(), customers, changed, moved, customers - changed, matrix, thresholds, folders,
                movementsKey(state.runId()), null, state.draft());
    }

    public static String prefix(String runId) {
        return "evaluations/" + runId + "/";
    }

    public static String reportKey(String runId) {
        return prefix(runId) + "report.json";
    }

    public static String movementsKey(String runId) {
        return prefix(runId) + "movements.csv";
    }

    public boolean finished() {
        return "DONE".equals(status) || "REJECTED".equals(status);
    }
}
