package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.store.HistoryStore;
import dev.custcode.store.HistoryStore.Change;
import dev.custcode.store.HistoryStore.FieldChange;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HistoryStore} does with a customer's changes: kept newest first, one per code,
 * instant, import and line (recorded again, it replaces), found by import, erased: run against the
 * in-memory fake and, in {@code DynamoHistoryStoreIT}, against {@code DynamoHistoryStore} on DynamoDB Local.
 */
public abstract class HistoryStoreContract {
    private HistoryStore store;

    /** A store holding nothing, for one test. */
    protected abstract HistoryStore emptyStore() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
    }

    private static Change change(String code, String at, String importId, long line, List<FieldChange> fields, List<String> keys) {
        return new Change(code, at, importId, line, "updated", fields, "east/a", "east/b", keys, "import " + importId);
    }

    @Test
    void changesAreReadNewestFirstAPageAtATimeAndOneRecordedAgainReplacesIt() {
        Change first = change("C1", "2026-12-01T10:00:00Z", "imp-1", 2, List.of(new FieldChange("phone", null, "13800138000")), List.of("tel:8613800138000"));
        Change second = change("C1", "2026-12-01T11:00:00Z", "imp-2", 5, List.of(new FieldChange("amount", "1", "2")), List.of());
        Change other = change("C2", "2026-12-01T10:30:00Z", "imp-1", 3, List.of(new FieldChange("amount", null, "7")), List.of());
        store.record(List.of(first, second, other));
        Change redone = change("C1", "2026-12-01T11:00:00Z", "imp-2", 5, List.of(new FieldChange("amount", "1", "3")), List.of());
        store.record(List.of(redone));

        assertThat(store.all("C1")).containsExactly(redone, first);
        var page = store.of("C1", null, 1);
        assertThat(page.items()).containsExactly(redone);
        assertThat(store.of("C1", page.next(), 1).items()).containsExactly(first);
        assertThat(store.changedBy("imp-1", List.of("C1", "C2", "C3"))).containsOnlyKeys("C1", "C2");
    }

    @Test
    void anErasedCustomersHistoryGoesAndNoOneElses() {
        store.record(List.of(change("C1", "2026-12-01T10:00:00Z", "imp-1", 2, List.of(), List.of()),
                change("C1", "2026-12-01T11:00:00Z", "imp-2", 2, List.of(), List.of()),
                change("C2", "2026-12-01T10:00:00Z", "imp-1", 3, List.of(), List.of())));

        assertThat(store.erase("C1")).isEqualTo(2);
        assertThat(store.all("C1")).isEmpty();
        assertThat(store.all("C2")).hasSize(1);
        store.record(List.of(change("C1", "2026-12-01T12:00:00Z", "erase-C1", 0, List.of(), List.of())));
        assertThat(store.all("C1")).as("recorded after an erasure").hasSize(1);
    }
}
