package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.ingest.Sweeper;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedules' handlers on their events (events/sweep-schedule.json, events/reevaluation-schedule.json) over the in-memory stores. */
class ScheduledHandlersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SampleDrop drop = new SampleDrop();

    ScheduledHandlersTest() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
    }

    @Test
    void theSweepFindsAFinishedImportNothingToDo() {
        SweepHandler handler = new SweepHandler(new Sweeper(drop.stores.imports, drop.stores.chunkQueue, drop.ingest, drop.stores.folders,
                drop.stores.objects, SampleDrop.CLOCK, Sweeper.Settings.DEFAULT));

        String result = handler.handleRequest(EventFixtures.load("sweep-schedule.json", ScheduledEvent.class, Map.of()),
                TestContext.of("SweepFunction", 60));

        assertThat(result).isEqualTo("re-driven []; given up as FAILED []; still running []; folders announced for export again 0");
        assertThat(drop.stores.redriven).isEmpty();
    }

    @Test
    void theDailyRunClassifiesEveryCustomerAsOfTheEventsDay() throws Exception {
        ScheduledReevaluationHandler handler = new ScheduledReevaluationHandler(
                new ReevaluationService(drop.stores.ingestStores(), SchemeSource.builtIn(), SampleDrop.CLOCK, 1), drop.stores.objects);

        String result = handler.handleRequest(EventFixtures.load("reevaluation-schedule.json", ScheduledEvent.class, Map.of()),
                TestContext.of("ReevaluateFunction", 900));

        String runId = result.split(" ")[0];
        assertThat(result).contains(" DONE: ").endsWith(" of " + SampleDrop.ROWS + " customers changed");
        JsonNode report = JSON.readTree(drop.stores.objects.text("evaluations/" + runId + "/report.json"));
        assertThat(report.get("asOf").asText()).as("the event's day (2026-12-01), not the clock's").isEqualTo("2026-12-01");
        assertThat(report.get("customers").asLong()).isEqualTo(SampleDrop.ROWS);
    }
}
