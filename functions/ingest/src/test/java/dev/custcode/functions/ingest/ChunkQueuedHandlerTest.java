package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.testing.TestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunks queue's handler on SQS's event (events/chunk-queued.json) over the in-memory stores. */
class ChunkQueuedHandlerTest {
    private final SampleDrop drop = new SampleDrop();
    private final ChunkQueuedHandler handler = new ChunkQueuedHandler(drop.ingest);

    @Test
    void aSweepsRedriveImportsTheFileAsItsUploadWould() {
        SQSEvent event = EventLoader.loadSQSEvent("chunk-queued.json");

        SQSBatchResponse response = handler.handleRequest(event, TestContext.of("ChunkFunction", 120));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(drop.stores.imports.records).hasSize(1);
        assertThat(drop.stores.imports.records.values().iterator().next().key()).isEqualTo(SampleDrop.KEY);
        assertThat(drop.stores.customers.all()).hasSize(SampleDrop.ROWS);
    }

    @Test
    void onlyTheMessagesThatFailAreHandedBackAndTheOthersOfTheBatchAreDone() {
        SQSEvent event = EventLoader.loadSQSEvent("chunk-queued.json");
        List<SQSEvent.SQSMessage> messages = new ArrayList<>(event.getRecords());
        messages.add(message("not-json", "{\"importId\": "));
        messages.add(message("no-chunk", "{\"importId\": \"a17daf317368d89216e8\"}"));
        messages.add(message("unknown-import", "{\"importId\": \"0000000000000000dead\", \"chunk\": 3}"));
        event.setRecords(messages);

        SQSBatchResponse response = handler.handleRequest(event, TestContext.of("ChunkFunction", 120));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("not-json", "no-chunk", "unknown-import");
        assertThat(drop.stores.customers.all()).as("the redrive of the same batch was imported").hasSize(SampleDrop.ROWS);
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setEventSource("aws:sqs");
        return m;
    }
}
