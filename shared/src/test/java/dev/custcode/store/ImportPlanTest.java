package dev.custcode.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.csv.ChunkPlanner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportPlanTest {
    /** A 3,000-byte file: a BOM and header of 130 bytes, two chunks of records, 20 bytes of blank lines after them. */
    private static final ImportPlan PLAN = new ImportPlan("incoming/a.csv", null, "e", "UTF-8", 3, "BOM", ',', List.of("name"), "s",
            "2026-12-01", 3000, List.of(new ChunkPlanner.Chunk(0, 130, 1530, 2, 100), new ChunkPlanner.Chunk(1, 1530, 2980, 102, 100)));

    @Test
    void theHeaderCountsAsReadFromTheStartAndAFinishedFileIsAllItsBytes() {
        ImportPlan.Progress none = ImportPlan.Progress.of(PLAN, Set.of(), Map.of());
        assertThat(none.bytesDone()).isEqualTo(130);
        assertThat(none.bytesSoFar()).isEqualTo(130);

        ImportPlan.Progress half = ImportPlan.Progress.of(PLAN, Set.of(0), Map.of(1, 50L));
        assertThat(half.bytesDone()).isEqualTo(130 + 1400);
        assertThat(half.bytesSoFar()).isEqualTo(130 + 1400 + 725);
        assertThat(half.rowsRead()).isEqualTo(150);

        ImportPlan.Progress all = ImportPlan.Progress.of(PLAN, Set.of(0, 1), Map.of());
        assertThat(all.bytesDone()).as("the trailing blank lines too").isEqualTo(3000);
        assertThat(all.bytesSoFar()).isEqualTo(3000);
        assertThat(all.percent()).isEqualTo(100.0);
        assertThat(all.rowsRead()).isEqualTo(200);
    }
}
