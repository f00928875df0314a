package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.evaluate.ReevaluationService;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Draft schemes on S3's event (events/reevaluation-requested.json with a draft's key), over the in-memory stores. */
class ReevaluationRequestedHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SampleDrop drop = new SampleDrop();
    private final ReevaluationRequestedHandler handler = new ReevaluationRequestedHandler(
            new ReevaluationService(drop.stores.ingestStores(), SchemeSource.builtIn(), SampleDrop.CLOCK, 1), drop.stores.objects);

    private JsonNode preview(String encodedKey) throws Exception {
        String result = handler.handleRequest(SampleDrop.s3Event("reevaluation-requested.json", "config/reevaluate.json", encodedKey),
                TestContext.of("ReevaluateFunction", 120));
        String runId = result.split(" ")[0];
        return JSON.readTree(drop.stores.objects.text("evaluations/" + runId + "/report.json"));
    }

    @Test
    void aDraftNamedInAnotherScriptWithSpacesOrInAFolderIsPreviewedUnderItsName() throws Exception {
        // S3 encodes the key in its events: a space as '+', anything else outside ASCII letters and digits as %XX.
        drop.stores.objects.put("config/drafts/团队/my draft+1.json", SchemeLoader.defaultSchemeJson());

        JsonNode report = preview("config/drafts/%E5%9B%A2%E9%98%9F/my+draft%2B1.json");

        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo("DONE");
        assertThat(report.get("cause").asText()).isEqualTo("draft");
        assertThat(report.get("draft").asText()).isEqualTo("团队/my draft+1");
    }

    @Test
    void aDraftWithoutANameEndsRejectedWithAReportSayingWhy() throws Exception {
        drop.stores.objects.put("config/drafts/.json", SchemeLoader.defaultSchemeJson());

        JsonNode report = preview("config/drafts/.json");

        assertThat(report.get("status").asText()).isEqualTo("REJECTED");
        assertThat(report.get("message").asText()).contains("config/drafts/<name>.json");
    }

    @Test
    void aSchemeMadeActiveStartsARunAsEventsSchemeActivatedSays() {
        String result = handler.handleRequest(EventFixtures.load("scheme-activated.json",
                S3Event.class, Map.of()), TestContext.of("ReevaluateFunction", 120));

        assertThat(result).contains("DONE");
    }

    @Test
    void aContinuationOfARunNobodyStartedIsRejectedNotRetried() {
        String result = handler.handleRequest(EventFixtures.load("run-continued.json",
                S3Event.class, Map.of()), TestContext.of("ReevaluateFunction", 120));

        assertThat(result).contains("REJECTED").contains("no run 20261130T093000Z-request-0badc0de");
    }
}
