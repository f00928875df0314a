package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.customer.Customer;
import dev.custcode.ingest.UndoService;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.TestContext;
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
    void anObjectThatNamesNoImportIsIgnored() {
        String result = handler.handleRequest(SampleDrop.s3Event("undo-requested.json", "undo/a17daf317368d89216e8.json", "undo/notes.txt"),
                TestContext.of("UndoFunction", 120));

        assertThat(result).isEqualTo("undo/notes.txt: not undo/<import id>.json, ignored");
    }
}
