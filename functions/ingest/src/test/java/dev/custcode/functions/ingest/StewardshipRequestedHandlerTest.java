package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.customer.Customer;
import dev.custcode.stewardship.MergeService;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A steward's merge through the bucket (events/merge-requested.json) over the in-memory stores. */
class StewardshipRequestedHandlerTest {
    private final SampleDrop drop = new SampleDrop();
    private final StewardshipRequestedHandler handler = new StewardshipRequestedHandler(
            new MergeService(drop.stores.ingestStores(), SchemeSource.builtIn(), SampleDrop.CLOCK), drop.stores.objects);

    @Test
    void aMergeRequestMergesAndItsResultIsWrittenOutsideTheTriggerPrefix() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        List<String> codes = drop.stores.customers.all().stream().map(Customer::code).sorted().toList();
        String code = codes.get(0);
        String into = codes.get(1);
        drop.stores.objects.put("stewardship/merge/sample.json", ("{\"code\": \"" + code + "\", \"into\": \"" + into + "\"}").getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(EventLoader.loadS3Event("merge-requested.json"), TestContext.of("StewardshipFunction", 120));

        assertThat(result).isEqualTo("stewardship/merge/sample.json: MERGED");
        assertThat(drop.stores.objects.text("stewardship/results/sample.json")).contains("\"status\" : \"MERGED\"", code, into);
        Customer merged = drop.stores.customers.all().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
        assertThat(merged.retired()).isTrue();
        assertThat(merged.mergedInto()).isEqualTo(into);
    }

    @Test
    void aRequestThatIsNotJsonIsRefusedInItsResultAndNotRetried() {
        drop.stores.objects.put("stewardship/merge/sample.json", "code=NED000001".getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(EventLoader.loadS3Event("merge-requested.json"), TestContext.of("StewardshipFunction", 120));

        assertThat(result).isEqualTo("stewardship/merge/sample.json: REFUSED");
        assertThat(drop.stores.objects.text("stewardship/results/sample.json")).contains("the request is not JSON");
    }

    @Test
    void aRequestInAFolderIsCarriedOutAndAnsweredInTheSameFolderOfResults() throws Exception {
        java.nio.file.Path event = java.nio.file.Files.createTempFile("merge-in-folder", ".json");
        String json = new String(getClass().getClassLoader().getResourceAsStream("merge-requested.json").readAllBytes(), StandardCharsets.UTF_8);
        java.nio.file.Files.writeString(event, json.replace("stewardship/merge/sample.json", "stewardship/merge/team-a/sample.json"));
        drop.stores.objects.put("stewardship/merge/team-a/sample.json", "{\"code\": \"NOSUCH000001\", \"into\": \"NOSUCH000002\"}"
                .getBytes(StandardCharsets.UTF_8));

        String result = handler.handleRequest(EventLoader.loadS3Event(event.toString()), TestContext.of("StewardshipFunction", 120));

        assertThat(result).isEqualTo("stewardship/merge/team-a/sample.json: REFUSED");
        assertThat(drop.stores.objects.text("stewardship/results/team-a/sample.json")).contains("no customer");
        java.nio.file.Files.delete(event);
    }

    @Test
    void anUnmergeRequestWithAMisspelledFieldIsRefusedAndUndoesNoMerge() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        List<String> codes = drop.stores.customers.all().stream().map(Customer::code).sorted().toList();
        drop.stores.objects.put("stewardship/merge/sample.json", ("{\"code\": \"" + codes.get(0) + "\", \"into\": \"" + codes.get(1) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        handler.handleRequest(EventLoader.loadS3Event("merge-requested.json"), TestContext.of("StewardshipFunction", 120));
        // "merge" for "merged": ignoring it would undo the survivor's latest merge, whichever that is.
        drop.stores.objects.put("stewardship/unmerge/sample.json", ("{\"code\": \"" + codes.get(1) + "\", \"merge\": \"" + codes.get(0) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        java.nio.file.Path event = unmergeEvent();

        String result = handler.handleRequest(EventLoader.loadS3Event(event.toString()), TestContext.of("StewardshipFunction", 120));

        assertThat(result).isEqualTo("stewardship/unmerge/sample.json: REFUSED");
        assertThat(drop.stores.objects.text("stewardship/results/sample.json")).contains("does not know, \\\"merge\\\"");
        Customer merged = drop.stores.customers.all().stream().filter(c -> c.code().equals(codes.get(0))).findFirst().orElseThrow();
        assertThat(merged.retired()).isTrue();
    }

    private java.nio.file.Path unmergeEvent() {
        try {
            java.nio.file.Path event = java.nio.file.Files.createTempFile("unmerge", ".json");
            event.toFile().deleteOnExit();
            String json = new String(getClass().getClassLoader().getResourceAsStream("merge-requested.json").readAllBytes(), StandardCharsets.UTF_8);
            java.nio.file.Files.writeString(event, json.replace("stewardship/merge/sample.json", "stewardship/unmerge/sample.json"));
            return event;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
