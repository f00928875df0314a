package dev.custcode.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes items in transactions of up to 100, resubmitting what a cancelled transaction did not
 * write, and reporting the items whose own condition failed.
 *
 * <p>Why transactions and not BatchWriteItem for customers: a new customer must be a
 * conditional write (so two imports cannot both create one identity), and BatchWriteItem takes
 * no conditions. One transaction of 100 conditional puts also costs DynamoDB Local one disk sync
 * instead of one per item: measured here 1,100-1,400 items/s against 200-250 for single
 * conditional PutItems and 450-500 for BatchWriteItem of 25 (on-disk database, two GSIs).
 */
final class TransactWrites {
    static final int LIMIT = 100;
    /**
     * Bytes of items one transaction may carry: DynamoDB's limit is 4 MB in all; the estimates
     * ({@link ItemSizes}) leave out request overhead, so packs stay at 3.5 MB.
     */
    static final long MAX_BYTES = 3_500_000;
    /** What a counter update adds to a transaction (its key and values), generously. */
    static final long COUNTER_BYTES = 256;

    private TransactWrites() {
    }

    /** An item whose condition failed, with the stored item (may be empty if the service returned none). */
    record Failed(int index, Map<String, AttributeValue> stored) {
    }

    /**
     * Writes one chunk (≤ 100 items, each on a distinct key); returns the items whose condition
     * failed (their index in {@code items}); everything else is written when this returns.
     */
    static List<Failed> write(DynamoDbClient dynamo, List<TransactWriteItem> items) {
        List<Failed> failed = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS) {
                throw new UnprocessedItemsException(pending.size() + " transactional writes still cancelled after " + Retry.MAX_ATTEMPTS + " attempts");
            }
            Retry.backoff(attempt);
            List<TransactWriteItem> request = pending.stream().map(items::get).toList();
            try {
                dynamo.transactWriteItems(b -> b.transactItems(request));
                return failed;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != pending.size()) {
                    throw e;
                }
                List<Integer> retry = new ArrayList<>();
                for (int i = 0; i < reasons.size(); i++) {
                    String code = reasons.get(i).code();
                    if ("ConditionalCheckFailed".equals(code)) {
                        failed.add(new Failed(pending.get(i), reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of()));
                    } else if (code == null || "None".equals(code) || "TransactionConflict".equals(code)
                            || "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code)) {
                        retry.add(pending.get(i));
                    } else {
                        throw e;
                    }
                }
                pending = retry;
            }
        }
        return failed;
    }

    /**
     * Writes groups of items, each group all or nothing and independently of the others, packed
     * into transactions of up to 100 items and {@link #MAX_BYTES} that run side by side. A group with an item whose
     * condition failed is left out and reported; the rest of its transaction is resubmitted.
     *
     * @return group index → index within that group of the item whose condition failed
     */
    static Map<Integer, Integer> writeGroups(DynamoDbClient dynamo, List<List<TransactWriteItem>> groups) {
        List<List<Integer>> packs = pack(groups);
        Map<Integer, Integer> failed = new java.util.concurrent.ConcurrentHashMap<>();
        Parallel.map(packs, p -> {
            writePack(dynamo, groups, p, failed);
            return null;
        });
        return failed;
    }

    /** Groups packed in order into transactions under both limits: {@link #LIMIT} items and {@link #MAX_BYTES}. */
    static List<List<Integer>> pack(List<List<TransactWriteItem>> groups) {
        List<List<Integer>> packs = new ArrayList<>();
        List<Integer> pack = new ArrayList<>();
        int size = 0;
        long bytes = 0;
        for (int g = 0; g < groups.size(); g++) {
            int n = groups.get(g).size();
            long b = groups.get(g).stream().mapToLong(ItemSizes::of).sum();
            if (n > LIMIT || b > MAX_BYTES) {
                throw new IllegalArgumentException("a group of " + n + " items (" + b + " bytes) does not fit one transaction");
            }
            if (size + n > LIMIT || bytes + b > MAX_BYTES) {
                packs.add(pack);
                pack = new ArrayList<>();
                size = 0;
                bytes = 0;
            }
            pack.add(g);
            size += n;
            bytes += b;
        }
        if (!pack.isEmpty()) {
            packs.add(pack);
        }
        return packs;
    }

    private static void writePack(DynamoDbClient dynamo, List<List<TransactWriteItem>> groups, List<Integer> pack, Map<Integer, Integer> failed) {
        List<Integer> pending = new ArrayList<>(pack);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > Retry.MAX_ATTEMPTS) {
                throw new UnprocessedItemsException(pending.size() + " groups of transactional writes still cancelled after " + Retry.MAX_ATTEMPTS + " attempts");
            }
            Retry.backoff(attempt);
            List<TransactWriteItem> request = new ArrayList<>();
            pending.forEach(g -> request.addAll(groups.get(g)));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(request));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != request.size()) {
                    throw e;
                }
                List<Integer> retry = new ArrayList<>();
                int at = 0;
                for (int g : pending) {
                    int n = groups.get(g).size();
                    Integer conditionFailed = null;
                    for (int i = 0; i < n; i++) {
                        String code = reasons.get(at + i).code();
                        if ("ConditionalCheckFailed".equals(code)) {
                            if (conditionFailed == null) {
                                conditionFailed = i;
                            }
                        } else if (!(code == null || "None".equals(code) || "TransactionConflict".equals(code)
                                || "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code))) {
                            throw e;
                        }
                    }
                    at += n;
                    if (conditionFailed != null) {
                        failed.put(g, conditionFailed);
                    } else {
                        retry.add(g);
                    }
                }
                pending = retry;
            }
        }
    }
}
