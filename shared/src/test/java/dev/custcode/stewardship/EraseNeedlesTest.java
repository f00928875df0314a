package dev.custcode.stewardship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeLoader;
import dev.custcode.store.HistoryStore.Change;
import dev.custcode.store.HistoryStore.FieldChange;
import dev.custcode.store.MergedCodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rows of a row file carry an erased person: a phone in any spelling, an email, a tax id, a customer id. */
class EraseNeedlesTest {
    private static final EraseService.Needles WANG = EraseService.Needles.of(Customer.builder().code("SPO000001").folder("south")
            .attributes(Map.of("name", "王小明", "phone", "+86 138 0013 8000", "email", "Wang.XM@example.com", "sourceId", "C0003"))
            .keys(List.of("sid:C0003", "tel:8613800138000")).build(), SchemeLoader.defaultScheme());

    @Test
    void aContactInAnySpellingMarksTheRow() {
        assertThat(WANG.in(List.of("7", "expected 5 fields, found 6", "C9001,朋友,138-0013-8000,x@y.cn,1,extra"))).isTrue();
        assertThat(WANG.in(List.of("2", "amount", "13800138000", "kept"))).isTrue();
        assertThat(WANG.in(List.of("3", "a conflict", "SPO000002", "sid:E300 tel:8613800138000", "E300;孙丽;13800138000"))).isTrue();
        assertThat(WANG.in(List.of("4", "reason", "wang.xm@EXAMPLE.com"))).isTrue();
        assertThat(WANG.in(List.of("5", "reason", "C0003,Someone,010-1234 5678"))).as("the customer id as a cell").isTrue();
    }

    @Test
    void othersRowsStay() {
        assertThat(WANG.in(List.of("6", "reason", "C00031,Someone,010-1234 5678"))).as("another id that starts alike").isFalse();
        // Digits of two neighbouring cells never make a phone together.
        assertThat(WANG.in(List.of("7", "reason", "R1,1380013,8000"))).isFalse();
        assertThat(WANG.in(List.of("8", "amount", "abc", "kept"))).isFalse();
    }

    private static final Change OWN = new Change("S1", "2026-12-01T09:00:00Z", "imp-1", 2, "created",
            List.of(new FieldChange("amount", null, "5"), new FieldChange("phone", null, "0571-1")), null, "east/a", List.of("sid:S1"), "import imp-1");
    private static final Change MERGE = new Change("S1", "2026-12-01T10:00:00Z", "merge-SPO000001", 0, "merged",
            List.of(new FieldChange("email", null, "wang.xm@example.com"), new FieldChange("phone", "0571-1", "13800138000")),
            "east/a", "east/b", List.of("tel:8613800138000"), "merge of SPO000001 into it");
    private static final Change UNMERGE = new Change("S1", "2026-12-01T11:00:00Z", "unmerge-SPO000001", 0, "unmerged",
            List.of(new FieldChange("email", "wang.xm@example.com", null), new FieldChange("phone", "13800138000", "0571-1")),
            "east/b", "east/a", List.of(), "undo of the merge of SPO000001 into it");
    private static final EraseService.Needles NONE = EraseService.Needles.of(Customer.builder().code("X").folder("x")
            .attributes(Map.of("name", "nobody")).keys(List.of()).build(), SchemeLoader.defaultScheme());

    @Test
    void aSurvivorsMergeEntriesLoseTheErasedSideOnlyOnceAndItsOwnEntriesStay() {
        List<Change> scrubbed = EraseService.forgottenIn(List.of(UNMERGE, MERGE, OWN), "SPO000001", NONE, "values of SPO000001 erased");

        assertThat(scrubbed).containsExactly(
                new Change("S1", "2026-12-01T11:00:00Z", "unmerge-SPO000001", 0, "unmerged",
                        List.of(new FieldChange("email", null, null), new FieldChange("phone", null, "0571-1")), "east/b", "east/a", List.of(),
                        "undo of the merge of SPO000001 into it (values of SPO000001 erased)"),
                new Change("S1", "2026-12-01T10:00:00Z", "merge-SPO000001", 0, "merged",
                        List.of(new FieldChange("email", null, null), new FieldChange("phone", "0571-1", null)), "east/a", "east/b", List.of(),
                        "merge of SPO000001 into it (values of SPO000001 erased)"));
        assertThat(EraseService.forgottenIn(scrubbed, "SPO000001", WANG, "values of SPO000001 erased")).as("nothing more to forget").isEmpty();
        assertThat(EraseService.forgottenIn(List.of(MERGE, OWN), "SPO000009", NONE, "none")).as("another merge").isEmpty();
    }

    @Test
    void anEntryHoldingTheErasedPersonsPhoneLosesItWhateverImportMadeIt() {
        Change replaced = new Change("S1", "2026-12-02T09:00:00Z", "imp-7", 4, "updated",
                List.of(new FieldChange("phone", "138-0013-8000", "0571-2"), new FieldChange("amount", "5", "6")), "east/a", "east/a", List.of(), "import imp-7");

        assertThat(EraseService.forgottenIn(List.of(replaced, OWN), "SPO000001", WANG, "values of SPO000001 erased")).containsExactly(
                new Change("S1", "2026-12-02T09:00:00Z", "imp-7", 4, "updated",
                        List.of(new FieldChange("phone", null, "0571-2"), new FieldChange("amount", "5", "6")), "east/a", "east/a", List.of(),
                        "import imp-7 (values of SPO000001 erased)"));
    }

    @Test
    void theSurvivorsAreReadFromTheMergedCustomersHistoryEvenAfterAnotherErasureNotedItsEntries() {
        List<Change> merged = List.of(
                new Change("M1", "2026-12-01T10:00:00Z", "merge-M1", 0, "merged", List.of(), "east/a", "east/a", List.of(),
                        MergedCodes.mergedIntoCause("S1") + " (values of X9 erased)"),
                new Change("M1", "2026-12-01T11:00:00Z", "unmerge-M1", 0, "unmerged", List.of(), "east/a", "east/a", List.of(),
                        MergedCodes.unmergedFromCause("S2")));

        assertThat(MergedCodes.survivorsOf("M1", merged)).containsExactly("S1", "S2");
    }
}
