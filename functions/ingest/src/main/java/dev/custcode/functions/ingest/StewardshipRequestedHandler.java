package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.aws.Services;
import dev.custcode.stewardship.MergeService;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 ObjectCreated on {@code stewardship/merge/<name>.json} ({@code {"code": "...", "into": "..."}})
 * or {@code stewardship/unmerge/<name>.json} ({@code {"code": "<survivor>", "merged": "..."}},
 * {@code merged} optional) → {@link MergeService}, and the outcome in
 * {@code stewardship/results/<name>.json}, outside both trigger prefixes.
 *
 * <p>A request that cannot be carried out (not JSON, no such customer, two tax ids) is answered in
 * the result file with {@code "status": "REFUSED"} and is not retried; a failure of S3 or DynamoDB
 * propagates so that Lambda retries (a merge and its undo are idempotent).
 */
public final class StewardshipRequestedHandler implements RequestHandler<S3Event, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A name may hold folders ({@code stewardship/merge/team-a/x.json}: its result is {@code stewardship/results/team-a/x.json}). */
    private static final Pattern REQUEST = Pattern.compile("stewardship/(merge|unmerge)/([^/].{0,399})\\.json");

    private static final java.util.Set<String> MERGE = java.util.Set.of("code", "into");
    private static final java.util.Set<String> UNMERGE = java.util.Set.of("code", "merged");

    private final MergeService merges;
    private final ObjectStore objects;

    /** Lambda's constructor: SDK clients built once per container, from the environment. */
    public StewardshipRequestedHandler() {
        this(Services.fromEnvironment());
    }

    private StewardshipRequestedHandler(Services services) {
        this(services.merges(), services.objects());
    }

    public StewardshipRequestedHandler(MergeService merges, ObjectStore objects) {
        this.merges = merges;
        this.objects = objects;
    }

    public static String resultKey(String name) {
        return "stewardship/results/" + name + ".json";
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        return dev.custcode.aws.FunctionLogging.around(context, () -> handle(event));
    }

    private String handle(S3Event event) {
        List<String> results = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            String key = record.getS3().getObject().getUrlDecodedKey();
            Matcher m = REQUEST.matcher(key);
            if (!m.matches()) {
                results.add(key + ": not stewardship/merge/<name>.json or stewardship/unmerge/<name>.json, ignored");
                continue;
            }
            String name = m.group(2);
            Outcome out;
            try {
                JsonNode body = JSON.readTree(objects.read(key).orElseThrow(() -> new MergeService.Refused(
                        MergeService.Refused.Kind.NOT_FOUND, "the request object is gone")));
                MergeService.Result r = m.group(1).equals("merge")
                        ? merges.merge(MergeService.requestField(body, "code", true, MERGE),
                                MergeService.requestField(body, "into", true, MERGE))
                        : merges.unmerge(MergeService.requestField(body, "code", true, UNMERGE),
                                MergeService.requestField(body, "merged", false, UNMERGE));
                out = new Outcome(key, r.status(), r, null);
            } catch (MergeService.Refused e) {
                out = Outcome.refused(key, e.getMessage());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out = Outcome.refused(key, "the request is not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                objects.put(resultKey(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out), "application/json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            results.add(key + ": " + out.status());
        }
        return String.join("\n", results);
    }

    /**
     * What {@code stewardship/results/<name>.json} says: the request's key, {@code MERGED},
     * {@code UNMERGED} with the result, or {@code REFUSED} with the reason.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outcome(String request, String status, MergeService.Result result, String reason) {
        static Outcome refused(String request, String reason) {
            return new Outcome(request, "REFUSED", null, reason);
        }
    }
}
