package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A file of values by customer id (no names) dropped right after the file that creates those
 * customers, imported while that one still runs: its rows wait for it, then update the customers.
 */
class EarlierImportsTest {
    private static final IngestSettings SETTINGS = new IngestSettings(100, Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT);
    private final IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), clock, SETTINGS);

    private IncomingObject put(String key, String csv, Instant uploaded) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return new IncomingObject("b", key, null, stores.objects.put(key, bytes), bytes.length, uploaded);
    }

    /** The creating file's import, taken by another invocation that is still at work (its lease runs). */
    private IncomingObject runningElsewhere(Instant uploaded) {
        IncomingObject creating = put("incoming/create.csv", "客户编号,客户名称,城市,累计金额\nQ1,次序客户一,武汉,1000\nQ2,次序客户二,武汉,2000\n", uploaded);
        ImportRecord start = new ImportRecord(creating.importId(), creating.bucket(), creating.key(), ImportId.normalizeETag(creating.eTag()),
                ImportStatus.RUNNING, clock.instant().toString(), null, 0, 0, 0, null);
        assertThat(stores.imports.claim(start, creating, clock.instant(), clock.instant().plus(Duration.ofMinutes(5))))
                .isInstanceOf(ImportStore.Claim.Started.class);
        return creating;
    }

    /** The creating file's run does its work (here: the same rows, imported as another upload) and finishes. */
    private void finish(IncomingObject creating, Instant t) {
        IncomingObject sameRows = put("incoming/create-copy.csv", new String(stores.objects.content.get(creating.key()),
                StandardCharsets.UTF_8), t.minusSeconds(3));
        assertThat(ingest.ingest(sameRows).counts().created()).isEqualTo(2);
        ImportRecord r = stores.imports.records.get(creating.importId());
        stores.imports.finish(new ImportRecord(r.importId(), r.bucket(), r.key(), r.version(), ImportStatus.COMPLETED, r.startedAt(),
                clock.instant().toString(), 2, 2, 0, "done"), stores.imports.runs.get(creating.importId()));
    }

    private IncomingObject amounts(Instant uploaded) {
        return put("incoming/amounts.csv", "客户编号,累计金额\nQ1,900001\nQ2,900002\n", uploaded);
    }

    @Test
    void rowsMatchingNoCustomerWaitForTheEarlierUploadStillImportedAndThenUpdateItsCustomers() {
        Instant t = clock.instant();
        IncomingObject creating = runningElsewhere(t.minusSeconds(2));
        IncomingObject amounts = amounts(t.minusSeconds(1));
        AtomicInteger waits = new AtomicInteger();
        stores.imports.onHeartbeat = id -> {
            if (id.equals(amounts.importId()) && waits.getAndIncrement() == 0) {
                // While the amounts wait, the creating file's run does its work and finishes.
                finish(creating, t);
            }
        };

        ImportReport report = ingest.ingest(amounts);

        assertThat(waits.get()).as("the amounts' import waited").isPositive();
        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.counts().updated()).isEqualTo(2);
        assertThat(report.counts().rejected()).isZero();
        assertThat(stores.customers.all()).extracting(c -> c.attributes().get("amount")).containsExactlyInAnyOrder("900001", "900002");
        assertThat(stores.customers.all()).extracting(Customer::attributes).allMatch(a -> a.get("name").startsWith("次序客户"));
    }

    @Test
    void anEarlierUploadsImportThatFinishesBetweenTheLookupAndTheWaitHasItsCustomersUpdatedToo() {
        Instant t = clock.instant();
        IncomingObject creating = runningElsewhere(t.minusSeconds(2));
        IncomingObject amounts = amounts(t.minusSeconds(1));
        // The creating file's run does its work and finishes right after the amounts' rows were looked up (they matched
        // nobody then), before the amounts' import asks whether to wait: nothing is running by then.
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        dev.custcode.store.CustomerStore finishingAfterTheLookup = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.Map<String, Customer> resolve(java.util.Collection<String> keys) {
                java.util.Map<String, Customer> found = super.resolve(keys);
                if (found.isEmpty() && keys.contains("sid:Q1") && done.compareAndSet(false, true)) {
                    finish(creating, t);
                }
                return found;
            }
        };
        IngestService amountsIngest = new IngestService(new IngestStores(stores.objects, finishingAfterTheLookup, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, SETTINGS);

        ImportReport report = amountsIngest.ingest(amounts);

        assertThat(done.get()).as("the creating import finished after the lookup").isTrue();
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.counts().updated()).isEqualTo(2);
        assertThat(stores.customers.all()).extracting(c -> c.attributes().get("amount")).containsExactlyInAnyOrder("900001", "900002");
    }

    @Test
    void rowsStillMatchingNothingWhenTheWaitIsOverAreRejectedNamingTheImportTheyWaitedFor() {
        Instant t = clock.instant();
        IncomingObject creating = runningElsewhere(t.minusSeconds(2));
        IncomingObject amounts = amounts(t.minusSeconds(1));

        // An invocation with 2 s left waits 1 s at most (half of it).
        ImportReport report = ingest.ingest(amounts, Instant.MAX, t.plusSeconds(2));

        assertThat(report.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(report.counts().rejected()).isEqualTo(2);
        String rejected = new String(stores.objects.read(IngestService.rejectedKey(amounts.importId())).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(rejected).contains("required field name is empty (the row matches no existing customer)")
                .contains("import " + creating.importId() + " of incoming/create.csv, uploaded before this file, was still running")
                .contains("drop this file again once it has finished");
    }

    @Test
    void anImportOfALaterUploadOrOneWhoseLeaseRanOutIsNotWaitedFor() {
        Instant t = clock.instant();
        runningElsewhere(t.plusSeconds(5)); // uploaded after the amounts
        IncomingObject amounts = amounts(t.minusSeconds(1));
        AtomicInteger heartbeats = new AtomicInteger();
        stores.imports.onHeartbeat = id -> heartbeats.incrementAndGet();

        ImportReport report = ingest.ingest(amounts);

        assertThat(report.counts().rejected()).isEqualTo(2);
        assertThat(heartbeats.get()).as("one heartbeat, after the batch: no wait").isEqualTo(1);
        String rejected = new String(stores.objects.read(IngestService.rejectedKey(amounts.importId())).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(rejected).contains("matches no existing customer").doesNotContain("still running");
    }
}
