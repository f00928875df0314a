package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custcode.customer.Customer;
import dev.custcode.ingest.UndoService;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.TestContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The undo trigger on S3's event (events/undo-requested.json) over the in-memory stores. */
class UndoRequestedHandlerTest {
    private final SampleDrop drop = new SampleDrop();
    private final UndoRequestedHandler handler = new UndoRequestedHandler(new UndoService(drop.stores.ingestStores(), SchemeSource.builtIn(), SampleDrop.CLOCK));

    @Test
    void undoImportIdJsonRetiresWhatThatImportCreated() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        String importId = drop.stores.imports.records.keySet().iterator().next();

        String result = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/" + importId + ".json"),
                TestContext.of("UndoFunction", 120));

        assertThat(result).isEqualTo(importId + " UNDONE: " + SampleDrop.ROWS + " retired, 0 reverted");
        assertThat(drop.stores.customers.all()).hasSize(SampleDrop.ROWS).allMatch(Customer::retired);
    }

    @Test
    void aRequestNamedOtherwiseUndoesTheImportItsNameOrContentNames() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        String importId = drop.stores.imports.records.keySet().iterator().next();
        drop.stores.objects.put("undo/last-friday.json", ("{\"importId\": \"" + importId.toUpperCase() + "\"}").getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/last-friday.json"),
                TestContext.of("UndoFunction", 120));

        assertThat(result).isEqualTo(importId + " UNDONE: " + SampleDrop.ROWS + " retired, 0 reverted");
        assertThat(drop.stores.objects.read(UndoService.reportKey(importId))).isPresent();
    }

    @Test
    void aRequestThatNamesNoImportIsAnsweredWhereNoTriggerWatches() throws Exception {
        drop.stores.objects.put("undo/notes.json", "please undo yesterday's file".getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/notes.json"),
                TestContext.of("UndoFunction", 120));

        assertThat(result).startsWith("undo/notes.json REJECTED: undo/notes.json names no import: put undo/<importId>.json");
        JsonNode answer = new ObjectMapper().readTree(drop.stores.objects.read("imports/undo-requests/notes.json").orElseThrow());
        assertThat(answer.get("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.get("message").asText()).contains("{\"importId\": \"<importId>\"}");
        assertThat(drop.stores.customers.all()).isEmpty();
    }

    @Test
    void aLargeRequestIsReadOnlyAsFarAsItsStartAndOneDeletedBeforeItIsReadNamesNoImport() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        String importId = drop.stores.imports.records.keySet().iterator().next();
        String padding = " ".repeat(4 << 20);
        drop.stores.objects.put("undo/big.json", ("{\"importId\": \"" + importId + "\"}" + padding + "{\"importId\": \"" + "0".repeat(20) + "\"}")
                .getBytes(StandardCharsets.UTF_8));

        String big = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/big.json"),
                TestContext.of("UndoFunction", 120));
        String gone = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/gone.json"),
                TestContext.of("UndoFunction", 120));

        assertThat(big).as("the id 4 MiB further on is not read").isEqualTo(importId + " UNDONE: " + SampleDrop.ROWS + " retired, 0 reverted");
        assertThat(gone).startsWith("undo/gone.json REJECTED: undo/gone.json names no import");
    }
}
