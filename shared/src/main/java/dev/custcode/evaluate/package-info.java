/**
 * Re-evaluation runs: every filed customer classified again from what is stored about it, with the
 * run's pinned scheme, population thresholds and "as of" date, and only the customers that changed
 * written (codes never change). A run is started by a request, a newly active scheme or the daily
 * schedule, or previews a draft scheme without writing; running it again finishes or repeats the
 * same run. It reports {@code evaluations/<runId>/report.json} and {@code movements.csv}.
 * Entry points: {@link ReevaluationService} (runs a run), {@link RunRequest} (what started it, and
 * its id), {@link EvaluationReport} (what it did), {@link RunMetrics} (where its figures go).
 */
package dev.custcode.evaluate;
