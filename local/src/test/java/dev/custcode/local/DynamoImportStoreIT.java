package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.aws.dynamodb.DynamoImportStore;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ImportStore.DuplicatePair;
import dev.custcode.testing.ImportStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * The DynamoDB adapter of the imports keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's ImportsTable per test.
 */
class DynamoImportStoreIT extends ImportStoreContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected ImportStore emptyStore() throws Exception {
        return new DynamoImportStore(local.dynamo, local.freshTable("ImportsTable"));
    }

    @Test
    void aPairWrittenAndDismissedBetweenTheReadAndTheWriteStaysDismissed() throws Exception {
        String table = local.freshTable("ImportsTable");
        DynamoImportStore other = new DynamoImportStore(local.dynamo, table);
        DuplicatePair ab = pair("NED000001", "SPO000002", "0123456789abcdef0123");
        DuplicatePair cd = pair("NED000003", "NED000004", "0123456789abcdef0123");
        DuplicatePair abByOther = pair("NED000001", "SPO000002", "another-import");
        AtomicInteger reads = new AtomicInteger();
        // Right after this store's read of the known pairs, another import finds a and b and a steward dismisses them.
        DynamoDbClient racing = new Watched(() -> {
            if (reads.getAndIncrement() == 0) {
                other.proposePairs(List.of(abByOther), java.util.Set.of());
                other.dismissPair(ab.id(), Instant.parse("2026-12-01T10:01:00Z"));
            }
        }, () -> { });

        assertThat(new DynamoImportStore(racing, table).proposePairs(List.of(ab, cd), java.util.Set.of())).containsExactly(cd);
        assertThat(reads).as("one read of the known pairs").hasValue(1);
        assertThat(other.pair(ab.id())).get().satisfies(p -> {
            assertThat(p.status()).isEqualTo(DuplicatePair.DISMISSED);
            assertThat(p.importId()).as("as the other import found it").isEqualTo("another-import");
        });
        assertThat(other.pair(cd.id())).contains(cd);
    }

    @Test
    void pairsOfCustomersTheRunCreatedAreWrittenWithoutAReadFirst() throws Exception {
        String table = local.freshTable("ImportsTable");
        DuplicatePair ab = pair("NED000001", "SPO000002", "0123456789abcdef0123");
        DuplicatePair cd = pair("NED000003", "NED000004", "0123456789abcdef0123");
        new DynamoImportStore(local.dynamo, table).proposePairs(List.of(ab), java.util.Set.of());
        AtomicInteger batchReads = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        DynamoDbClient counting = new Watched(batchReads::incrementAndGet, reads::incrementAndGet);

        assertThat(new DynamoImportStore(counting, table).proposePairs(List.of(ab, cd), java.util.Set.of("SPO000002", "NED000003")))
                .containsExactly(ab, cd);
        assertThat(batchReads).as("no pair looked for before its write").hasValue(0);
        assertThat(reads.get()).as("the one stored (a redo's) read at most once, when its write failed").isLessThanOrEqualTo(1);
        assertThat(new DynamoImportStore(local.dynamo, table).pair(cd.id())).contains(cd);
    }

    @Test
    void theListsOfCodesImportsKeptAsStringSetsAreStillRead() throws Exception {
        String table = local.freshTable("ImportsTable");
        String id = "0123456789abcdef0123";
        // As imports before packed lists wrote them: created on the batch item, touched in a set per part.
        local.dynamo.putItem(b -> b.tableName(table).item(java.util.Map.of("importId", AttributeValue.fromS(id),
                "item", AttributeValue.fromS("batch#000000"), "created", AttributeValue.fromSs(List.of("NED000001", "NED000002")))));
        local.dynamo.putItem(b -> b.tableName(table).item(java.util.Map.of("importId", AttributeValue.fromS(id),
                "item", AttributeValue.fromS("touched#000000"), "codes", AttributeValue.fromSs(List.of("WEL000007")))));
        DynamoImportStore store = new DynamoImportStore(local.dynamo, table);
        store.recordCreated(id, 1, List.of("SED000001"));
        store.recordTouched(id, "000001", List.of("EEA000003"));

        assertThat(store.created(id)).containsExactlyInAnyOrder("NED000001", "NED000002", "SED000001");
        assertThat(store.touched(id)).containsExactlyInAnyOrder("WEL000007", "EEA000003");
        assertThat(store.reservations(id, 0)).as("the batch item's blocks, none here").isEmpty();
    }

    private static ImportRecord record(String id, ImportStatus status, Instant at) {
        return new ImportRecord(id, "b", "incoming/" + id + ".csv", "0cc175b9c0f1b6a831c399e269772661", status,
                at.toString(), status == ImportStatus.RUNNING ? null : at.plusSeconds(5).toString(), 3, 3, 0, null);
    }

    private static String start(DynamoImportStore store, String id, Instant at) {
        var source = new dev.custcode.ingest.IncomingObject("b", "incoming/" + id + ".csv", null, "\"0cc\"", 100, at);
        return ((ImportStore.Claim.Started) store.claim(record(id, ImportStatus.RUNNING, at), source, at, at.plusSeconds(120))).runId();
    }

    private static List<String> inRunningIndex(String table) {
        return local.dynamo.scan(b -> b.tableName(table).indexName(DynamoImportStore.BY_RUNNING)).items().stream()
                .map(i -> i.get("importId").s()).toList();
    }

    @Test
    void onlyTheImportsRunningNowAreInTheIndexThatFindsThem() throws Exception {
        String table = local.freshTable("ImportsTable");
        DynamoImportStore store = new DynamoImportStore(local.dynamo, table);
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            String id = String.format("%020x", i + 1);
            String run = start(store, id, t0.plusSeconds(i));
            if (i != 3) {
                store.finish(record(id, i % 2 == 0 ? ImportStatus.COMPLETED : ImportStatus.PARTIAL,
                        t0.plusSeconds(i)), run);
            }
        }

        assertThat(inRunningIndex(table)).as("finished imports leave it: finding the running one reads one item, not five")
                .containsExactly(String.format("%020x", 4));
        assertThat(store.unfinished()).extracting(u -> u.record().importId()).containsExactly(String.format("%020x", 4));
        assertThat(store.recent(10, null).items()).as("every import is still listed").hasSize(5);
    }

    @Test
    void importsRecordedRunningBeforeTheIndexAreStillFound() throws Exception {
        String table = local.freshTable("ImportsTable");
        DynamoImportStore before = new DynamoImportStore(local.dynamo, table);
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        String legacy = String.format("%020x", 7);
        String finished = String.format("%020x", 8);
        start(before, legacy, t0);
        before.finish(record(finished, ImportStatus.COMPLETED, t0), start(before, finished, t0));
        // As an earlier version recorded a running import: without the index's key.
        local.dynamo.updateItem(b -> b.tableName(table).key(java.util.Map.of("importId", AttributeValue.fromS(legacy),
                "item", AttributeValue.fromS("import"))).updateExpression("REMOVE running"));
        assertThat(inRunningIndex(table)).isEmpty();

        DynamoImportStore now = new DynamoImportStore(local.dynamo, table);
        assertThat(now.unfinished()).extracting(u -> u.record().importId()).containsExactly(legacy);
        assertThat(inRunningIndex(table)).containsExactly(legacy);
        assertThat(new DynamoImportStore(local.dynamo, table).unfinished()).as("a later cold start, which reads the marker only")
                .extracting(u -> u.record().importId()).containsExactly(legacy);
    }

    /** DynamoDB Local as the pairs see it, with something run after each {@code BatchGetItem} and each {@code GetItem}. */
    private record Watched(Runnable afterBatchGet, Runnable afterGet) implements DynamoDbClient {
        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            return then(local.dynamo.batchGetItem(request), afterBatchGet);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            return local.dynamo.transactWriteItems(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return then(local.dynamo.getItem(request), afterGet);
        }

        private static <R> R then(R response, Runnable after) {
            after.run();
            return response;
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
