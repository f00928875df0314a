package dev.custcode.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.EventFixtures;
import dev.custcode.testing.InMemoryStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The in-memory stores with {@code events/customers-sample.csv} in the bucket under the key
 * {@code events/s3-put.json} names, and the events of {@code events/} as the handlers receive them.
 */
final class SampleDrop {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T09:35:00Z"), ZoneOffset.UTC);
    /** The decoded key of events/s3-put.json ({@code incoming/%E5%AE%A2%E6%88%B7+sample.csv}). */
    static final String KEY = "incoming/客户 sample.csv";
    /** Rows of events/customers-sample.csv under its header. */
    static final int ROWS = 12;

    final InMemoryStores stores = new InMemoryStores();
    final IngestService ingest = stores.ingest(SchemeSource.builtIn(), CLOCK, IngestSettings.DEFAULT);

    SampleDrop() {
        stores.objects.put(KEY, EventFixtures.bytes("customers-sample.csv"));
    }

    /** An S3 event of events/ with its object's key replaced (the fixtures' keys are examples). */
    static S3Event s3Event(String fixture, String fixtureKey, String key) {
        return EventFixtures.load(fixture, S3Event.class, Map.of("\"key\": \"" + fixtureKey + "\"", "\"key\": \"" + key + "\""));
    }
}
