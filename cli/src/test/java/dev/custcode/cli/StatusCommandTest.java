package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code custcode status} says which imports were undone, in the list and for one import. */
class StatusCommandTest {
    private static final String ID = "0123456789abcdef0002";
    private static final String IMPORT = "{'importId':'" + ID + "','status':'COMPLETED','source':{'bucket':'data','key':'incoming/a.csv'},"
            + "'startedAt':'2026-12-02T09:00:00Z','finishedAt':'2026-12-02T09:00:05Z','progress':{'rowsRead':4},'accepted':3,'rejected':0,"
            + "'conflicts':1,'message':'3 accepted, 1 in conflict','undoneAt':'2026-12-02T09:30:00Z'}";
    private static final String ASKED_EARLY = "0123456789abcdef0003";
    private static final String UNDO_REFUSED = "{'importId':'" + ASKED_EARLY + "','status':'COMPLETED','source':{'bucket':'data','key':'incoming/b.csv'},"
            + "'counts':{'rows':1},'undo':{'status':'NOT_FINISHED','undoneAt':'2026-12-02T09:00:01Z','message':'import is still RUNNING'}}";
    private StubStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = new StubStack((method, path, body) ->
                StubStack.Answer.json((path.equals("/imports") ? "{'items':[" + IMPORT + "],'next':null}"
                        : path.endsWith(ASKED_EARLY) ? UNDO_REFUSED : IMPORT).replace('\'', '"')));
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void anUndoneImportIsListedAndShownAsUndone() {
        StubStack.Run list = stack.run("status");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(ID).contains("COMPLETED").contains("accepted 3, rejected 0, in conflict 1").contains("UNDONE 2026-12-02T09:30:00Z");
        assertThat(stack.run("status", ID).out()).contains("UNDONE at 2026-12-02T09:30:00Z");
    }

    @Test
    void anUndoAskedWhileTheImportRanDoesNotReadAsUndone() {
        String out = stack.run("status", ASKED_EARLY).out();
        assertThat(out).contains("NOT_FINISHED, nothing undone (import is still RUNNING)").doesNotContain("UNDONE").doesNotContain("undone     ");
    }

    @Test
    void anImportThatDidNotApplyEveryRowSaysWhatBecameOfThemInTheList() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(StatusCommand.outcomeLine(json.readTree("""
                {"status":"PARTIAL","message":"3 rows: 1 accepted (1 new, 0 updated, 0 unchanged), 0 rejected, 2 in conflict"}""")))
                .hasValueSatisfying(line -> assertThat(line).contains("2 in conflict"));
        assertThat(StatusCommand.outcomeLine(json.readTree("{\"status\":\"COMPLETED\",\"message\":\"3 rows: 3 accepted\"}"))).isEmpty();
    }
}
