package dev.custcode.aws.dynamodb;

import dev.custcode.identity.IdentityKind;
import dev.custcode.customer.CodeOrder;
import dev.custcode.customer.Customer;
import dev.custcode.identity.DuplicateRules;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.CustomerWrite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Customers in DynamoDB: each customer under {@code code:<code>}, and one claim item per identity
 * key pointing at its owner's code (see {@link CustomerItems}); an index by folder, each folder
 * spread over {@link CustomerItems#FOLDER_SHARDS} index keys so that no folder is capped at one
 * index partition's write rate, read back merged in code order. A lookup by
 * phone, email or tax id goes through that key's claim.
 *
 * <p>Why claims in the same table: every key, codes included, is then one item of one key space,
 * and a conditional put ({@code attribute_not_exists}) decides who owns it. Two imports racing on
 * one new customer cannot both create it; a code cannot be given twice, whatever a retry, a crash
 * or a scheme change between them does; an update made from a stale read fails on its version.
 */
public final class DynamoCustomerStore implements CustomerStore {
    public static final String BY_FOLDER = "byFolder";
    private static final int GET_LIMIT = BatchGets.LIMIT;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCustomerStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Map<String, Customer> resolve(Collection<String> keys) {
        Map<String, Map<String, AttributeValue>> items = getAll(keys);
        Map<String, String> ownerOf = new HashMap<>();
        Map<String, Customer> byCode = new HashMap<>();
        items.forEach((key, item) -> {
            if (CustomerItems.isClaim(item)) {
                ownerOf.put(key, CustomerItems.owner(item));
            } else {
                Customer c = CustomerItems.fromItem(item);
                byCode.put(c.code(), c);
                ownerOf.put(key, c.code());
            }
        });
        List<String> missing = ownerOf.values().stream().distinct().filter(code -> !byCode.containsKey(code))
                .map(IdentityKeys::codeKey).toList();
        getAll(missing).values().forEach(item -> {
            Customer c = CustomerItems.fromItem(item);
            byCode.put(c.code(), c);
        });
        Map<String, Customer> out = new HashMap<>();
        ownerOf.forEach((key, code) -> {
            Customer c = byCode.get(code);
            // A claim whose owner is gone, or a retired owner reached through another key, recognizes nobody.
            if (c != null && (!c.retired() || IdentityKind.CODE.owns(key))) {
                out.put(key, c);
            }
        });
        return out;
    }

    /** Block items live beside the customers: {@code blk:<hash>} with the string set {@code members}. */
    private static final String BLOCK = "blk:";

    @Override
    public Map<String, java.util.Set<String>> blockMembers(Collection<String> blocks) {
        Map<String, java.util.Set<String>> out = new HashMap<>();
        getAll(blocks.stream().map(b -> BLOCK + b).toList()).forEach((key, item) -> {
            AttributeValue members = item.get("members");
            if (members != null && members.hasSs()) {
                out.put(key.substring(BLOCK.length()), java.util.Set.copyOf(members.ss()));
            }
        });
        return out;
    }

    @Override
    public void storeBlocks(Map<String, java.util.Set<String>> membersByBlock) {
        // Whole items in batches of 25: one request per 25 blocks, where an ADD per block would be one each.
        List<WriteRequest> puts = membersByBlock.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> {
            Map<String, AttributeValue> item = new HashMap<>(CustomerItems.key(BLOCK + e.getKey()));
            item.put("members", AttributeValue.fromSs(List.copyOf(e.getValue())));
            return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
        }).toList();
        Parallel.map(Parallel.chunks(puts, 25), chunk -> {
            BatchWrites.write(dynamo, table, chunk);
            return null;
        });
    }

    @Override
    public Map<String, java.util.Set<String>> joinBlocks(Map<String, java.util.Set<String>> joining, Map<String, java.util.Set<String>> leaving) {
        // Each block an UpdateItem ADD (atomic: two imports joining one block both stay in it), a hundred to a
        // transaction (one request; UpdateItem one a block measured 2 requests a row and a third of the rate on
        // DynamoDB Local, DuplicateSearchBenchmark), then the blocks read back, consistently: of two imports
        // joining a block together, the one that reads back last sees the other's member. Entries under a
        // former signature are deleted first (one path cannot be ADDed and DELETEd in one request; rare).
        List<String> blocks = joining.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        Parallel.map(Parallel.chunks(blocks.stream().filter(b -> !leaving.getOrDefault(b, java.util.Set.of()).isEmpty()).toList(), 25), chunk -> {
            for (String b : chunk) {
                try {
                    dynamo.updateItem(u -> u.tableName(table).key(CustomerItems.key(BLOCK + b)).updateExpression("DELETE members :o")
                            .conditionExpression("attribute_exists(members)")
                            .expressionAttributeValues(Map.of(":o", AttributeValue.fromSs(List.copyOf(leaving.get(b))))));
                } catch (ConditionalCheckFailedException none) {
                    // No such block: nothing to take out.
                }
            }
            return null;
        });
        java.util.Set<String> full = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Parallel.map(Parallel.chunks(blocks, TransactWrites.LIMIT), chunk -> {
            List<TransactWriteItem> adds = chunk.stream().map(b -> TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(CustomerItems.key(BLOCK + b)).updateExpression("ADD members :m")
                    .conditionExpression("attribute_not_exists(members) OR size(members) < :cap")
                    .expressionAttributeValues(Map.of(":m", AttributeValue.fromSs(List.copyOf(joining.get(b))),
                            ":cap", AttributeValue.fromN(Integer.toString(BLOCK_CAP)))).build()).build()).toList();
            // A block at its cap (a name or domain too common to be evidence) is not joined; the others are.
            TransactWrites.write(dynamo, adds).forEach(f -> full.add(chunk.get(f.index())));
            return null;
        });
        return blockMembers(blocks.stream().filter(b -> !full.contains(b)).toList());
    }

    /**
     * The other columns: one item beside the customers, {@code cols:} with the string set {@code keys}
     * of {@code key<TAB>header} (normalized text has no tab), so that one {@code ADD} records any number.
     */
    private static final String COLUMNS = "cols:";

    @Override
    public java.util.Set<String> noteColumns(Map<String, String> headerByKey) {
        for (int attempt = 1; !headerByKey.isEmpty(); attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(CustomerItems.key(COLUMNS)).consistentRead(true)).item();
            AttributeValue keys = item == null ? null : item.get("keys");
            List<String> held = keys != null && keys.hasSs() ? keys.ss() : List.of();
            java.util.Set<String> heldKeys = new java.util.HashSet<>();
            held.forEach(e -> heldKeys.add(e.indexOf('\t') < 0 ? e : e.substring(0, e.indexOf('\t'))));
            List<String> fresh = headerByKey.entrySet().stream().filter(e -> !heldKeys.contains(e.getKey()))
                    .map(e -> e.getKey() + "\t" + e.getValue()).distinct().toList();
            int room = Math.max(0, Math.min(fresh.size(), MAX_COLUMNS - held.size()));
            java.util.Set<String> refused = new java.util.LinkedHashSet<>();
            fresh.subList(room, fresh.size()).forEach(e -> refused.add(e.substring(0, e.indexOf('\t'))));
            if (room == 0) {
                return refused;
            }
            List<String> noting = fresh.subList(0, room);
            try {
                // Only onto the set as read: two writers noting at once never take it past the bound.
                dynamo.updateItem(u -> u.tableName(table).key(CustomerItems.key(COLUMNS)).updateExpression("ADD #k :k")
                        .conditionExpression(held.isEmpty() ? "attribute_not_exists(#k)" : "size(#k) = :n")
                        .expressionAttributeNames(Map.of("#k", "keys"))
                        .expressionAttributeValues(held.isEmpty() ? Map.of(":k", AttributeValue.fromSs(noting))
                                : Map.of(":k", AttributeValue.fromSs(noting), ":n", AttributeValue.fromN(Integer.toString(held.size())))));
                return refused;
            } catch (ConditionalCheckFailedException another) {
                if (attempt >= 20) {
                    throw new IllegalStateException("the other columns kept changing while " + noting.size() + " were noted", another);
                }
            }
        }
        return java.util.Set.of();
    }

    @Override
    public java.util.SortedMap<String, String> columns() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(CustomerItems.key(COLUMNS)).consistentRead(true)).item();
        AttributeValue keys = item == null ? null : item.get("keys");
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        if (keys != null && keys.hasSs()) {
            new java.util.TreeSet<>(keys.ss()).forEach(e -> {
                int tab = e.indexOf('\t');
                out.putIfAbsent(tab < 0 ? e : e.substring(0, tab), tab < 0 ? e : e.substring(tab + 1));
            });
        }
        return out;
    }

    @Override
    public void leaveBlocks(String code, java.util.Set<String> blocks) {
        Parallel.map(List.copyOf(blocks), b -> {
            // Each block read first: a member is the code and a signature, which the erasure may not know (an older name's).
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(CustomerItems.key(BLOCK + b)).consistentRead(true)).item();
            AttributeValue members = item == null ? null : item.get("members");
            List<String> leaving = members == null || !members.hasSs() ? List.of()
                    : members.ss().stream().filter(m -> DuplicateRules.codeOf(m).equals(code)).toList();
            if (leaving.isEmpty()) {
                return null;
            }
            try {
                return dynamo.updateItem(u -> u.tableName(table).key(CustomerItems.key(BLOCK + b)).updateExpression("DELETE members :c")
                        .conditionExpression("attribute_exists(members)")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromSs(leaving))));
            } catch (ConditionalCheckFailedException none) {
                return null; // no such block: nothing to leave (and no empty item made)
            }
        });
    }

    private Map<String, Map<String, AttributeValue>> getAll(Collection<String> keys) {
        return getAll(keys, false);
    }

    /** Items by key, {@value #GET_LIMIT} keys to a request, the requests in parallel ({@code nested}: inside a task of {@link Parallel#map}). */
    private Map<String, Map<String, AttributeValue>> getAll(Collection<String> keys, boolean nested) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        if (distinct.isEmpty()) {
            return found;
        }
        List<List<String>> requests = Parallel.chunks(distinct, GET_LIMIT);
        for (List<Map<String, AttributeValue>> part : nested ? Parallel.mapNested(requests, this::batchGet) : Parallel.map(requests, this::batchGet)) {
            part.forEach(item -> found.put(item.get(CustomerItems.KEY).s(), item));
        }
        return found;
    }

    private List<Map<String, AttributeValue>> batchGet(List<String> keys) {
        return BatchGets.read(dynamo, table, keys.stream().map(CustomerItems::key).toList());
    }

    @Override
    public List<Rejected> write(List<CustomerWrite> writes) {
        List<List<TransactWriteItem>> all = writes.stream().map(this::items).toList();
        // A write that is one item — an update that claims and releases no key — needs no
        // transaction: a conditional PutItem does the same for half the write units.
        List<Integer> grouped = new ArrayList<>();
        List<Integer> single = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (all.get(i).size() == 1 ? single : grouped).add(i);
        }
        Map<Integer, Integer> failed = new java.util.concurrent.ConcurrentHashMap<>();
        TransactWrites.writeGroups(dynamo, grouped.stream().map(all::get).toList()).forEach((g, item) -> failed.put(grouped.get(g), item));
        Parallel.map(Parallel.chunks(single, 25), chunk -> {
            for (int i : chunk) {
                if (!putIfCondition(all.get(i).get(0).put())) {
                    failed.put(i, 0);
                }
            }
            return null;
        });
        List<Rejected> out = new ArrayList<>();
        new java.util.TreeMap<>(failed).forEach((g, item) -> {
            CustomerWrite w = writes.get(g);
            out.add(new Rejected(w, reason(w, item)));
        });
        return out;
    }

    /**
     * Why a write failed, from the index of its first failed item: a transfer's items are its two
     * customers then the keys it moves; any other write's are its customer then its new keys.
     */
    private static Reason reason(CustomerWrite w, int failedItem) {
        if (w instanceof CustomerWrite.Transfer) {
            return failedItem > 1 ? Reason.KEY_TAKEN : Reason.STALE;
        }
        if (failedItem > 0) {
            return Reason.KEY_TAKEN;
        }
        return w instanceof CustomerWrite.Create ? Reason.CODE_TAKEN : Reason.STALE;
    }

    /** A conditional PutItem of what a transaction would have put; false if its condition failed. */
    private boolean putIfCondition(Put put) {
        PutItemRequest.Builder request = PutItemRequest.builder().tableName(put.tableName()).item(put.item())
                .conditionExpression(put.conditionExpression());
        if (put.hasExpressionAttributeNames()) {
            request.expressionAttributeNames(put.expressionAttributeNames());
        }
        if (put.hasExpressionAttributeValues()) {
            request.expressionAttributeValues(put.expressionAttributeValues());
        }
        try {
            dynamo.putItem(request.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The customer item first, then its claims: the index of a failed item tells what failed. */
    private List<TransactWriteItem> items(CustomerWrite w) {
        if (w instanceof CustomerWrite.Transfer t) {
            return transfer(t);
        }
        Customer c = w.customer();
        List<TransactWriteItem> items = new ArrayList<>();
        Put.Builder put = Put.builder().tableName(table).item(CustomerItems.toItem(c));
        List<String> claims;
        List<String> released = List.of();
        if (w instanceof CustomerWrite.Update update) {
            put.conditionExpression("#v = :read")
                    .expressionAttributeNames(Map.of("#v", CustomerItems.VERSION))
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(update.read()))));
            claims = update.added();
            released = update.removed();
        } else {
            put.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", CustomerItems.KEY));
            claims = c.keys();
        }
        items.add(TransactWriteItem.builder().put(put.build()).build());
        for (String key : claims) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(CustomerItems.claim(key, c.code()))
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", CustomerItems.KEY)).build()).build());
        }
        for (String key : released) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(CustomerItems.key(key))
                    .conditionExpression("attribute_not_exists(#k) OR #o = :code")
                    .expressionAttributeNames(Map.of("#k", CustomerItems.KEY, "#o", CustomerItems.OWNER))
                    .expressionAttributeValues(Map.of(":code", AttributeValue.fromS(c.code()))).build()).build());
        }
        return items;
    }

    /** Both customers, each conditional on the version read, and each moved key's claim re-pointed if {@code from} still owns it. */
    private List<TransactWriteItem> transfer(CustomerWrite.Transfer t) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (var pair : List.of(Map.entry(t.to(), t.toRead()), Map.entry(t.from(), t.fromRead()))) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(CustomerItems.toItem(pair.getKey()))
                    .conditionExpression("#v = :read").expressionAttributeNames(Map.of("#v", CustomerItems.VERSION))
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(pair.getValue())))).build()).build());
        }
        for (String key : t.moved()) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(CustomerItems.claim(key, t.to().code()))
                    .conditionExpression("#o = :from").expressionAttributeNames(Map.of("#o", CustomerItems.OWNER))
                    .expressionAttributeValues(Map.of(":from", AttributeValue.fromS(t.from().code()))).build()).build());
        }
        return items;
    }

    @Override
    public Iterator<Customer> folderMembers(String folder, String afterCode) {
        return folderMembers(folder, afterCode, 8_000);
    }

    @Override
    public Iterator<Customer> folderMembers(String folder, String afterCode, int pageSize) {
        // Each shard holds one query page: the folder's share split among its shards.
        int perShard = Math.max(25, pageSize / CustomerItems.FOLDER_SHARDS);
        List<Iterator<Customer>> shards = new ArrayList<>();
        for (int shard = 0; shard < CustomerItems.FOLDER_SHARDS; shard++) {
            shards.add(shardMembers(CustomerItems.folderShard(folder, shard), afterCode, perShard));
        }
        return CodeOrder.merge(shards);
    }

    /**
     * One shard of a folder, in code order: its index entries a query page ({@code limit} keys) at a
     * time, the customers read from the table {@value #GET_LIMIT} at a time as they are consumed, the
     * next {@value #GET_LIMIT} read ahead meanwhile (so the first rows come after one read, and a
     * reader that stops for its deadline has not read thousands it will not use).
     */
    private Iterator<Customer> shardMembers(String shardKey, String afterCode, int limit) {
        return new Iterator<>() {
            private List<Map<String, AttributeValue>> entries = List.of();
            private int read;
            private Iterator<Customer> slice = List.<Customer>of().iterator();
            private java.util.concurrent.CompletableFuture<List<Customer>> ahead;
            private Map<String, AttributeValue> nextPage;
            private boolean first = true;

            @Override
            public boolean hasNext() {
                while (!slice.hasNext()) {
                    if (ahead != null) {
                        slice = Parallel.join(ahead).iterator();
                        ahead = null;
                    } else if (read < entries.size()) {
                        slice = members(shardKey, take()).iterator();
                    } else if (first || nextPage != null) {
                        QueryResponse r = dynamo.query(shardQuery(shardKey, afterCode).limit(limit).exclusiveStartKey(nextPage).build());
                        first = false;
                        nextPage = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                        entries = r.items();
                        read = 0;
                        continue;
                    } else {
                        return false;
                    }
                    if (read < entries.size()) {
                        List<Map<String, AttributeValue>> more = take();
                        ahead = Parallel.async(() -> members(shardKey, more));
                    }
                }
                return true;
            }

            /** The next {@value #GET_LIMIT} entries of the page not yet read. */
            private List<Map<String, AttributeValue>> take() {
                List<Map<String, AttributeValue>> some = entries.subList(read, Math.min(entries.size(), read + GET_LIMIT));
                read += some.size();
                return some;
            }

            @Override
            public Customer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return slice.next();
            }
        };
    }

    /**
     * Scans the table itself, strongly consistent, keeping the items with a folder shard (filed
     * customers: claims and retired customers have none). Not the {@code byFolder} index, though it
     * holds exactly those: it holds only part of each, and a customer re-filed during the scan
     * moves within the index and can be met twice; in the table its key never changes.
     */
    @Override
    public Iterator<Customer> scan(int segment, int segments) {
        return dynamo.scanPaginator(b -> b.tableName(table).segment(segment).totalSegments(segments).consistentRead(true)
                        .filterExpression("attribute_exists(#s)").expressionAttributeNames(Map.of("#s", CustomerItems.FOLDER_SHARD)))
                .items().stream().map(CustomerItems::fromItem).iterator();
    }

    /** Items of the table per scan segment (see {@link #scanSegments}). */
    static final long ITEMS_PER_SEGMENT = 25_000;
    /** Segments of one scan at most. */
    static final int MAX_SEGMENTS = 4_096;

    /**
     * One segment per {@value #ITEMS_PER_SEGMENT} items of the table (customers, claims and blocks;
     * {@code ItemCount}, which DynamoDB refreshes about every six hours), at least one per reader.
     * DynamoDB Local reads every item of a segment for each page it answers: a page of a 4-segment
     * scan of a million customers with their claims took 15.5 s, of a 64-segment scan of 500,000
     * items 0.1 s against 1.0 s with 4 (2026-12-03). DynamoDB answers a page in the same time
     * whatever the segment's size, so there more segments cost only a request each.
     */
    @Override
    public int scanSegments(int readers) {
        long items = dynamo.describeTable(b -> b.tableName(table)).table().itemCount();
        long wanted = Math.min(MAX_SEGMENTS, (items + ITEMS_PER_SEGMENT - 1) / ITEMS_PER_SEGMENT);
        return (int) Math.max(readers, wanted);
    }

    @Override
    public long countFolder(String folder) {
        long count = 0;
        for (int shard = 0; shard < CustomerItems.FOLDER_SHARDS; shard++) {
            String shardKey = CustomerItems.folderShard(folder, shard);
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse r = dynamo.query(shardQuery(shardKey, null).select(Select.COUNT).exclusiveStartKey(start).build());
                count += r.count();
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return count;
    }

    @Override
    public Optional<Customer> findByCode(String code) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(CustomerItems.key(IdentityKeys.codeKey(code))).consistentRead(true)).item();
        return item == null || item.isEmpty() || CustomerItems.isClaim(item) ? Optional.empty() : Optional.of(CustomerItems.fromItem(item));
    }

    @Override
    public List<Customer> folderPage(String folder, String afterCode, int limit) {
        return folderPages(List.of(folder), afterCode, limit).get(0);
    }

    @Override
    public List<List<Customer>> folderPages(List<String> folders, String afterCode, int limit) {
        // Every shard of every folder queried side by side (a folder page of a parent with 15
        // leaves is 15 x FOLDER_SHARDS queries: one after the other they took ~0.8 s locally);
        // then each folder's shards merged, the first limit of the merge being its page.
        List<String> shardKeys = new ArrayList<>();
        for (String folder : folders) {
            for (int shard = 0; shard < CustomerItems.FOLDER_SHARDS; shard++) {
                shardKeys.add(CustomerItems.folderShard(folder, shard));
            }
        }
        List<List<Customer>> shardPages = Parallel.map(shardKeys, key -> shardPage(key, afterCode, limit));
        List<List<Customer>> out = new ArrayList<>(folders.size());
        for (int f = 0; f < folders.size(); f++) {
            List<Iterator<Customer>> shards = new ArrayList<>();
            for (int shard = 0; shard < CustomerItems.FOLDER_SHARDS; shard++) {
                shards.add(shardPages.get(f * CustomerItems.FOLDER_SHARDS + shard).iterator());
            }
            List<Customer> page = new ArrayList<>(limit);
            Iterator<Customer> merged = CodeOrder.merge(shards);
            while (merged.hasNext() && page.size() < limit) {
                page.add(merged.next());
            }
            out.add(page);
        }
        return out;
    }

    private List<Customer> shardPage(String shardKey, String afterCode, int limit) {
        List<Customer> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(shardQuery(shardKey, afterCode).limit(limit - out.size()).exclusiveStartKey(start).build());
            out.addAll(members(shardKey, r.items()));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    /**
     * The customers of index entries, read from the table (the index holds keys only, so that a
     * change to a customer that leaves it in its folder writes no index entry), in the entries'
     * order; one re-filed or retired since the index was read is left out of this shard.
     */
    private List<Customer> members(String shardKey, List<Map<String, AttributeValue>> entries) {
        List<String> keys = entries.stream().map(e -> e.get(CustomerItems.KEY).s()).toList();
        // Called from tasks of Parallel.map too (folderPages): the nested pool, never the outer one.
        Map<String, Map<String, AttributeValue>> found = getAll(keys, true);
        List<Customer> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            Map<String, AttributeValue> item = found.get(key);
            AttributeValue shard = item == null ? null : item.get(CustomerItems.FOLDER_SHARD);
            if (shard != null && shardKey.equals(shard.s())) {
                out.add(CustomerItems.fromItem(item));
            }
        }
        return out;
    }

    private QueryRequest.Builder shardQuery(String shardKey, String afterCode) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_FOLDER)
                .expressionAttributeNames(Map.of("#f", CustomerItems.FOLDER_SHARD));
        if (afterCode == null) {
            return q.keyConditionExpression("#f = :f").expressionAttributeValues(Map.of(":f", AttributeValue.fromS(shardKey)));
        }
        return q.keyConditionExpression("#f = :f AND code > :after")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromS(shardKey), ":after", AttributeValue.fromS(afterCode)));
    }
}
