package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.store.ImportRecord;
import dev.custcode.store.ImportStore;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One import delivered more than once, on the in-memory stores and a clock the test moves: the
 * lease decides who runs it, a duplicate waits or leaves, a dead run's lease runs out.
 */
class IngestServiceLeaseTest {
    private static final IngestSettings SETTINGS = new IngestSettings(10, Duration.ofMinutes(2), dev.custcode.csv.CsvLimits.DEFAULT);
    private final IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
    private final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(), clock, SETTINGS);
    private final IncomingObject object;

    IngestServiceLeaseTest() {
        StringBuilder csv = new StringBuilder("客户编号,客户名称,省份,累计金额\n");
        for (int i = 0; i < 25; i++) {
            csv.append("L").append(i).append(",客户").append(i).append("有限公司,北京,").append(i * 1000).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        object = new IncomingObject("b", "incoming/lease.csv", null, stores.objects.put("incoming/lease.csv", bytes), bytes.length);
    }

    /** code → version: what a second run would change. */
    private Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        stores.customers.all().forEach(c -> out.put(c.code(), c.version()));
        return out;
    }

    /** Another invocation takes the import (and is then killed: it never releases it). */
    private void heldByAnotherInvocation() {
        ImportRecord start = new ImportRecord(object.importId(), object.bucket(), object.key(), ImportId.normalizeETag(object.eTag()),
                ImportStatus.RUNNING, clock.instant().toString(), null, 0, 0, 0, null);
        assertThat(stores.imports.claim(start, object, clock.instant(), clock.instant().plus(SETTINGS.lease())))
                .isInstanceOf(ImportStore.Claim.Started.class);
    }

    @Test
    void aDuplicateDeliveryOfAFinishedImportAnswersItsOutcomeAndWritesNothing() {
        ImportReport first = ingest.ingest(object);
        Map<String, Long> written = versions();

        ImportReport again = ingest.ingest(object);

        assertThat(again.importId()).isEqualTo(first.importId());
        assertThat(again.status()).isEqualTo(ImportStatus.COMPLETED).isEqualTo(first.status());
        assertThat(again).as("the report the run wrote").isEqualTo(first);
        assertThat(again.counts().accepted()).isEqualTo(25);
        assertThat(versions()).hasSize(25).isEqualTo(written);
        assertThat(stores.imports.attempts.get(object.importId())).as("no second run").isEqualTo(1);
    }

    @Test
    void aDeliveryThatFindsTheImportHeldPastItsOwnDeadlineGivesUpForARetryAndWritesNothing() {
        heldByAnotherInvocation();

        assertThatThrownBy(() -> ingest.ingest(object, clock.instant().plusMillis(500)))
                .isInstanceOf(ImportInProgressException.class)
                .hasMessageContaining("lease until " + clock.instant().plus(SETTINGS.lease()));
        assertThat(stores.customers.all()).isEmpty();
    }

    @Test
    void whenTheHoldersLeaseRunsOutTheNextDeliveryRedoesTheImportOnce() {
        heldByAnotherInvocation();
        clock.now = clock.now.plus(SETTINGS.lease()).plusSeconds(1);

        ImportReport report = ingest.ingest(object, clock.instant().plusSeconds(60));

        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.recovery()).isEqualTo(new ImportReport.Recovery(true, 2, 0));
        assertThat(stores.customers.all()).hasSize(25).extracting(Customer::code).doesNotHaveDuplicates();
    }

    @Test
    void aRunThatFailsReleasesTheImportSoItsRetryStartsAtOnceAndNothingIsDoubled() {
        IngestService failing = new IngestService(new IngestStores(stores.objects, new IngestFanOutTest.Crashing(stores.customers, 3),
                stores.counters, stores.gapless, stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, SETTINGS);
        assertThatThrownBy(() -> failing.ingest(object)).hasMessageContaining("simulated crash");
        assertThat(stores.customers.all()).as("the first batch was written before the crash").hasSize(10);

        // No time passes: a lease still held would make this delivery give up at once.
        ImportReport report = ingest.ingest(object, clock.instant());

        assertThat(report.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(report.counts().accepted()).isEqualTo(25);
        assertThat(stores.customers.all()).hasSize(25).extracting(Customer::code).doesNotHaveDuplicates();
        long reserved = stores.counters.last.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reserved).as("the retry reused the numbers the failed run reserved").isEqualTo(25);
    }

    @Test
    void theLeaseOfAnImportNeverOutlastsItsInvocationSoTheRetryOfOneKilledAtItsTimeoutTakesItOverAtOnce() {
        java.time.Instant invocationEnd = clock.instant().plusSeconds(20);
        java.util.concurrent.atomic.AtomicReference<ImportStore.Claim> retryAfterTheKill = new java.util.concurrent.atomic.AtomicReference<>();
        dev.custcode.store.CustomerStore killedAfterItsFirstBatch = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.List<Rejected> write(java.util.List<dev.custcode.store.CustomerWrite> writes) {
                java.util.List<Rejected> out = super.write(writes);
                if (retryAfterTheKill.get() == null) {
                    // The invocation is killed at its timeout (it writes nothing more); Lambda's retry comes 5 s later.
                    clock.now = invocationEnd.plusSeconds(5);
                    ImportRecord start = new ImportRecord(object.importId(), object.bucket(), object.key(), ImportId.normalizeETag(object.eTag()),
                            ImportStatus.RUNNING, clock.instant().toString(), null, 0, 0, 0, null);
                    retryAfterTheKill.set(stores.imports.claim(start, object, clock.instant(), clock.instant().plus(SETTINGS.lease())));
                    throw new IllegalStateException("simulated kill: this invocation no longer exists");
                }
                return out;
            }
        };
        IngestService killed = new IngestService(new IngestStores(stores.objects, killedAfterItsFirstBatch, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, SETTINGS);

        assertThatThrownBy(() -> killed.ingest(object, invocationEnd.minusSeconds(10), invocationEnd)).hasMessageContaining("simulated kill");

        assertThat(retryAfterTheKill.get()).as("the retry 5 s after the timeout, not after the 2-minute lease")
                .isInstanceOfSatisfying(ImportStore.Claim.Started.class, started -> assertThat(started.resumed()).isTrue());
    }

    @Test
    void aReDropRedoneAfterItsRunDiedCountsTheRowsThatRunWroteUnchangedAsTheyWere() {
        assertThat(ingest.ingest(object).counts().created()).isEqualTo(25);
        clock.now = clock.now.plus(Duration.ofHours(1));
        byte[] bytes = stores.objects.content.get(object.key());
        IncomingObject again = new IncomingObject("b", "incoming/lease-again.csv", null, stores.objects.put("incoming/lease-again.csv", bytes), bytes.length);
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        dev.custcode.store.CustomerStore diesAfterItsFirstBatch = new dev.custcode.testing.DelegatingCustomerStore(stores.customers) {
            @Override
            public java.util.List<Rejected> write(java.util.List<dev.custcode.store.CustomerWrite> writes) {
                java.util.List<Rejected> out = super.write(writes);
                if (!killed.getAndSet(true)) {
                    throw new IllegalStateException("simulated kill after the first batch's writes");
                }
                return out;
            }
        };
        IngestService dying = new IngestService(new IngestStores(stores.objects, diesAfterItsFirstBatch, stores.counters, stores.gapless,
                stores.imports, stores.history, stores.folders), SchemeSource.builtIn(), clock, SETTINGS);
        assertThatThrownBy(() -> dying.ingest(again)).hasMessageContaining("simulated kill");
        assertThat(stores.customers.all()).filteredOn(c -> again.importId().equals(c.lastImportId())).as("the first batch written").hasSize(10);

        clock.now = clock.now.plus(SETTINGS.lease()).plusSeconds(1);
        ImportReport redone = ingest.ingest(again);

        assertThat(redone.recovery()).isNotNull();
        assertThat(redone.counts().unchanged()).isEqualTo(25);
        assertThat(redone.counts().updated()).isZero();
    }
}
