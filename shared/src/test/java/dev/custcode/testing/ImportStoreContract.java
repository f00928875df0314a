package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.codes.CodeBlock;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ImportStore.BadCursorException;
import dev.custcode.store.ImportStore.Claim;
import dev.custcode.store.ImportStore.DuplicatePair;
import dev.custcode.store.LeaseLostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ImportStore} does with leases, reservations, the codes an import created and
 * changed, and duplicate pairs: run against the in-memory fake and, in {@code DynamoImportStoreIT},
 * against {@code DynamoImportStore} on DynamoDB Local.
 */
public abstract class ImportStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ID = "0123456789abcdef0123";
    private ImportStore store;

    /** A store holding nothing, for one test. */
    protected abstract ImportStore emptyStore() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
    }

    private static IncomingObject source() {
        return new IncomingObject("b", "incoming/a.csv", null, "\"0cc175b9c0f1b6a831c399e269772661\"", 100, T0);
    }

    private Claim claim(Instant now) {
        ImportRecord start = new ImportRecord(ID, "b", "incoming/a.csv", "0cc175b9c0f1b6a831c399e269772661", ImportStatus.RUNNING,
                now.toString(), null, 0, 0, 0, null);
        return store.claim(start, source(), now, now.plusSeconds(120));
    }

    @Test
    void anImportIsRunByOneLeaseHolderAtATimeAndTakenOverWhenTheLeaseRunsOut() {
        Claim first = claim(T0);
        assertThat(first).isInstanceOf(Claim.Started.class);
        assertThat(((Claim.Started) first).resumed()).isFalse();

        assertThat(claim(T0.plusSeconds(60))).isEqualTo(new Claim.Busy(T0.plusSeconds(120)));

        Claim second = claim(T0.plusSeconds(121));
        assertThat(second).isInstanceOf(Claim.Started.class);
        Claim.Started taken = (Claim.Started) second;
        assertThat(taken.resumed()).isTrue();
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.runId()).isNotEqualTo(((Claim.Started) first).runId());
        assertThat(taken.startedAt()).as("the import's start, not the takeover's").isEqualTo(T0.toString());
        assertThatThrownBy(() -> store.heartbeat(ID, ((Claim.Started) first).runId(), 10, dev.custcode.store.RowCounts.NONE, T0.plusSeconds(300)))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aHeartbeatRecordsTheRowsReadAcceptedAndRejectedSoFar() {
        Claim.Started run = (Claim.Started) claim(T0);
        store.heartbeat(ID, run.runId(), 10, new dev.custcode.store.RowCounts(8, 2), T0.plusSeconds(60));
        ImportRecord running = store.find(ID).orElseThrow();
        assertThat(running.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(List.of(running.rowsRead(), running.accepted(), running.rejected())).containsExactly(10L, 8L, 2L);
    }

    @Test
    void aFinishedImportIsNotRunAgainAndAReleasedOneIsFreeAtOnce() {
        Claim.Started run = (Claim.Started) claim(T0);
        store.release(ID, run.runId(), T0.plusSeconds(5));
        Claim.Started again = (Claim.Started) claim(T0.plusSeconds(6));

        ImportRecord done = new ImportRecord(ID, "b", "incoming/a.csv", "0cc175b9c0f1b6a831c399e269772661", ImportStatus.COMPLETED,
                T0.toString(), T0.plusSeconds(9).toString(), 4, 3, 0, "4 rows: 3 accepted, 1 in conflict").withConflicts(1);
        store.finish(done, again.runId());

        assertThat(store.find(ID)).contains(done);
        assertThat(claim(T0.plusSeconds(600))).isEqualTo(new Claim.AlreadyFinished(done));
    }

    @Test
    void anUndoneImportKeepsItsStatusAndIsListedWithWhenItWasUndone() {
        Claim.Started run = (Claim.Started) claim(T0);
        ImportRecord done = new ImportRecord(ID, "b", "incoming/a.csv", "0cc175b9c0f1b6a831c399e269772661", ImportStatus.PARTIAL,
                T0.toString(), T0.plusSeconds(9).toString(), 3, 2, 1, "2 rows").withConflicts(2);
        store.finish(done, run.runId());
        store.markUndone(ID, T0.plusSeconds(60));
        store.markUndone("ffffffffffffffffffff", T0.plusSeconds(60)); // unknown: nothing

        ImportRecord undone = done.undone(T0.plusSeconds(60).toString());
        assertThat(store.find(ID)).contains(undone);
        assertThat(store.recent(10, null).items()).containsExactly(undone);
        assertThat(store.find("ffffffffffffffffffff")).isEmpty();
    }

    @Test
    void importsOfOneStatusAreListedNewestFirstThroughShortPages() {
        List<String> partial = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = String.format("%020x", i + 1);
            Instant at = T0.plusSeconds(i * 10L);
            ImportRecord start = new ImportRecord(id, "b", "incoming/" + i + ".csv", "0cc175b9c0f1b6a831c399e269772661", ImportStatus.RUNNING,
                    at.toString(), null, 0, 0, 0, null);
            Claim.Started run = (Claim.Started) store.claim(start, source(), at, at.plusSeconds(120));
            ImportStatus status = i % 3 == 0 ? ImportStatus.PARTIAL : ImportStatus.COMPLETED;
            store.finish(new ImportRecord(id, "b", "incoming/" + i + ".csv", "0cc175b9c0f1b6a831c399e269772661", status,
                    at.toString(), at.plusSeconds(5).toString(), 3, 3, 0, "3 rows"), run.runId());
            if (status == ImportStatus.PARTIAL) {
                partial.add(0, id);
            }
        }

        List<String> listed = new java.util.ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            ImportStore.Page<ImportRecord> page = store.recent(2, cursor, ImportStatus.PARTIAL);
            page.items().forEach(r -> listed.add(r.importId()));
            assertThat(page.items()).allMatch(r -> r.status() == ImportStatus.PARTIAL).hasSizeLessThanOrEqualTo(2);
            cursor = page.next();
            if (cursor == null) {
                break;
            }
            // QA: ?status=FAILED&limit=2 answered an empty page with a next, there being four.
            assertThat(page.items()).as("a page with a next is full").hasSize(2);
        }

        assertThat(listed).as("every PARTIAL import, newest first").isEqualTo(partial).hasSize(3);
        assertThat(store.recent(10, null).items()).hasSize(7);
    }

    @Test
    void aCursorThisListingDidNotIssueIsRefused() {
        String base64Null = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("null".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String otherKind = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"importId\":\"0000000000000000000a\",\"item\":\"import\",\"kind\":\"other\",\"startedAt\":\"2026-01-01T00:00:00Z\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String madeUp = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"importId\":\"1\",\"item\":\"import\",\"kind\":\"import\",\"startedAt\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String cursor : List.of(base64Null, otherKind, madeUp, "%%%")) {
            assertThatThrownBy(() -> store.recent(2, cursor, null)).as(cursor).isInstanceOf(BadCursorException.class);
            assertThatThrownBy(() -> store.recent(2, cursor, ImportStatus.FAILED)).as(cursor).isInstanceOf(BadCursorException.class);
        }
    }

    @Test
    void aBatchsCodeBlocksAreRecordedOnceAndARetryIsGivenThem() {
        Map<String, CodeBlock> first = Map.of("NED", new CodeBlock("NED", 1, 100));

        assertThat(store.recordReservations(ID, 0, first)).isEqualTo(first);
        assertThat(store.recordReservations(ID, 0, Map.of("NED", new CodeBlock("NED", 101, 200)))).isEqualTo(first);
        assertThat(store.reservations(ID, 0)).isEqualTo(first);
        assertThat(store.reservations(ID, 1)).isEmpty();
    }

    @Test
    void theCodesAnImportCreatedAndChangedAreEveryBatchsRecordedAgainOrNot() {
        store.recordCreated(ID, 0, List.of("NED000001", "NED000002"));
        store.recordCreated(ID, 1, List.of("SED000001"));
        store.recordCreated(ID, 0, List.of("NED000001", "NED000002"));
        store.recordTouched(ID, "000000", List.of("WEL000007"));
        store.recordTouched(ID, "000001", List.of("WEL000007", "EEA000003"));
        store.recordTouched(ID, "000002", List.of());
        // A redo of a batch lists fewer (what its first run changed is unchanged now): nothing is taken away.
        store.recordCreated(ID, 1, List.of());
        store.recordTouched(ID, "000001", List.of("EEA000003"));
        store.recordTouched(ID, "000003", java.util.stream.IntStream.range(0, 2000).mapToObj(i -> String.format("NCD%06d", i * 7)).toList());

        assertThat(store.created(ID)).containsExactlyInAnyOrder("NED000001", "NED000002", "SED000001");
        assertThat(store.touched(ID)).hasSize(2002).contains("WEL000007", "EEA000003", "NCD000000", "NCD013993");
        assertThat(store.created("ffffffffffffffffffff")).isEmpty();
        assertThat(store.touched("ffffffffffffffffffff")).isEmpty();
    }

    protected static DuplicatePair pair(String a, String b, String importId) {
        return new DuplicatePair(DuplicatePair.id(a, b), a, b, 0.9, List.of("same phone"), importId, 7, T0.toString(), DuplicatePair.OPEN,
                "north/enterprise/tier-a", "south/personal/tier-c");
    }

    @Test
    void aPairIsProposedOnceAndADismissedOneIsNeverProposedAgain() {
        DuplicatePair ab = pair("NED000001", "SPO000002", ID);
        DuplicatePair cd = pair("NED000003", "NED000004", ID);

        assertThat(store.proposePairs(List.of(ab, cd), java.util.Set.of())).containsExactlyInAnyOrder(ab, cd);
        DuplicatePair foundAgain = pair("NED000001", "SPO000002", "another-import");
        assertThat(store.proposePairs(List.of(foundAgain), java.util.Set.of())).as("an open pair is reported by every import that finds it").containsExactly(foundAgain);
        assertThat(store.pair(ab.id())).as("and stays as first found").contains(ab);
        assertThat(store.dismissPair(ab.id(), T0.plusSeconds(60))).get().extracting(DuplicatePair::status).isEqualTo(DuplicatePair.DISMISSED);
        assertThat(store.proposePairs(List.of(ab), java.util.Set.of())).isEmpty();

        assertThat(store.openPairs(null, null, 10).items()).containsExactly(cd);
        assertThat(store.openPairs(null, null, 1).next()).as("a full last page has no next").isNull();
        assertThat(store.openPairs("south/personal", null, 10).items()).as("its other customer is filed there").containsExactly(cd);
        assertThat(store.openPairs("east", null, 10).items()).isEmpty();
        assertThat(store.forgetPairs("NED000001")).extracting(DuplicatePair::id).containsExactly(ab.id());
        assertThat(store.pair(ab.id())).isEmpty();
        assertThat(store.dismissPair("NED000008~NED000009", T0)).isEmpty();
    }

    @Test
    void anUndoneImportsOpenPairsAreWithdrawnAndItsDismissedOnesStay() {
        DuplicatePair ab = pair("NED000001", "SPO000002", ID);
        DuplicatePair cd = pair("NED000003", "NED000004", ID);
        DuplicatePair ef = pair("NED000005", "NED000006", "another-import");
        store.proposePairs(List.of(ab, cd, ef), java.util.Set.of());
        store.dismissPair(cd.id(), T0.plusSeconds(60));

        assertThat(store.withdrawPairs(ID)).extracting(DuplicatePair::id).containsExactly(ab.id());

        assertThat(store.pair(ab.id())).isEmpty();
        assertThat(store.pair(cd.id())).get().extracting(DuplicatePair::status).isEqualTo(DuplicatePair.DISMISSED);
        assertThat(store.openPairs(null, null, 10).items()).containsExactly(ef);
        assertThat(store.withdrawPairs(ID)).as("a retried undo").isEmpty();
        assertThat(store.proposePairs(List.of(ab), java.util.Set.of())).as("found again later: proposed again").containsExactly(ab);
    }

    @Test
    void pairsOfCustomersTheRunCreatedAreAnsweredAsAnyOther() {
        // A redo of a run: its first attempt recorded a~b and c~d, and a steward dismissed a~b since.
        DuplicatePair ab = pair("NED000001", "SPO000002", ID);
        DuplicatePair cd = pair("NED000003", "NED000004", ID);
        assertThat(store.proposePairs(List.of(ab, cd), java.util.Set.of())).containsExactly(ab, cd);
        assertThat(store.dismissPair(ab.id(), T0.plusSeconds(60))).isPresent();

        DuplicatePair ef = pair("NED000005", "SPO000006", ID);
        assertThat(store.proposePairs(List.of(ab, cd, ef), java.util.Set.of("NED000001", "NED000004", "NED000005")))
                .as("the dismissed one left out, the known one reported again, the new one recorded").containsExactly(cd, ef);
        assertThat(store.pair(ab.id())).get().extracting(DuplicatePair::status).isEqualTo(DuplicatePair.DISMISSED);
        assertThat(store.pair(ef.id())).contains(ef);
    }

    @Test
    void manyPairsAtOnceAreEachRecordedOnceAndReportedUnlessDismissed() {
        // More than one request's worth (100), some known, one dismissed, one found twice in the list.
        List<DuplicatePair> first = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            first.add(pair(String.format("NED%06d", i), String.format("SPO%06d", i), ID));
        }
        assertThat(store.proposePairs(first, java.util.Set.of())).containsExactlyElementsOf(first);
        assertThat(store.dismissPair(first.get(7).id(), T0)).isPresent();

        List<DuplicatePair> second = new java.util.ArrayList<>();
        for (int i = 100; i < 350; i++) {
            second.add(pair(String.format("NED%06d", i), String.format("SPO%06d", i), "another-import"));
        }
        second.add(pair("NED000007", "SPO000007", "another-import"));
        second.add(second.get(200));
        assertThat(store.proposePairs(second, java.util.Set.of())).as("all but the dismissed one, the twice found one twice").hasSize(251)
                .doesNotContain(second.get(250)).endsWith(second.get(200));
        assertThat(store.pair(first.get(110).id())).as("a known pair stays as first found").contains(first.get(110));
        assertThat(store.pair(second.get(240).id())).contains(second.get(240));
        java.util.Set<String> open = new java.util.HashSet<>();
        String cursor = null;
        do {
            var page = store.openPairs(null, cursor, 100);
            page.items().forEach(p -> open.add(p.id()));
            cursor = page.next();
        } while (cursor != null);
        assertThat(open).hasSize(349).doesNotContain(first.get(7).id());
        var whole = store.openPairs(null, null, 500);
        assertThat(whole.items()).hasSize(349);
        assertThat(whole.next()).as("350 stored pairs, one read of up to 500: no next page").isNull();
    }

    @Test
    void aReadOfOpenPairsIsBoundedThoughManyAreDismissedAndItsNextsReachEveryOpenOneOnce() {
        List<DuplicatePair> all = new java.util.ArrayList<>();
        for (int i = 0; i < 253; i++) {
            all.add(pair(String.format("NED%06d", i), String.format("SPO%06d", i), ID));
        }
        store.proposePairs(all, java.util.Set.of());
        all.subList(0, 250).forEach(p -> store.dismissPair(p.id(), T0));

        var first = store.openPairs(null, null, 2);
        assertThat(first.items()).as("100 stored pairs read, all dismissed").isEmpty();
        assertThat(first.next()).as("the last pair read").isEqualTo(all.get(99).id());
        List<String> open = new java.util.ArrayList<>();
        int reads = 0;
        String cursor = null;
        do {
            var page = store.openPairs(null, cursor, 2);
            page.items().forEach(p -> open.add(p.id()));
            cursor = page.next();
            reads++;
        } while (cursor != null && reads < 10);
        assertThat(open).containsExactly(all.get(250).id(), all.get(251).id(), all.get(252).id());
        assertThat(reads).as("three reads of 100, the third a full page of 2 with one open pair after it, then that one").isEqualTo(4);
    }

    @Test
    void theProgressOfAnImportInChunksCountsTheRowsOfChunksBeingReadByTheirHeartbeats() {
        dev.custcode.store.RowCounts none = dev.custcode.store.RowCounts.NONE;
        store.savePlan(ID, new dev.custcode.store.ImportPlan("incoming/a.csv", null, "e", "UTF-8", 0, "valid UTF-8", ',', List.of("name"),
                "s", "2026-12-01", 3000, List.of(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1000, 2, 100),
                new dev.custcode.csv.ChunkPlanner.Chunk(1, 1000, 2000, 102, 100), new dev.custcode.csv.ChunkPlanner.Chunk(2, 2000, 3000, 202, 100))));
        assertThat(store.progress(ID).orElseThrow()).isEqualTo(new dev.custcode.store.ImportPlan.Progress(0, 3, 0, 3000, 0, 0, none));

        var first = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0, T0.plusSeconds(60));
        var second = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 1, T0, T0.plusSeconds(60));
        store.heartbeatChunk(ID, 0, first.runId(), 50, new dev.custcode.store.RowCounts(48, 2), T0.plusSeconds(90));
        store.heartbeatChunk(ID, 1, second.runId(), 20, new dev.custcode.store.RowCounts(20, 0), T0.plusSeconds(90));
        dev.custcode.store.ImportPlan.Progress reading = store.progress(ID).orElseThrow();
        assertThat(reading).isEqualTo(new dev.custcode.store.ImportPlan.Progress(0, 3, 0, 3000, 700, 70, new dev.custcode.store.RowCounts(68, 2)));
        assertThat(reading.percent()).isEqualTo(23.3);

        // A finished chunk counts what it finished with, not its last heartbeat.
        store.finishChunk(ID, 0, first.runId(), "{}", 1000, new dev.custcode.store.RowCounts(97, 3));
        assertThat(store.progress(ID).orElseThrow())
                .isEqualTo(new dev.custcode.store.ImportPlan.Progress(1, 3, 1000, 3000, 1200, 120, new dev.custcode.store.RowCounts(117, 3)));
        assertThatThrownBy(() -> store.heartbeatChunk(ID, 1, first.runId(), 99, none, T0.plusSeconds(90))).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void theRowsReadOfAChunkNeverGoBackWhenARunThatDiedIsRedone() {
        store.savePlan(ID, new dev.custcode.store.ImportPlan("incoming/a.csv", null, "e", "UTF-8", 0, "valid UTF-8", ',', List.of("name"),
                "s", "2026-12-01", 1000, List.of(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1000, 2, 100))));
        var first = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0, T0.plusSeconds(60));
        store.heartbeatChunk(ID, 0, first.runId(), 60, new dev.custcode.store.RowCounts(60, 0), T0.plusSeconds(60));
        // It dies; its lease runs out and the redo reads the chunk from its first row again.
        var redo = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0.plusSeconds(61), T0.plusSeconds(120));
        assertThat(redo.resumed()).isTrue();
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(60);
        store.heartbeatChunk(ID, 0, redo.runId(), 10, new dev.custcode.store.RowCounts(10, 0), T0.plusSeconds(120));
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(60);
        store.heartbeatChunk(ID, 0, redo.runId(), 70, new dev.custcode.store.RowCounts(70, 0), T0.plusSeconds(120));
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(70);
        // The redo dies too: the most any run read stays.
        var third = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0.plusSeconds(121), T0.plusSeconds(180));
        store.heartbeatChunk(ID, 0, third.runId(), 5, new dev.custcode.store.RowCounts(5, 0), T0.plusSeconds(180));
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(70);
    }

    @Test
    void aPausedChunkIsClaimedAtOnceWithWhatItsPauseRecordedAndIsNotARecovery() {
        store.savePlan(ID, new dev.custcode.store.ImportPlan("incoming/a.csv", null, "e", "UTF-8", 0, "valid UTF-8", ',', List.of("name"),
                "s", "2026-12-01", 2000, List.of(new dev.custcode.csv.ChunkPlanner.Chunk(0, 0, 1000, 2, 100),
                new dev.custcode.csv.ChunkPlanner.Chunk(1, 1000, 2000, 102, 100))));
        var first = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0, T0.plusSeconds(60));
        assertThat(first).isEqualTo(new dev.custcode.store.ImportPlan.ChunkClaim.Started(first.runId(), false, 1, 0, null));

        store.pauseChunk(ID, 0, first.runId(), 50, "{\"rows\":50}", T0.plusSeconds(10));
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(50);
        assertThatThrownBy(() -> store.heartbeatChunk(ID, 0, "not-the-run", 60, dev.custcode.store.RowCounts.NONE, T0.plusSeconds(90))).isInstanceOf(LeaseLostException.class);

        // The pause let the chunk go: the continuation claims it at once, well before the first lease ran out.
        var next = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0.plusSeconds(10), T0.plusSeconds(70));
        assertThat(next).isEqualTo(new dev.custcode.store.ImportPlan.ChunkClaim.Started(next.runId(), false, 1, 50, "{\"rows\":50}"));
        assertThat(store.claimChunk(ID, 0, T0.plusSeconds(11), T0.plusSeconds(71))).isInstanceOf(dev.custcode.store.ImportPlan.ChunkClaim.Busy.class);
        assertThatThrownBy(() -> store.pauseChunk(ID, 0, first.runId(), 90, "{}", T0.plusSeconds(12))).isInstanceOf(LeaseLostException.class);

        // The continuation dies; the run after it is a recovery, from the pause's rows still.
        var redo = (dev.custcode.store.ImportPlan.ChunkClaim.Started) store.claimChunk(ID, 0, T0.plusSeconds(80), T0.plusSeconds(140));
        assertThat(redo).isEqualTo(new dev.custcode.store.ImportPlan.ChunkClaim.Started(redo.runId(), true, 2, 50, "{\"rows\":50}"));
        assertThat(store.progress(ID).orElseThrow().rowsRead()).isEqualTo(50);
        assertThat(store.finishChunk(ID, 0, redo.runId(), "{\"rows\":100}", 1000, dev.custcode.store.RowCounts.NONE)).isEqualTo(1);
        assertThat(store.claimChunk(ID, 0, T0.plusSeconds(200), T0.plusSeconds(260))).isInstanceOf(dev.custcode.store.ImportPlan.ChunkClaim.Done.class);
        assertThat(store.chunkResults(ID)).containsExactly("{\"rows\":100}");
    }
}
