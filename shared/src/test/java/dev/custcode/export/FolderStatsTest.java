package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A folder's statistics as {@code _summary.json} shows them. */
class FolderStatsTest {
    private static Customer member(String code, String tier, String amount) {
        return Customer.builder().code(code).folder("north").dimensions(Map.of("tier", tier))
                .attributes(Map.of("name", code, "amount", amount)).createdAt("2026-11-01T00:00:00Z").build();
    }

    @Test
    void aViewTakenBeforeMoreMembersAreCountedKeepsItsFigures() {
        FolderStats stats = new FolderStats();
        stats.add(member("N1", "tier-a", "300"), null);
        Summary.Statistics first = stats.view();

        stats.add(member("N2", "tier-a", "100"), null);
        stats.add(member("N3", "tier-b", "50"), null);

        assertThat(first.count()).isEqualTo(1);
        assertThat(first.mix()).isEqualTo(Map.of("tier", Map.of("tier-a", 1L)));
        assertThat(first.amount().sum()).isEqualByComparingTo("300");
        Summary.Statistics now = stats.view();
        assertThat(now.mix()).isEqualTo(Map.of("tier", Map.of("tier-a", 2L, "tier-b", 1L)));
        assertThat(now.amount().average()).isEqualByComparingTo("150");
    }
}
