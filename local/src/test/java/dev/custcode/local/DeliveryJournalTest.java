package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of asynchronous events: what a later start reads back is what was written, whole. */
class DeliveryJournalTest {
    @TempDir
    Path dir;

    @Test
    void anEntryIsReadBackAsLastWrittenUntilRemoved() {
        DeliveryJournal journal = new DeliveryJournal(dir);
        DeliveryJournal.Entry first = journal.accept("IngestFunction", "ObjectCreated:Put s3://b/incoming/a.csv", "{\"Records\":[{\"n\":1}]}");
        DeliveryJournal.Entry second = journal.accept("ExportFunction", "manifest", "{\"Records\":[]}");
        DeliveryJournal.Entry failedOnce = first.attempting().failed("boom");
        journal.write(failedOnce);
        journal.write(second.attempting());

        // As a stack started again on the same folder reads them: oldest first, state as last written.
        List<DeliveryJournal.Entry> read = new DeliveryJournal(dir).entries();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).id()).isEqualTo(first.id());
        assertThat(read.get(0).attempts()).isEqualTo(1);
        assertThat(read.get(0).running()).isFalse();
        assertThat(read.get(0).errors()).containsExactly("boom");
        assertThat(read.get(0).event()).isEqualTo("{\"Records\":[{\"n\":1}]}");
        assertThat(read.get(0).acceptedAt()).isEqualTo(first.acceptedAt());
        assertThat(read.get(1).running()).as("an attempt was running when it was read: the stack died in it").isTrue();
        assertThat(read.get(1).stopped().running()).isFalse();
        assertThat(read.get(1).stopped().attempts()).as("a clean stop does not count as an attempt").isZero();

        journal.remove(read.get(0));
        assertThat(journal.entries()).extracting(DeliveryJournal.Entry::id).containsExactly(second.id());
    }

    @Test
    void anUnreadableEntryIsLeftInPlaceAndTheOthersAreRead() throws Exception {
        DeliveryJournal journal = new DeliveryJournal(dir);
        DeliveryJournal.Entry good = journal.accept("IngestFunction", "good", "{}");
        Files.writeString(dir.resolve("0000000000000-torn.json"), "{\"function\":");
        Files.writeString(dir.resolve("0000000000000-x.tmp"), "half written, never renamed");

        assertThat(journal.entries()).extracting(DeliveryJournal.Entry::id).containsExactly(good.id());
        assertThat(dir.resolve("0000000000000-torn.json")).exists();
        assertThat(dir.resolve("0000000000000-x.tmp")).doesNotExist();
    }
}
