package dev.custcode.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What starts a re-evaluation run, and its id: the same trigger delivered again (an S3 event, a
 * schedule) names the same run, so a redelivery finishes or repeats that run instead of starting
 * another.
 *
 * @param runId the run's id: {@code 20261130T101502Z-request-1a2b3c4d}, sortable by when it was asked for
 * @param cause {@code request} (someone put {@code config/reevaluate.json}), {@code scheme} (a new
 *              scheme became active), {@code schedule}, or {@code draft} (a preview: someone put
 *              {@code config/drafts/<name>.json})
 * @param at    when it was asked for
 * @param asOf  the date "days since" rules count to; null: the date of {@code at} (UTC) or what the request body says
 * @param draft the name of the draft scheme a preview runs with ({@code config/drafts/<name>.json}), or null for a real run
 * @param draftKey the key the draft was put at (its {@code .json} in any case: {@code Draft.JSON} saved on Windows), or null
 */
public record RunRequest(String runId, String cause, Instant at, LocalDate asOf, String draft, String draftKey) {
    public static final String REQUEST_KEY = dev.custcode.scheme.SchemeRegistry.REEVALUATE_KEY;
    /** Where draft schemes are put to be previewed: {@code config/drafts/<name>.json}. */
    public static final String DRAFTS_PREFIX = "config/drafts/";
    /**
     * A draft's key: whatever name its owner gave it, in any script, with spaces or folders
     * ({@code config/drafts/团队/my draft.json} is the draft {@code 团队/my draft}). The name is only
     * reported and read back; the run id is a hash, so no name can make an unsafe key.
     */
    private static final Pattern DRAFT_KEY = Pattern.compile(Pattern.quote(DRAFTS_PREFIX) + "(.*)\\.(?i:json)", Pattern.DOTALL);

    /** A real run (no draft). */
    public RunRequest(String runId, String cause, Instant at, LocalDate asOf) {
        this(runId, cause, at, asOf, null, null);
    }
    /** The cause of a request that goes on with an existing run. */
    static final String CONTINUE = "continue";
    /** What a run id looks like (the API refuses anything else before touching S3). */
    public static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-(request|scheme|schedule|draft)-[0-9a-f]{8}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A run asked for by an S3 object (its key, version or ETag, and the event's sequencer tell one upload from another). */
    public static RunRequest fromObject(String cause, Instant eventTime, String key, String versionOrETag, String sequencer) {
        Instant at = eventTime.truncatedTo(ChronoUnit.SECONDS);
        return new RunRequest(STAMP.format(at) + "-" + cause + "-" + hash(key + "|" + versionOrETag + "|" + sequencer), cause, at, null);
    }

    /**
     * A preview of the draft scheme at {@code key} ({@code config/drafts/<name>.json}, the key decoded
     * as S3 events encode it), or empty when the key is not under {@code config/drafts/} or does not end
     * in {@code .json} (in any case). A key without a name ({@code config/drafts/.json}) is a preview too, which
     * {@link ReevaluationService} ends {@code REJECTED} saying why, so that whoever put it sees a report.
     */
    public static java.util.Optional<RunRequest> draft(Instant eventTime, String key, String versionOrETag, String sequencer) {
        Matcher m = DRAFT_KEY.matcher(key);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        RunRequest r = fromObject("draft", eventTime, key, versionOrETag, sequencer);
        return java.util.Optional.of(new RunRequest(r.runId(), r.cause(), r.at(), null, m.group(1), key));
    }

    /** When the run {@code runId} names was asked for, to the second its id holds. */
    public static Instant askedAt(String runId) {
        return STAMP.parse(runId.substring(0, "yyyyMMddTHHmmssZ".length()), Instant::from);
    }


    /** The scheduled run of the day {@code eventTime} falls on: one per day, however often the schedule fires. */
    public static RunRequest scheduled(Instant eventTime) {
        LocalDate day = LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new RunRequest(STAMP.format(at) + "-schedule-" + hash(day.toString()), "schedule", at, day);
    }

    /** A run that exists already, to go on with (its cause and date are pinned in its state). */
    public static RunRequest resume(String runId) {
        return new RunRequest(runId, CONTINUE, Instant.EPOCH, null);
    }

    public RunRequest withAsOf(LocalDate date) {
        return new RunRequest(runId, cause, at, date, draft, draftKey);
    }

    /** The name a preview of the active scheme is reported under (its report's {@code draft}): no draft key. */
    public static final String ACTIVE_SCHEME = "(active scheme)";

    /**
     * This request as a preview with the active scheme ({@code {"asOf":"2027-12-01","preview":true}}):
     * what a run as of that date would move, written nowhere but its report and movements.
     */
    public RunRequest asPreview() {
        return new RunRequest(runId, cause, at, asOf, ACTIVE_SCHEME, null);
    }

    /** The date the run evaluates as of. */
    public LocalDate effectiveAsOf() {
        return asOf != null ? asOf : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
