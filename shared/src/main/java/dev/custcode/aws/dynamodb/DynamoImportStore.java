package dev.custcode.aws.dynamodb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.codes.CodeBlock;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.store.ImportPlan;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.LeaseLostException;
import dev.custcode.store.RowCounts;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The imports table: one {@code import} item per import (status, lease, progress, outcome) and
 * one {@code batch#NNNNNN} item per batch holding the code blocks reserved for it; the customers
 * each batch created and changed ({@code created#…}, {@code touched#…}: packed code lists).
 */
public final class DynamoImportStore implements ImportStore {
    public static final String BY_START = "byStart";
    /**
     * Sparse: its key, {@code running}, is on an import's item only while it is RUNNING (every put of
     * the item writes it or leaves it out), so the imports running now are read without the others.
     */
    public static final String BY_RUNNING = "byRunning";
    /** The partition of the table's own items: what was done to the table once ({@link #markRunningOnesRecordedBefore}). */
    private static final String MIGRATIONS = "#table";
    private volatile boolean runningMarked;
    static final String MAIN = "import";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoImportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String importId, String item) {
        return Map.of("importId", AttributeValue.fromS(importId), "item", AttributeValue.fromS(item));
    }

    /**
     * Puts a leased item (an import or a chunk) if it is new or RUNNING with a lease run out;
     * returns the item it replaced; throws ConditionalCheckFailedException (with the stored item) otherwise.
     */
    private software.amazon.awssdk.services.dynamodb.model.PutItemResponse putLeased(Map<String, AttributeValue> item, Instant now) {
        return dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(importId) OR (#s = :running AND leaseUntil < :now)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":running", AttributeValue.fromS(ImportStatus.RUNNING.name()),
                        ":now", AttributeValue.fromS(now.toString())))
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    @Override
    public Claim claim(ImportRecord start, IncomingObject source, Instant now, Instant leaseUntil) {
        String runId = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>(toItem(start));
        item.put("runId", AttributeValue.fromS(runId));
        item.put("leaseUntil", AttributeValue.fromS(leaseUntil.toString()));
        item.put("source", AttributeValue.fromS(source.toJson().toString()));
        item.put("attempts", AttributeValue.fromN("1"));
        try {
            var r = putLeased(item, now);
            if (r.hasAttributes() && !r.attributes().isEmpty()) {
                // Keep the original start time (the import began with the run that died) and the sweep's count.
                String startedAt = r.attributes().get("startedAt").s();
                int redrives = (int) n(r.attributes(), "redrives");
                int attempt = (int) Math.max(1, n(r.attributes(), "attempts")) + 1;
                dynamo.updateItem(b -> b.tableName(table).key(key(start.importId(), MAIN))
                        .updateExpression("SET startedAt = :s, redrives = :r, attempts = :a")
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(startedAt), ":r", AttributeValue.fromN(Integer.toString(redrives)),
                                ":a", AttributeValue.fromN(Integer.toString(attempt)))));
                return new Claim.Started(runId, true, startedAt, redrives, attempt);
            }
            return new Claim.Started(runId, false, start.startedAt(), 0, 1);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() && !e.item().isEmpty() ? e.item()
                    : dynamo.getItem(b -> b.tableName(table).key(key(start.importId(), MAIN)).consistentRead(true)).item();
            ImportRecord existing = fromItem(old);
            if (existing.status().finished()) {
                return new Claim.AlreadyFinished(existing);
            }
            return new Claim.Busy(Instant.parse(old.get("leaseUntil").s()));
        }
    }

    @Override
    public void heartbeat(String importId, String runId, long rowsRead, RowCounts counted, Instant leaseUntil) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, MAIN))
                    .updateExpression("SET rowsRead = :r, accepted = :a, rejected = :x, leaseUntil = :l")
                    .conditionExpression("runId = :run")
                    .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(Long.toString(rowsRead)),
                            ":a", AttributeValue.fromN(Long.toString(counted.accepted())), ":x", AttributeValue.fromN(Long.toString(counted.rejected())),
                            ":l", AttributeValue.fromS(leaseUntil.toString()), ":run", AttributeValue.fromS(runId))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(importId);
        }
    }

    @Override
    public void release(String importId, String runId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, MAIN))
                    .updateExpression("SET leaseUntil = :l")
                    .conditionExpression("runId = :run AND #s = :running")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(now.minusMillis(1).toString()),
                            ":run", AttributeValue.fromS(runId), ":running", AttributeValue.fromS(ImportStatus.RUNNING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else runs it now, or it finished: nothing of ours to release.
        }
    }

    private static final String TOUCHED = "touched#";
    private static final String CREATED = "created#";
    /** A list of codes, {@link PackedCodes packed}. */
    private static final String PACKED = "packed";

    private static String batchItem(int batch) {
        return String.format("batch#%06d", batch);
    }

    @Override
    public Map<String, CodeBlock> reservations(String importId, int batch) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(importId, batchItem(batch))).consistentRead(true)).item();
        return blocks(item);
    }

    @Override
    public Map<String, CodeBlock> recordReservations(String importId, int batch, Map<String, CodeBlock> blocks) {
        StringBuilder expr = new StringBuilder("SET ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (CodeBlock b : blocks.values()) {
            if (i > 0) {
                expr.append(", ");
            }
            // if_not_exists: a block recorded by an earlier run wins, and its numbers are the ones used.
            expr.append("#p").append(i).append(" = if_not_exists(#p").append(i).append(", :b").append(i).append(')');
            names.put("#p" + i, "block:" + b.prefix());
            values.put(":b" + i, AttributeValue.fromL(List.of(AttributeValue.fromN(Long.toString(b.first())), AttributeValue.fromN(Long.toString(b.last())))));
            i++;
        }
        var r = dynamo.updateItem(b -> b.tableName(table).key(key(importId, batchItem(batch)))
                .updateExpression(expr.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW));
        return blocks(r.attributes());
    }

    @Override
    public void recordCreated(String importId, int batch, java.util.Collection<String> codes) {
        putCodes(importId, CREATED + String.format("%06d", batch), codes);
    }

    @Override
    public java.util.Set<String> created(String importId) {
        java.util.Set<String> out = codeSets(importId, CREATED);
        out.addAll(codeSets(importId, "batch#")); // where imports before packed lists kept them
        return out;
    }

    @Override
    public void recordTouched(String importId, String part, java.util.Collection<String> codes) {
        putCodes(importId, TOUCHED + part, codes);
    }

    @Override
    public java.util.Set<String> touched(String importId) {
        return codeSets(importId, TOUCHED);
    }

    /**
     * Puts the codes, packed, in an item of their own: {@code <part>#<random>}. Every call writes a
     * new item rather than adding to one, so a redo, which may list fewer customers (those the run
     * before it changed are now unchanged), takes nothing away from the list; the readers take the
     * union.
     */
    private void putCodes(String importId, String part, java.util.Collection<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        // An UpdateItem that creates the item: what every function that records codes may already call.
        dynamo.updateItem(b -> b.tableName(table).key(key(importId, part + "#" + UUID.randomUUID().toString().substring(0, 8)))
                .updateExpression("SET #p = :p").expressionAttributeNames(Map.of("#p", PACKED))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromB(SdkBytes.fromByteArray(PackedCodes.pack(codes))))));
    }

    /**
     * The union of the code lists of the import's items whose sort key starts with {@code items}:
     * packed lists, and the string sets ({@code created}, {@code codes}) imports kept before them.
     */
    private java.util.Set<String> codeSets(String importId, String items) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("importId = :i AND begins_with(#item, :b)")
                .expressionAttributeNames(Map.of("#item", "item"))
                .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(importId), ":b", AttributeValue.fromS(items)))).items()
                .forEach(i -> {
                    if (i.containsKey(PACKED)) {
                        out.addAll(PackedCodes.unpack(i.get(PACKED).b().asByteArray()));
                    }
                    for (String legacy : List.of("created", "codes")) {
                        if (i.containsKey(legacy)) {
                            out.addAll(i.get(legacy).ss());
                        }
                    }
                });
        return out;
    }

    private static Map<String, CodeBlock> blocks(Map<String, AttributeValue> item) {
        Map<String, CodeBlock> out = new HashMap<>();
        if (item == null) {
            return out;
        }
        item.forEach((name, v) -> {
            if (name.startsWith("block:") && v.hasL() && v.l().size() == 2) {
                String prefix = name.substring("block:".length());
                out.put(prefix, new CodeBlock(prefix, Long.parseLong(v.l().get(0).n()), Long.parseLong(v.l().get(1).n())));
            }
        });
        return out;
    }

    // ---- fan-out: the "plan" item (plan, counters) and one "chunk#NNNNNN" item per chunk ----

    static final String PLAN = "plan";
    private static final ObjectMapper PLAN_JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static String chunkItem(int chunk) {
        return String.format("chunk#%06d", chunk);
    }

    @Override
    public ImportPlan savePlan(String importId, ImportPlan plan) {
        String json;
        try {
            json = PLAN_JSON.writeValueAsString(plan);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // A separate item: claims and finishes rewrite the import item whole.
        var r = dynamo.updateItem(b -> b.tableName(table).key(key(importId, PLAN))
                .updateExpression("SET #p = if_not_exists(#p, :p), totalChunks = if_not_exists(totalChunks, :t), "
                        + "totalBytes = if_not_exists(totalBytes, :b), chunksDone = if_not_exists(chunksDone, :z), "
                        + "bytesDone = if_not_exists(bytesDone, :z)")
                .expressionAttributeNames(Map.of("#p", "plan"))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(json), ":t", AttributeValue.fromN(Integer.toString(plan.chunks().size())),
                        ":b", AttributeValue.fromN(Long.toString(plan.size())), ":z", AttributeValue.fromN("0")))
                .returnValues(ReturnValue.ALL_NEW));
        return parsePlan(r.attributes().get("plan").s());
    }

    private static ImportPlan parsePlan(String json) {
        try {
            return PLAN_JSON.readValue(json, ImportPlan.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored import plan is not readable: " + e.getMessage(), e);
        }
    }

    private Map<String, AttributeValue> planItem(String importId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(importId, PLAN)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    @Override
    public Optional<ImportPlan> plan(String importId) {
        return Optional.ofNullable(planItem(importId)).map(i -> parsePlan(i.get("plan").s()));
    }

    @Override
    public Optional<ImportPlan.Progress> progress(String importId) {
        Map<String, AttributeValue> planItem = planItem(importId);
        if (planItem == null) {
            return Optional.empty();
        }
        // The chunks' own items say which are done and how far the others have read (one query: they are small).
        java.util.Set<Integer> done = new java.util.HashSet<>();
        Map<Integer, Long> reading = new HashMap<>();
        // Rows counted: the finished chunks' (added up on the plan item) and the others' by their last heartbeat.
        RowCounts counted = new RowCounts(n(planItem, "accepted"), n(planItem, "rejected"));
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(table).keyConditionExpression("importId = :p AND begins_with(#i, :chunk)")
                    .expressionAttributeNames(Map.of("#i", "item", "#s", "status"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(importId), ":chunk", AttributeValue.fromS("chunk#")))
                    .projectionExpression("#i, #s, rowsRead, rowsHigh, accepted, rejected").exclusiveStartKey(from));
            for (Map<String, AttributeValue> chunk : page.items()) {
                int index = Integer.parseInt(chunk.get("item").s().substring("chunk#".length()));
                if ("DONE".equals(s(chunk, "status"))) {
                    done.add(index);
                } else {
                    reading.put(index, Math.max(n(chunk, "rowsRead"), n(chunk, "rowsHigh"))); // never back, after a redo
                    counted = counted.plus(new RowCounts(n(chunk, "accepted"), n(chunk, "rejected")));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.of(ImportPlan.Progress.of(parsePlan(planItem.get("plan").s()), done, reading, counted));
    }

    @Override
    public ImportPlan.ChunkClaim claimChunk(String importId, int chunk, Instant now, Instant leaseUntil) {
        String runId = UUID.randomUUID().toString();
        try {
            // An update, not a put: what a pause recorded (rowsDone, soFar) stays on the item for this run.
            var r = dynamo.updateItem(b -> b.tableName(table).key(key(importId, chunkItem(chunk)))
                    .updateExpression("SET #s = :running, runId = :run, leaseUntil = :l, rowsRead = if_not_exists(rowsDone, :zero) ADD attempts :one")
                    .conditionExpression("attribute_not_exists(importId) OR (#s = :running AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":running", AttributeValue.fromS(ImportStatus.RUNNING.name()),
                            ":run", AttributeValue.fromS(runId), ":l", AttributeValue.fromS(leaseUntil.toString()),
                            ":one", AttributeValue.fromN("1"), ":zero", AttributeValue.fromN("0"), ":now", AttributeValue.fromS(now.toString())))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            Map<String, AttributeValue> old = r.hasAttributes() ? r.attributes() : Map.of();
            long high = Math.max(n(old, "rowsRead"), n(old, "rowsHigh"));
            if (high > n(old, "rowsHigh")) {
                // The rows a run that died had read stay the chunk's progress until its redo reads past them.
                try {
                    dynamo.updateItem(b -> b.tableName(table).key(key(importId, chunkItem(chunk)))
                            .updateExpression("SET rowsHigh = :h").conditionExpression("runId = :run")
                            .expressionAttributeValues(Map.of(":h", AttributeValue.fromN(Long.toString(high)), ":run", AttributeValue.fromS(runId))));
                } catch (ConditionalCheckFailedException claimedAgain) {
                    // another run has it already: its own claim raised it
                }
            }
            // A pause sets attempts to 0: the run after it goes on from where it stopped, it does not recover.
            int before = (int) n(old, "attempts");
            return new ImportPlan.ChunkClaim.Started(runId, old.containsKey("runId") && before > 0, before + 1,
                    n(old, "rowsDone"), s(old, "soFar"));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() && !e.item().isEmpty() ? e.item()
                    : dynamo.getItem(b -> b.tableName(table).key(key(importId, chunkItem(chunk))).consistentRead(true)).item();
            if ("DONE".equals(s(old, "status"))) {
                return new ImportPlan.ChunkClaim.Done();
            }
            return new ImportPlan.ChunkClaim.Busy(Instant.parse(old.get("leaseUntil").s()));
        }
    }

    @Override
    public void pauseChunk(String importId, int chunk, String runId, long rowsDone, String soFar, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, chunkItem(chunk)))
                    .updateExpression("SET leaseUntil = :l, rowsDone = :n, rowsRead = :n, soFar = :r, attempts = :zero")
                    .conditionExpression("runId = :run AND #s = :running")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(now.minusMillis(1).toString()),
                            ":n", AttributeValue.fromN(Long.toString(rowsDone)), ":r", AttributeValue.fromS(soFar),
                            ":zero", AttributeValue.fromN("0"), ":run", AttributeValue.fromS(runId),
                            ":running", AttributeValue.fromS(ImportStatus.RUNNING.name()))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
    }

    @Override
    public void heartbeatChunk(String importId, int chunk, String runId, long rowsRead, RowCounts counted, Instant leaseUntil) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, chunkItem(chunk)))
                    .updateExpression("SET leaseUntil = :l, rowsRead = :r, accepted = :a, rejected = :x")
                    .conditionExpression("runId = :run")
                    .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(leaseUntil.toString()), ":r", AttributeValue.fromN(Long.toString(rowsRead)),
                            ":a", AttributeValue.fromN(Long.toString(counted.accepted())), ":x", AttributeValue.fromN(Long.toString(counted.rejected())),
                            ":run", AttributeValue.fromS(runId))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
    }

    @Override
    public long finishChunk(String importId, int chunk, String runId, String result, long bytes, RowCounts counted) {
        try {
            // The chunk's DONE and the count move together: a chunk is counted exactly once.
            dynamo.transactWriteItems(b -> b.transactItems(
                    software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(key(importId, chunkItem(chunk)))
                            .updateExpression("SET #s = :done, #r = :result")
                            .conditionExpression("runId = :run AND #s = :running")
                            .expressionAttributeNames(Map.of("#s", "status", "#r", "result"))
                            .expressionAttributeValues(Map.of(":done", AttributeValue.fromS("DONE"), ":result", AttributeValue.fromS(result),
                                    ":run", AttributeValue.fromS(runId), ":running", AttributeValue.fromS(ImportStatus.RUNNING.name())))).build(),
                    software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(key(importId, PLAN))
                            .updateExpression("ADD chunksDone :one, bytesDone :bytes, accepted :a, rejected :x")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":bytes", AttributeValue.fromN(Long.toString(bytes)),
                                    ":a", AttributeValue.fromN(Long.toString(counted.accepted())),
                                    ":x", AttributeValue.fromN(Long.toString(counted.rejected()))))).build()));
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            throw new LeaseLostException(importId + " chunk " + chunk);
        }
        return n(planItem(importId), "chunksDone");
    }

    @Override
    public boolean claimFinishing(String importId, int chunk) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, PLAN))
                    .updateExpression("SET finishedBy = :c")
                    .conditionExpression("attribute_not_exists(finishedBy) OR finishedBy = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(Integer.toString(chunk)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<String> chunkResults(String importId) {
        List<String> out = new java.util.ArrayList<>();
        chunkItems(importId).forEach(i -> {
            if ("DONE".equals(s(i, "status")) && i.containsKey("result")) {
                out.add(i.get("result").s());
            }
        });
        return out;
    }

    /** The import's chunk items, in chunk order, read consistently. */
    private Iterable<Map<String, AttributeValue>> chunkItems(String importId) {
        return dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("importId = :i AND begins_with(#item, :c)")
                .expressionAttributeNames(Map.of("#item", "item"))
                .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(importId), ":c", AttributeValue.fromS("chunk#")))).items();
    }

    @Override
    public void finish(ImportRecord finished, String runId) {
        Map<String, AttributeValue> item = toItem(finished);
        item.put("leaseUntil", AttributeValue.fromS(Instant.EPOCH.toString()));
        item.put("runId", AttributeValue.fromS(runId));
        try {
            // Only the run that holds the import may end it: a run that lost its lease (it stalled
            // and another took over) must not overwrite the outcome of the run that finished.
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("runId = :run")
                    .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(finished.importId());
        }
    }

    @Override
    public Optional<ImportRecord> find(String importId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(importId, MAIN)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void markUndone(String importId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, MAIN)).updateExpression("SET undoneAt = :at")
                    .conditionExpression("attribute_exists(#s)").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()))));
        } catch (ConditionalCheckFailedException unknown) {
            // No such import: nothing to mark (the undo says NOT_FOUND before it comes here).
        }
    }

    @Override
    public Page<ImportRecord> recent(int limit, String cursor, ImportStatus status) {
        Map<String, AttributeValue> start = cursor == null ? null : StartCursor.decode(cursor).key();
        List<Map<String, AttributeValue>> found = new java.util.ArrayList<>();
        int examined = 0;
        // A status is filtered after DynamoDB's limit: pages are read until the limit is filled, or EXAMINED
        // imports were looked at (a rare status over a long history answers a short page, its next going on).
        do {
            Map<String, AttributeValue> from = start;
            var r = dynamo.query(b -> {
                b.tableName(table).indexName(BY_START)
                        .keyConditionExpression("kind = :k")
                        .scanIndexForward(false)
                        .limit(limit)
                        .exclusiveStartKey(from);
                if (status == null) {
                    b.expressionAttributeValues(Map.of(":k", AttributeValue.fromS(MAIN)));
                } else {
                    b.filterExpression("#s = :status").expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(MAIN), ":status", AttributeValue.fromS(status.name())));
                }
            });
            examined += r.scannedCount();
            found.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (found.size() < limit && start != null && examined < EXAMINED);
        if (found.size() > limit) {
            found = found.subList(0, limit);
            start = StartCursor.of(found.get(limit - 1)).key();
        }
        List<ImportRecord> items = found.stream().map(DynamoImportStore::fromItem).toList();
        return new Page<>(items, start == null ? null : StartCursor.of(start).encode());
    }

    /** Imports one page of a listing by status looks at, at most. */
    private static final int EXAMINED = 1_000;

    @Override
    public List<Unfinished> unfinished() {
        List<Unfinished> out = new java.util.ArrayList<>();
        markRunningOnesRecordedBefore();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_RUNNING)
                .keyConditionExpression("#r = :k")
                .filterExpression("#s = :running")
                .expressionAttributeNames(Map.of("#s", "status", "#r", "running"))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(MAIN), ":running", AttributeValue.fromS(ImportStatus.RUNNING.name()))))
                .items().forEach(item -> {
                    ImportRecord record = fromItem(item);
                    Instant quiet = item.containsKey("leaseUntil") ? Instant.parse(item.get("leaseUntil").s()) : Instant.EPOCH;
                    if (item.containsKey("redrivenAt")) {
                        // A re-drive waiting in the queue is not to be sent again before the grace is over.
                        Instant redriven = Instant.parse(item.get("redrivenAt").s());
                        quiet = redriven.isAfter(quiet) ? redriven : quiet;
                    }
                    // A fanned-out import's own lease is let go while its chunks run: they show it alive.
                    for (Map<String, AttributeValue> chunk : chunkItems(record.importId())) {
                        if (chunk.containsKey("leaseUntil")) {
                            Instant lease = Instant.parse(chunk.get("leaseUntil").s());
                            quiet = lease.isAfter(quiet) ? lease : quiet;
                        }
                    }
                    out.add(new Unfinished(record, source(item, record), quiet, (int) n(item, "redrives")));
                });
        return out;
    }

    /**
     * Imports recorded RUNNING before {@link #BY_RUNNING} existed lack its key: once per table, the
     * first caller of {@link #unfinished} adds it to them (one read of every import, then a marker
     * item; later cold starts read the marker only). Idempotent, so two callers at once do no harm.
     */
    private void markRunningOnesRecordedBefore() {
        if (runningMarked) {
            return;
        }
        Map<String, AttributeValue> marker = key(MIGRATIONS, BY_RUNNING);
        Map<String, AttributeValue> done = dynamo.getItem(b -> b.tableName(table).key(marker).consistentRead(true)).item();
        if (done == null || done.isEmpty()) {
            Map<String, AttributeValue> running = Map.of(":k", AttributeValue.fromS(MAIN), ":running", AttributeValue.fromS(ImportStatus.RUNNING.name()));
            dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_START).keyConditionExpression("kind = :k")
                    .filterExpression("#s = :running AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#s", "status", "#r", "running")).expressionAttributeValues(running))
                    .items().forEach(item -> {
                        try {
                            dynamo.updateItem(b -> b.tableName(table).key(key(s(item, "importId"), MAIN)).updateExpression("SET #r = :k")
                                    .conditionExpression("#s = :running AND attribute_not_exists(#r)")
                                    .expressionAttributeNames(Map.of("#s", "status", "#r", "running")).expressionAttributeValues(running));
                        } catch (ConditionalCheckFailedException finished) {
                            // It ended, or another caller marked it, since the read.
                        }
                    });
            // An UpdateItem, which every role that asks for the running imports may make (the sweep's makes no PutItem).
            dynamo.updateItem(b -> b.tableName(table).key(marker).updateExpression("SET #at = :at")
                    .expressionAttributeNames(Map.of("#at", "at")).expressionAttributeValues(Map.of(":at", AttributeValue.fromS(Instant.now().toString()))));
        }
        runningMarked = true;
    }

    /** The object as the import's first run was told, or (imports recorded before it was kept) what the record says. */
    private static IncomingObject source(Map<String, AttributeValue> item, ImportRecord record) {
        String json = s(item, "source");
        if (json != null) {
            try {
                return IncomingObject.fromJson(CURSOR_JSON.readTree(json));
            } catch (java.io.IOException | IllegalArgumentException e) {
                // fall through
            }
        }
        return new IncomingObject(record.bucket(), record.key(), null, record.version(), 0, null);
    }

    @Override
    public boolean countRedrive(String importId, int seen, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(importId, MAIN))
                    .updateExpression("SET redrives = :next, redrivenAt = :now")
                    .conditionExpression("#s = :running AND leaseUntil < :now AND (attribute_not_exists(redrives) OR redrives = :seen)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":running", AttributeValue.fromS(ImportStatus.RUNNING.name()),
                            ":now", AttributeValue.fromS(now.toString()), ":seen", AttributeValue.fromN(Integer.toString(seen)),
                            ":next", AttributeValue.fromN(Integer.toString(seen + 1)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A page boundary of the imports listed by start ({@code BY_START}): the import whose item is the
     * page's last, as an opaque token (its index key, base64url JSON); a token that names no import's
     * key is a {@link BadCursorException}.
     */
    private record StartCursor(String importId, String startedAt) {
        private static final java.util.regex.Pattern IMPORT_ID = java.util.regex.Pattern.compile("[0-9a-f]{20}");

        static StartCursor of(Map<String, AttributeValue> item) {
            return new StartCursor(item.get("importId").s(), item.get("startedAt").s());
        }

        /** The index key a query goes on after: the table's key and the index's. */
        Map<String, AttributeValue> key() {
            Map<String, AttributeValue> key = new HashMap<>(DynamoImportStore.key(importId, MAIN));
            key.put("kind", AttributeValue.fromS(MAIN));
            key.put("startedAt", AttributeValue.fromS(startedAt));
            return key;
        }

        String encode() {
            Map<String, String> plain = new java.util.TreeMap<>();
            key().forEach((k, v) -> plain.put(k, v.s()));
            try {
                return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(CURSOR_JSON.writeValueAsBytes(plain));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static StartCursor decode(String cursor) {
            try {
                Map<String, String> plain = CURSOR_JSON.readValue(java.util.Base64.getUrlDecoder().decode(cursor),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
                if (plain == null || plain.containsValue(null) || plain.get("importId") == null || plain.get("startedAt") == null
                        || !IMPORT_ID.matcher(plain.get("importId")).matches()) {
                    throw new BadCursorException("not a cursor of this listing");
                }
                StartCursor c = new StartCursor(plain.get("importId"), plain.get("startedAt"));
                java.time.Instant.parse(c.startedAt());
                Map<String, String> restated = new java.util.HashMap<>();
                c.key().forEach((k, v) -> restated.put(k, v.s()));
                if (!restated.equals(plain)) {
                    throw new BadCursorException("not a cursor of this listing"); // another listing's key, or more than a key
                }
                return c;
            } catch (IllegalArgumentException | java.io.IOException | java.time.format.DateTimeParseException e) {
                throw new BadCursorException("not a cursor of this listing");
            }
        }
    }

    private static final ObjectMapper CURSOR_JSON = new ObjectMapper();

    static Map<String, AttributeValue> toItem(ImportRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.importId(), MAIN));
        item.put("kind", AttributeValue.fromS(MAIN));
        item.put("bucket", AttributeValue.fromS(r.bucket()));
        item.put("key", AttributeValue.fromS(r.key()));
        if (r.version() != null) {
            item.put("version", AttributeValue.fromS(r.version()));
        }
        item.put("status", AttributeValue.fromS(r.status().name()));
        if (r.status() == ImportStatus.RUNNING) {
            item.put("running", AttributeValue.fromS(MAIN));
        }
        item.put("startedAt", AttributeValue.fromS(r.startedAt()));
        if (r.finishedAt() != null) {
            item.put("finishedAt", AttributeValue.fromS(r.finishedAt()));
        }
        item.put("rowsRead", AttributeValue.fromN(Long.toString(r.rowsRead())));
        item.put("accepted", AttributeValue.fromN(Long.toString(r.accepted())));
        item.put("rejected", AttributeValue.fromN(Long.toString(r.rejected())));
        if (r.conflicts() > 0) {
            item.put("conflicts", AttributeValue.fromN(Long.toString(r.conflicts())));
        }
        if (r.message() != null) {
            item.put("message", AttributeValue.fromS(r.message()));
        }
        return item;
    }

    static ImportRecord fromItem(Map<String, AttributeValue> item) {
        return new ImportRecord(s(item, "importId"), s(item, "bucket"), s(item, "key"), s(item, "version"),
                ImportStatus.valueOf(s(item, "status")), s(item, "startedAt"), s(item, "finishedAt"),
                n(item, "rowsRead"), n(item, "accepted"), n(item, "rejected"), s(item, "message"), s(item, "undoneAt"), n(item, "conflicts"));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    // ---- probable duplicates: one partition, PAIRS, an item per pair under pair#<id> ----

    /** The partition of the pairs (not an import id: those are 20 hex digits). */
    static final String PAIRS = "duplicates";
    private static final String PAIR = "pair#";
    private static final Pattern PAIR_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}~[A-Za-z0-9_-]{1,64}");

    /**
     * One consistent read of the pairs that may be known (100 keys a request), then the others in
     * transactions of up to 100 conditional puts. Measured on DynamoDB Local, one conditional PutItem
     * a pair made the puts of pairs the larger part of the search's requests once pairs came at more
     * than one a row; a transaction of 100 is one request and one disk sync there. In DynamoDB a pair
     * written in a transaction costs 2 write units instead of 1, once: a known pair costs a read.
     * The condition stays on every put, so a pair that another import wrote (and a steward perhaps
     * dismissed) after the read is not overwritten: its stored status decides, as for a known one.
     */
    @Override
    public List<DuplicatePair> proposePairs(List<DuplicatePair> pairs, java.util.Set<String> fresh) {
        Map<String, DuplicatePair> byId = new java.util.LinkedHashMap<>();
        pairs.forEach(p -> byId.putIfAbsent(p.id(), p));
        // A pair of a customer the run created is not looked for: it is stored only if a redo of the run (or
        // another chunk) wrote it, and then its conditional put fails and the failure is read as below.
        Map<String, Map<String, AttributeValue>> known = storedPairs(byId.values().stream()
                .filter(p -> !fresh.contains(p.code()) && !fresh.contains(p.other())).map(DuplicatePair::id).toList());
        java.util.Set<String> dismissed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        known.forEach((id, item) -> {
            if (isDismissed(item)) {
                dismissed.add(id);
            }
        });
        List<DuplicatePair> unknown = byId.values().stream().filter(p -> !known.containsKey(p.id())).toList();
        Parallel.map(Parallel.chunks(unknown, TransactWrites.LIMIT), chunk -> {
            List<TransactWriteItem> puts = chunk.stream().map(p -> TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(pairItem(p)).conditionExpression("attribute_not_exists(#i)").expressionAttributeNames(Map.of("#i", "item"))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build()).toList();
            for (TransactWrites.Failed f : TransactWrites.write(dynamo, puts)) {
                // Written by someone else since the read: reported again unless dismissed.
                String id = chunk.get(f.index()).id();
                Map<String, AttributeValue> stored = f.stored().isEmpty()
                        ? dynamo.getItem(b -> b.tableName(table).key(key(PAIRS, PAIR + id)).consistentRead(true)).item() : f.stored();
                if (isDismissed(stored)) {
                    dismissed.add(id);
                }
            }
            return null;
        });
        return pairs.stream().filter(p -> !dismissed.contains(p.id())).toList();
    }

    private static boolean isDismissed(Map<String, AttributeValue> item) {
        return item != null && item.containsKey("status") && DuplicatePair.DISMISSED.equals(item.get("status").s());
    }

    /** The stored pairs among {@code ids}, by id: consistent reads of up to 100 keys, side by side. */
    private Map<String, Map<String, AttributeValue>> storedPairs(List<String> ids) {
        Map<String, Map<String, AttributeValue>> found = new java.util.concurrent.ConcurrentHashMap<>();
        Parallel.map(Parallel.chunks(ids, BatchGets.LIMIT), chunk -> {
            BatchGets.read(dynamo, table, chunk.stream().map(id -> key(PAIRS, PAIR + id)).toList())
                    .forEach(i -> found.put(i.get("item").s().substring(PAIR.length()), i));
            return null;
        });
        return found;
    }

    @Override
    public Page<DuplicatePair> openPairs(String folder, String cursor, int limit) {
        if (cursor != null && !PAIR_ID.matcher(cursor).matches()) {
            throw new BadCursorException("not a cursor of this list: " + cursor);
        }
        Map<String, AttributeValue> start = cursor == null ? null : key(PAIRS, PAIR + cursor);
        String filter = "#s = :open" + (folder == null ? "" : " AND (#f = :f OR begins_with(#f, :fs) OR #o = :f OR begins_with(#o, :fs))");
        Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(PAIRS), ":pair", AttributeValue.fromS(PAIR),
                ":open", AttributeValue.fromS(DuplicatePair.OPEN)));
        if (folder != null) {
            names.put("#f", "folder");
            names.put("#o", "otherFolder");
            values.put(":f", AttributeValue.fromS(folder));
            values.put(":fs", AttributeValue.fromS(folder + "/"));
        }
        // One query: its Limit bounds the pairs read before the filter, so dismissed pairs cost one read each,
        // never an unbounded loop. The next is the last pair returned, or the last read (LastEvaluatedKey).
        var r = dynamo.query(b -> b.tableName(table).keyConditionExpression("importId = :p AND begins_with(#i, :pair)")
                .filterExpression(filter).expressionAttributeNames(withItem(names)).expressionAttributeValues(values)
                .limit(Math.max(limit, PAIRS_READ)).exclusiveStartKey(start));
        List<DuplicatePair> open = r.items().stream().map(DynamoImportStore::fromPairItem).toList();
        if (open.size() > limit) {
            return new Page<>(open.subList(0, limit), open.get(limit - 1).id());
        }
        boolean more = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty();
        return new Page<>(open, more ? r.lastEvaluatedKey().get("item").s().substring(PAIR.length()) : null);
    }

    private static Map<String, String> withItem(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#i", "item");
        return all;
    }

    @Override
    public Optional<DuplicatePair> pair(String id) {
        if (!PAIR_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(PAIRS, PAIR + id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromPairItem(item));
    }

    @Override
    public Optional<DuplicatePair> dismissPair(String id, Instant at) {
        if (!PAIR_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(key(PAIRS, PAIR + id))
                    .updateExpression("SET #s = :d, dismissedAt = :at").conditionExpression("attribute_exists(#i)")
                    .expressionAttributeNames(Map.of("#s", "status", "#i", "item"))
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(DuplicatePair.DISMISSED), ":at", AttributeValue.fromS(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromPairItem(item));
        } catch (ConditionalCheckFailedException unknown) {
            return Optional.empty();
        }
    }

    @Override
    public List<DuplicatePair> forgetPairs(String code) {
        List<Map<String, AttributeValue>> items = pairItems("#c = :c OR #o = :c", Map.of("#c", "code", "#o", "other"),
                Map.of(":c", AttributeValue.fromS(code)));
        items.forEach(i -> dynamo.deleteItem(b -> b.tableName(table).key(Map.of("importId", i.get("importId"), "item", i.get("item")))));
        return items.stream().map(DynamoImportStore::fromPairItem).toList();
    }

    @Override
    public List<DuplicatePair> withdrawPairs(String importId) {
        List<DuplicatePair> withdrawn = new java.util.ArrayList<>();
        pairItems("foundBy = :by AND #s = :open", Map.of("#s", "status"),
                Map.of(":by", AttributeValue.fromS(importId), ":open", AttributeValue.fromS(DuplicatePair.OPEN))).forEach(i -> {
            try {
                // Still open: a steward's dismissal made since the read stays.
                dynamo.deleteItem(b -> b.tableName(table).key(Map.of("importId", i.get("importId"), "item", i.get("item")))
                        .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":open", AttributeValue.fromS(DuplicatePair.OPEN))));
                withdrawn.add(fromPairItem(i));
            } catch (ConditionalCheckFailedException dismissedOrGone) {
                // Dismissed meanwhile, or withdrawn by another run of the undo.
            }
        });
        return withdrawn;
    }

    /**
     * The stored pairs the filter keeps, read through the whole pairs partition (an erasure's or an
     * undo's: rare, and bounded by the pairs there are); {@code #i}, {@code :p} and {@code :pair} are taken.
     */
    private List<Map<String, AttributeValue>> pairItems(String filter, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#i", "item");
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":p", AttributeValue.fromS(PAIRS));
        allValues.put(":pair", AttributeValue.fromS(PAIR));
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("importId = :p AND begins_with(#i, :pair)")
                .filterExpression(filter).expressionAttributeNames(allNames).expressionAttributeValues(allValues)).items().forEach(items::add);
        return items;
    }

    private static Map<String, AttributeValue> pairItem(DuplicatePair p) {
        Map<String, AttributeValue> item = new HashMap<>(key(PAIRS, PAIR + p.id()));
        item.put("code", AttributeValue.fromS(p.code()));
        item.put("other", AttributeValue.fromS(p.other()));
        item.put("score", AttributeValue.fromN(Double.toString(p.score())));
        item.put("reasons", AttributeValue.fromL(p.reasons().stream().map(AttributeValue::fromS).toList()));
        item.put("foundBy", AttributeValue.fromS(p.importId()));
        item.put("line", AttributeValue.fromN(Long.toString(p.line())));
        item.put("foundAt", AttributeValue.fromS(p.foundAt()));
        item.put("status", AttributeValue.fromS(p.status()));
        if (p.folder() != null) {
            item.put("folder", AttributeValue.fromS(p.folder()));
        }
        if (p.otherFolder() != null) {
            item.put("otherFolder", AttributeValue.fromS(p.otherFolder()));
        }
        return item;
    }

    private static DuplicatePair fromPairItem(Map<String, AttributeValue> i) {
        return new DuplicatePair(i.get("item").s().substring(PAIR.length()), i.get("code").s(), i.get("other").s(),
                Double.parseDouble(i.get("score").n()), i.get("reasons").l().stream().map(AttributeValue::s).toList(), i.get("foundBy").s(),
                n(i, "line"), i.get("foundAt").s(), i.get("status").s(), i.containsKey("folder") ? i.get("folder").s() : null,
                i.containsKey("otherFolder") ? i.get("otherFolder").s() : null);
    }
}
