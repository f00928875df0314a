package dev.custcode.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.csv.ChunkPlanner;
import dev.custcode.ingest.ImportStatus;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.UndoService;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.ImportPlan;
import dev.custcode.store.ImportRecord;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers of {@code GET /imports/{id}}, {@code GET /imports} (and {@code ?status=RUNNING}) and
 * {@code POST /uploads}, as the router writes them: every field and its absence pinned (openapi.yaml,
 * schema {@code Import}).
 */
class ImportAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String RUNNING = "0123456789abcdef0001";
    private static final String DONE = "0123456789abcdef0002";

    private final InMemoryStores stores = new InMemoryStores();
    private final ImportQueries imports = new LookupService(stores.ingestStores(), SchemeSource.builtIn(), Clock.fixed(NOW, ZoneOffset.UTC)).imports();

    ImportAnswersTest() {
        stores.imports.records.put(RUNNING, new ImportRecord(RUNNING, "data", "incoming/big.csv", "v1", ImportStatus.RUNNING,
                "2026-12-02T09:58:00Z", null, 0, 0, 0, null));
        stores.imports.leases.put(RUNNING, NOW.minusSeconds(30));
        stores.imports.savePlan(RUNNING, new ImportPlan("incoming/big.csv", "v1", "e", "UTF-8", 0, "valid UTF-8", ',', List.of("name"),
                "s", "2026-12-02", 1000, List.of(new ChunkPlanner.Chunk(0, 0, 500, 2, 10), new ChunkPlanner.Chunk(1, 500, 1000, 12, 10))));
        // Chunk 0 (10 rows, 500 bytes) is done; chunk 1 has read 4 of its 10 rows.
        var first = (dev.custcode.store.ImportPlan.ChunkClaim.Started) stores.imports.claimChunk(RUNNING, 0, NOW.minusSeconds(90), NOW.minusSeconds(30));
        stores.imports.finishChunk(RUNNING, 0, first.runId(), "{}", 500, new dev.custcode.store.RowCounts(9, 1));
        var second = (dev.custcode.store.ImportPlan.ChunkClaim.Started) stores.imports.claimChunk(RUNNING, 1, NOW.minusSeconds(90), NOW.minusSeconds(30));
        stores.imports.heartbeatChunk(RUNNING, 1, second.runId(), 4, new dev.custcode.store.RowCounts(3, 1), NOW.minusSeconds(30));
        stores.imports.records.put(DONE, new ImportRecord(DONE, "data", "incoming/small.csv", "v2", ImportStatus.COMPLETED,
                "2026-12-02T09:00:00Z", "2026-12-02T09:00:05Z", 4, 2, 1, "2 accepted, 1 rejected, 1 in conflict", "2026-12-02T09:30:00Z").withConflicts(1));
        stores.objects.put(IngestService.reportKey(DONE), """
                {"counts":{"rows":4,"accepted":2,"new":1,"updated":1,"unchanged":0,"rejected":1,"conflicts":1,"warnings":0,"duplicates":0,"moved":0,
                 "duplicateCandidates":0,"aFieldOfALaterVersion":7},"codes":[]}""".getBytes(StandardCharsets.UTF_8));
        stores.objects.put(UndoService.reportKey(DONE), "{\"status\":\"UNDONE\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode written(Object answer) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(answer));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String link(String key) {
        return "memory://test-bucket/" + key + "?ttl=900";
    }

    @Test
    void aRunningImportInChunksShowsItsProgressAndNoLinks() throws Exception {
        // Accepted and rejected so far: the finished chunk's, and the one being read's by its heartbeat.
        assertThat(written(imports.importStatus(RUNNING))).isEqualTo(json("""
                {'importId':'0123456789abcdef0001','status':'RUNNING','source':{'bucket':'data','key':'incoming/big.csv'},
                 'startedAt':'2026-12-02T09:58:00Z','finishedAt':null,
                 'progress':{'rowsRead':14,'chunks':{'done':1,'total':2},'bytes':{'done':700,'total':1000},'percent':70.0},
                 'accepted':12,'rejected':2,'conflicts':0,'message':null}"""));
    }

    @Test
    void aFinishedImportLinksItsFilesOnlyForAViewerOfEveryFolder() throws Exception {
        String base = """
                'importId':'0123456789abcdef0002','status':'COMPLETED','source':{'bucket':'data','key':'incoming/small.csv'},
                'startedAt':'2026-12-02T09:00:00Z','finishedAt':'2026-12-02T09:00:05Z','progress':{'rowsRead':4},
                'accepted':2,'rejected':1,'conflicts':1,'message':'2 accepted, 1 rejected, 1 in conflict','undoneAt':'2026-12-02T09:30:00Z',
                'counts':{'rows':4,'accepted':2,'new':1,'updated':1,'unchanged':0,'rejected':1,
                'conflicts':1,'warnings':0,'duplicates':0,'moved':0,'duplicateCandidates':0},
                'undo':{'status':'UNDONE'},'linksExpireAt':'2026-12-02T10:15:00Z',""";
        String p = "imports/" + DONE + "/";
        assertThat(written(imports.importStatus(DONE))).isEqualTo(json("{" + base + "'links':{'report':'" + link(p + "report.json")
                + "','rejected':'" + link(p + "rejected.csv") + "','conflicts':'" + link(p + "conflicts.csv") + "','warnings':'"
                + link(p + "warnings.csv") + "','duplicates':'" + link(p + "duplicates.csv") + "'}}"));
        Access.Viewer north = new Access.Viewer(List.of("north"), false);
        assertThat(written(imports.importStatus(DONE, north)))
                .isEqualTo(json("{" + base + "'links':{'report':'" + link(p + "report.json") + "'}}"));
    }

    @Test
    void theListNewestFirstAndTheUnfinishedWithTheirAge() throws Exception {
        assertThat(written(imports.recentImports("1", null, null))).isEqualTo(json("""
                {'items':[{'importId':'0123456789abcdef0001','status':'RUNNING','source':{'bucket':'data','key':'incoming/big.csv'},
                 'startedAt':'2026-12-02T09:58:00Z','finishedAt':null,
                 'progress':{'rowsRead':14,'chunks':{'done':1,'total':2},'bytes':{'done':700,'total':1000},'percent':70.0},
                 'accepted':12,'rejected':2,'conflicts':0,'message':null}],'next':'0123456789abcdef0001'}"""));
        assertThat(written(imports.recentImports(null, RUNNING, null)).path("items").findValuesAsText("importId")).containsExactly(DONE);
        assertThat(written(imports.recentImports(null, RUNNING, null)).at("/items/0/undoneAt").asText()).as("listed as undone")
                .isEqualTo("2026-12-02T09:30:00Z");

        assertThat(written(imports.recentImports(null, null, "RUNNING"))).isEqualTo(json("""
                {'items':[{'importId':'0123456789abcdef0001','status':'RUNNING','source':{'bucket':'data','key':'incoming/big.csv'},
                 'startedAt':'2026-12-02T09:58:00Z','finishedAt':null,
                 'progress':{'rowsRead':14,'chunks':{'done':1,'total':2},'bytes':{'done':700,'total':1000},'percent':70.0},
                 'accepted':12,'rejected':2,'conflicts':0,'message':null,
                 'ageSeconds':120,'lastSeenAlive':'2026-12-02T09:59:30Z','stalled':true,'redrives':0}],'next':null}"""));
    }

    @Test
    void anUploadIsAPresignedPutIntoIncoming() throws Exception {
        assertThat(written(imports.upload("{\"name\":\"客户.csv\"}", Access.Viewer.ALL))).isEqualTo(json("""
                {'key':'incoming/客户.csv','method':'PUT','url':'memory://upload/incoming/客户.csv','expiresAt':'2026-12-02T10:15:00Z'}"""));
    }

    @Test
    void anUploadMayEndCsvWrittenAnyWayButNothingElse() throws Exception {
        assertThat(written(imports.upload("{\"name\":\"客户列表(1).Csv\"}", Access.Viewer.ALL)).path("key").asText())
                .isEqualTo("incoming/客户列表(1).Csv");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imports.upload("{\"name\":\"客户.xlsx\"}", Access.Viewer.ALL))
                .isInstanceOf(ProblemException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imports.upload("{\"fileName\":\"x.csv\"}", Access.Viewer.ALL))
                .isInstanceOf(ProblemException.class).hasMessageContaining("as \"name\"");
    }

    @Test
    void aRunIsItsStoredReportWithALinkOnceDoneAndTheListLeavesOutTheMatrices() throws Exception {
        String done = "20261201T000000Z-schedule-0000000a";
        String running = "20261202T000000Z-request-0000000b";
        stores.objects.put("evaluations/" + done + "/report.json",
                "{\"runId\":\"%s\",\"status\":\"DONE\",\"matrix\":{\"tier\":{}}}".formatted(done).getBytes(StandardCharsets.UTF_8));
        stores.objects.put("evaluations/" + running + "/run.json",
                // As run.json was written before it left out what it does not have: a real run names no draft.
                "{\"runId\":\"%s\",\"status\":\"RUNNING\",\"draft\":null,\"lastError\":null}".formatted(running).getBytes(StandardCharsets.UTF_8));

        assertThat(written(imports.evaluation(done, Access.Viewer.ALL))).isEqualTo(json("{'runId':'" + done
                + "','status':'DONE','matrix':{'tier':{}},'links':{'movements':'" + link("evaluations/" + done + "/movements.csv")
                + "'},'linksExpireAt':'2026-12-02T10:15:00Z'}"));
        assertThat(written(imports.evaluation(running, Access.Viewer.ALL))).isEqualTo(json("{'runId':'" + running + "','status':'RUNNING'}"));
        assertThat(written(imports.evaluations("1", null))).isEqualTo(json("{'items':[{'runId':'" + running
                + "','status':'RUNNING'}],'next':'" + running + "'}"));
        assertThat(written(imports.evaluations("1", running))).isEqualTo(json("{'items':[{'runId':'" + done
                + "','status':'DONE'}],'next':null}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imports.evaluations("1", "garbage"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
    @Test
    void runsAreListedNewestFirstByTheInstantTheyStartedThenByRunIdThoughTheirIdsHoldSecondsOnly() throws Exception {
        // Five runs asked for in one second (their ids alike to the second), started in another order.
        java.util.Map<String, String> started = new java.util.LinkedHashMap<>();
        started.put("20261202T100000Z-request-aaaaaaaa", "2026-12-02T10:00:00.900Z");
        started.put("20261202T100000Z-scheme-00000000", "2026-12-02T10:00:00.500Z");
        started.put("20261202T100000Z-request-bbbbbbbb", "2026-12-02T10:00:00.500Z"); // the same instant: the greater run id first
        started.put("20261202T100000Z-request-ffffffff", "2026-12-02T10:00:00.100123Z");
        started.put("20261202T100000Z-schedule-00000000", "2026-12-02T10:00:00Z"); // as Instant.toString writes a whole second
        started.forEach((runId, at) -> stores.objects.put("evaluations/" + runId + (runId.endsWith("aaaaaaaa") ? "/report.json" : "/run.json"),
                "{\"runId\":\"%s\",\"status\":\"RUNNING\",\"startedAt\":\"%s\"}".formatted(runId, at).getBytes(StandardCharsets.UTF_8)));

        List<String> listed = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        String cursor = null;
        do {
            ImportQueries.EvaluationPage page = imports.evaluations("2", cursor);
            page.items().forEach(r -> listed.add(r.runId()));
            sizes.add(page.items().size());
            cursor = page.next();
        } while (cursor != null && sizes.size() < 10);
        assertThat(listed).containsExactlyElementsOf(started.keySet());
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(imports.evaluations("5", null).next()).as("a full last page has no next").isNull();
    }
}
