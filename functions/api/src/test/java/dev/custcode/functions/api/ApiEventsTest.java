package dev.custcode.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.api.ApiRouter;
import dev.custcode.api.LookupService;
import dev.custcode.export.ExportManifest;
import dev.custcode.ingest.ImportReport;
import dev.custcode.ingest.IncomingObject;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.InMemoryStores;
import dev.custcode.testing.TestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The API's events of {@code events/} (what {@code sam local invoke ApiFunction -e} sends) through the
 * handler, over the in-memory stores holding {@code events/customers-sample.csv} imported and exported.
 */
class ApiEventsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T09:35:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestContext CONTEXT = TestContext.of("ApiFunction", 30);

    private final InMemoryStores stores = new InMemoryStores();
    private final ImportReport sample;
    private final HttpApiHandler handler;

    ApiEventsTest() {
        byte[] csv = EventFixtures.bytes("customers-sample.csv");
        String eTag = stores.objects.put("incoming/customers-sample.csv", csv);
        sample = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", "incoming/customers-sample.csv", null, eTag, csv.length, CLOCK.instant()));
        stores.exporter(SchemeSource.builtIn(), CLOCK).export(ExportManifest.parse(stores.objects.content.get("manifests/" + sample.importId() + ".json")));
        handler = new HttpApiHandler(new ApiRouter(new LookupService(stores.ingestStores(), SchemeSource.builtIn(), CLOCK)));
    }

    private JsonNode answer(String fixture) throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, CONTEXT);
        assertThat(response.getStatusCode()).as(fixture + ": " + response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("application/json");
        return JSON.readTree(response.getBody());
    }

    @Test
    void aCustomerByItsCode() throws Exception {
        JsonNode c = answer("api-customer.json");

        assertThat(c.get("code").asText()).isEqualTo("NED000001");
        assertThat(c.get("name").asText()).isEqualTo("北京星河科技有限公司");
    }

    @Test
    void theGroupTreeCountsEveryCustomerOfTheSample() throws Exception {
        JsonNode tree = answer("api-groups.json");

        assertThat(tree.get("total").asLong()).isEqualTo(sample.counts().created()).isPositive();
    }

    @Test
    void theImportsListTheSamplesImport() throws Exception {
        JsonNode imports = answer("api-imports.json");

        assertThat(imports.get("items")).extracting(i -> i.get("importId").asText()).containsExactly(sample.importId());
    }

    @Test
    void theEvaluationsAreAnEmptyListBeforeAnyRun() throws Exception {
        JsonNode runs = answer("api-evaluations.json");

        assertThat(runs.get("items").isArray()).isTrue();
        assertThat(runs.get("items")).isEmpty();
    }

    @Test
    void aRowIsClassifiedWithoutBeingStored() throws Exception {
        int before = stores.customers.all().size();

        JsonNode classified = answer("api-classify.json");

        assertThat(classified.findValuesAsText("folder")).as(classified.toString()).singleElement().asString().startsWith("east/enterprise/");
        assertThat(stores.customers.all()).hasSize(before);
    }
}
