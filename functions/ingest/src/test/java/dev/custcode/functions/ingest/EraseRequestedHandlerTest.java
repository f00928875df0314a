package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.stewardship.EraseService;
import dev.custcode.testing.TestContext;
import org.junit.jupiter.api.Test;

/** An erasure on S3's event (events/erase-requested.json) over the in-memory stores. */
class EraseRequestedHandlerTest {
    private final SampleDrop drop = new SampleDrop();
    private final EraseRequestedHandler handler = new EraseRequestedHandler(
            new EraseService(drop.stores.ingestStores(), SchemeSource.builtIn(), SampleDrop.CLOCK));

    @Test
    void privacyEraseCodeJsonErasesThatCustomerAndAnyOtherKeyIsIgnored() {
        new CsvUploadedHandler(drop.ingest).handleRequest(EventLoader.loadS3Event("s3-put.json"), TestContext.of("IngestFunction", 120));
        Customer person = drop.stores.customers.all().stream().filter(c -> c.attributes().containsKey("phone")).findFirst().orElseThrow();

        String erased = handler.handleRequest(SampleDrop.s3Event("erase-requested.json", "privacy/erase/NED000001.json",
                "privacy/erase/" + person.code() + ".json"), TestContext.of("EraseFunction", 120));
        String ignored = handler.handleRequest(SampleDrop.s3Event("erase-requested.json", "privacy/erase/NED000001.json",
                "privacy/erase/notes.txt"), TestContext.of("EraseFunction", 120));

        assertThat(erased).startsWith(person.code() + " ERASED: ");
        Customer after = drop.stores.customers.all().stream().filter(c -> c.code().equals(person.code())).findFirst().orElseThrow();
        assertThat(after.erased()).isTrue();
        assertThat(after.attributes()).doesNotContainKey("phone");
        assertThat(drop.stores.objects.read("privacy/reports/" + person.code() + ".json")).isPresent();
        assertThat(ignored).isEqualTo("privacy/erase/notes.txt: not privacy/erase/<code>.json, ignored");
    }
}
