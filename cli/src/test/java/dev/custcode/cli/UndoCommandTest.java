package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An undo refused while its import ran is not "undone before": asked again, it is carried out. */
class UndoCommandTest {
    private static final String ID = "0123456789abcdef0123";
    private StubStack stack;
    private final AtomicInteger undoRequests = new AtomicInteger();
    private volatile String undo;
    /** Answers of GET /imports/{id} before the import finishes and its undo is carried out (0: it has finished). */
    private final AtomicInteger runningFor = new AtomicInteger();
    /** Answers of GET /imports/{id} while the undo works (its report says UNDOING), once asked. */
    private final AtomicInteger undoingFor = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        undo = "{\"status\":\"NOT_FINISHED\",\"undoneAt\":\"2026-12-04T10:00:00Z\",\"retired\":[],\"reverted\":[],\"keptChanged\":[]}";
        // One server for both: the API's GET /imports/{id}, and S3's PUT of undo/<id>.json (path style).
        stack = new StubStack((method, path, body) -> {
            if ("PUT".equals(method) && path.equals("/custcode-local/undo/" + ID + ".json")) {
                undoRequests.incrementAndGet();
                if (runningFor.get() > 0) {
                    undo = "{\"status\":\"NOT_FINISHED\",\"undoneAt\":\"2026-12-04T10:01:00Z\",\"retired\":[],\"reverted\":[],"
                            + "\"keptChanged\":[],\"message\":\"import is still RUNNING; it is undone when the import finishes\"}";
                    return new StubStack.Answer(200, null, java.util.Map.of("ETag", "\"e\""));
                }
                if (undoingFor.get() > 0) {
                    undo = "{\"status\":\"UNDOING\",\"undoneAt\":\"2026-12-04T10:02:00Z\",\"message\":\"being undone since"
                            + " 2026-12-04T10:02:00Z: 9600 customer(s) the import created or changed to look at\"}";
                    return new StubStack.Answer(200, null, java.util.Map.of("ETag", "\"e\""));
                }
                // The undo function carries it out now that the import has ended.
                undo = "{\"status\":\"UNDONE\",\"undoneAt\":\"2026-12-04T10:05:00Z\",\"retired\":[\"EEZ000001\",\"EEZ000002\"],"
                        + "\"reverted\":[],\"keptChanged\":[],\"retiredChangedSince\":{\"EEZ000002\":\"fedcba9876543210fedc\"}}";
                return new StubStack.Answer(200, null, java.util.Map.of("ETag", "\"e\""));
            }
            if (path.equals("/imports/" + ID)) {
                if (undo.contains("UNDOING") && undoingFor.decrementAndGet() == 0) {
                    undo = "{\"status\":\"UNDONE\",\"undoneAt\":\"2026-12-04T10:02:00Z\",\"retired\":[\"EEZ000001\"],"
                            + "\"reverted\":[],\"keptChanged\":[]}";
                }
                if (undo.contains("10:01:00Z") && runningFor.decrementAndGet() == 0) {
                    // The import finishes, and asks for its undo again, which is carried out.
                    undo = "{\"status\":\"UNDONE\",\"undoneAt\":\"2026-12-04T10:05:00Z\",\"retired\":[\"EEZ000001\"],"
                            + "\"reverted\":[],\"keptChanged\":[]}";
                }
                return StubStack.Answer.json("{\"importId\":\"" + ID + "\",\"status\":\"COMPLETED\",\"undo\":" + undo + "}");
            }
            return new StubStack.Answer(404, null, java.util.Map.of());
        });
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void anUndoRefusedWhileTheImportRanIsAskedAgainAndWaitedFor() {
        StubStack.Run run = stack.run("--s3-endpoint", stack.url(), "--poll", "50", "--timeout", "20", "undo", ID);
        assertThat(run.out()).doesNotContain("undone before").contains("asked to undo " + ID).contains("UNDONE")
                .contains("2 customers retired").contains("EEZ000002, which it created, was updated since by import fedcba9876543210fedc:"
                        + " retired all the same, and what that import set went with it");
        assertThat(undoRequests).hasValue(1);
        assertThat(run.exit()).isZero();
    }

    @Test
    void anUndoAskedWhileTheImportRunsIsWaitedForUntilTheImportFinishesAndCarriesItOut() {
        undo = "null";
        runningFor.set(3);
        StubStack.Run run = stack.run("--s3-endpoint", stack.url(), "--poll", "50", "--timeout", "20", "undo", ID);
        assertThat(run.out()).contains("it is undone when the import finishes; waiting").contains(ID + " UNDONE")
                .contains("1 customer retired").doesNotContain("NOT_FINISHED");
        assertThat(undoRequests).as("asked once: the import asks again").hasValue(1);
        assertThat(run.exit()).isZero();
    }

    @Test
    void anUndoUnderWayIsWaitedForAndSaidOnce() {
        undoingFor.set(4);
        StubStack.Run run = stack.run("--s3-endpoint", stack.url(), "--poll", "50", "--timeout", "20", "undo", ID);
        assertThat(run.out()).contains("9600 customer(s) the import created or changed to look at; waiting").contains(ID + " UNDONE at 2026-12-04T10:02:00Z")
                .contains("1 customer retired");
        assertThat(run.out().split("to look at", -1)).as("said once").hasSize(2);
        assertThat(run.exit()).isZero();
    }

    @Test
    void anUndoAlreadyUnderWayIsWaitedForToItsEndAndNotAskedAgain() {
        // Its end keeps the time it began: waited for by its status, not by a new time.
        undo = "{\"status\":\"UNDOING\",\"undoneAt\":\"2026-12-04T10:02:00Z\",\"message\":\"being undone since 2026-12-04T10:02:00Z\"}";
        undoingFor.set(3);
        StubStack.Run run = stack.run("--s3-endpoint", stack.url(), "--poll", "50", "--timeout", "20", "undo", ID);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(ID + " is already being undone since 2026-12-04T10:02:00Z; waiting").contains(ID + " UNDONE at 2026-12-04T10:02:00Z");
        assertThat(undoRequests).as("not asked again").hasValue(0);
    }
}
