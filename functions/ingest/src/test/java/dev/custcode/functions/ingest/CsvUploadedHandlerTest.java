package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.customer.Customer;
import dev.custcode.store.ImportRecord;
import dev.custcode.testing.TestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upload trigger on S3's event (events/s3-put.json) over the in-memory stores. */
class CsvUploadedHandlerTest {
    private final SampleDrop drop = new SampleDrop();
    private final CsvUploadedHandler handler = new CsvUploadedHandler(drop.ingest);

    @Test
    void anUploadedFileIsImportedUnderItsUrlDecodedKeyAndItsUploadTimeOrdersIt() {
        S3Event event = EventLoader.loadS3Event("s3-put.json");

        String result = handler.handleRequest(event, TestContext.of("IngestFunction", 120));

        assertThat(drop.stores.imports.records).hasSize(1);
        ImportRecord record = drop.stores.imports.records.values().iterator().next();
        assertThat(result).startsWith(record.importId() + " COMPLETED");
        assertThat(record.key()).isEqualTo(SampleDrop.KEY);
        assertThat(drop.stores.customers.all()).hasSize(SampleDrop.ROWS).allSatisfy(c -> assertThat(c.code()).isNotBlank());
        // Every stored value carries the event's time as its upload stamp: a later upload's values win.
        String uploaded = String.format("%015d|%s|", java.time.Instant.parse("2026-11-23T09:30:00Z").toEpochMilli(), SampleDrop.KEY);
        assertThat(drop.stores.customers.all().stream().flatMap(c -> c.stamps().values().stream()).distinct().toList())
                .hasSize(SampleDrop.ROWS).allSatisfy(stamp -> assertThat(stamp).startsWith(uploaded));
    }

    @Test
    void aRedeliveredEventIsTheSameImportAndCreatesNothingMore() {
        S3Event event = EventLoader.loadS3Event("s3-put.json");
        String first = handler.handleRequest(event, TestContext.of("IngestFunction", 120));
        List<String> codes = drop.stores.customers.all().stream().map(Customer::code).sorted().toList();

        String second = handler.handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));

        assertThat(second.substring(0, second.indexOf(' '))).isEqualTo(first.substring(0, first.indexOf(' ')));
        assertThat(drop.stores.imports.records).hasSize(1);
        assertThat(drop.stores.customers.all().stream().map(Customer::code).sorted().toList()).isEqualTo(codes).hasSize(SampleDrop.ROWS);
    }
}
