package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.store.FolderStore;
import dev.custcode.store.FolderStore.FolderRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FolderStore} does: registers the leaves an import changed with the instant and
 * the most recent imports (newest last, the last 20), and keeps the member count of the latest
 * export only, current until the next change: run against the in-memory fake and, in
 * {@code DynamoFolderStoreIT}, against {@code DynamoFolderStore} on DynamoDB Local.
 */
public abstract class FolderStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private FolderStore store;

    /** A store holding nothing, for one test. */
    protected abstract FolderStore emptyStore() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
    }

    private Map<String, FolderRecord> byFolder() {
        return store.all().stream().collect(Collectors.toMap(FolderRecord::folder, Function.identity()));
    }

    @Test
    void aTouchedLeafIsRegisteredWithItsLastChangeAndTheImportsThatChangedItNewestLast() {
        store.touch(List.of("east/a", "north/b"), "imp-1", T0);
        store.touch(List.of("east/a"), "imp-2", T0.plusSeconds(60));

        Map<String, FolderRecord> all = byFolder();
        assertThat(all).containsOnlyKeys("east/a", "north/b");
        assertThat(all.get("east/a").importIds()).containsExactly("imp-1", "imp-2");
        assertThat(Instant.parse(all.get("east/a").lastChange())).isEqualTo(T0.plusSeconds(60));
        assertThat(all.get("north/b").importIds()).containsExactly("imp-1");
        assertThat(all.get("north/b").count()).as("never counted").isNull();
        assertThat(all.get("north/b").currentCount()).isEmpty();
    }

    @Test
    void aLeafRemembersItsTwentyMostRecentImports() {
        IntStream.rangeClosed(1, 23).forEach(i -> store.touch(List.of("east/a"), "imp-" + i, T0.plusSeconds(i)));

        List<String> ids = byFolder().get("east/a").importIds();
        assertThat(ids).hasSize(20).startsWith("imp-4").endsWith("imp-23");
    }

    @Test
    void theCountOfTheLatestExportIsKeptAndIsCurrentUntilTheNextChange() {
        store.touch(List.of("east/a"), "imp-1", T0);
        store.recordCount("east/a", 7, T0.plusSeconds(10));
        store.recordCount("east/a", 5, T0.plusSeconds(5)); // an export that began earlier and ended later
        store.recordCount("west/z", 3, T0.plusSeconds(10)); // never touched: not registered by a count

        Map<String, FolderRecord> all = byFolder();
        assertThat(all).containsOnlyKeys("east/a");
        assertThat(all.get("east/a").count()).isEqualTo(7);
        assertThat(Instant.parse(all.get("east/a").countedAt())).isEqualTo(T0.plusSeconds(10));
        assertThat(all.get("east/a").currentCount()).contains(7L);

        store.touch(List.of("east/a"), "imp-2", T0.plusSeconds(20));
        assertThat(byFolder().get("east/a").currentCount()).as("changed after the count").isEmpty();
        assertThat(byFolder().get("east/a").count()).as("the count itself stays until an export records another").isEqualTo(7);
        store.recordCount("east/a", 8, T0.plusSeconds(30));
        assertThat(byFolder().get("east/a").currentCount()).contains(8L);
    }
}
