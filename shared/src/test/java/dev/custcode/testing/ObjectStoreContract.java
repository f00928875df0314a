package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} does with conditional rewrites (an erasure's rewrite of a row file
 * must not undo another's): run against the in-memory fake and, in {@code S3ObjectStoreIT}, against
 * {@code S3ObjectStore} on S3Proxy.
 */
public abstract class ObjectStoreContract {
    private static final String KEY = "imports/0123/rejected.csv";
    private ObjectStore store;

    /** A store holding nothing, for one test. */
    protected abstract ObjectStore emptyStore() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = emptyStore();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String text(String key) {
        return store.read(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aReplaceOfWhatWasReadWritesAndGivesTheContentANewTag() {
        store.put(KEY, bytes("line,reason\n2,one\n3,two\n"), "text/csv");
        ObjectStore.Tagged read = store.readTagged(KEY).orElseThrow();
        assertThat(new String(read.content(), StandardCharsets.UTF_8)).isEqualTo("line,reason\n2,one\n3,two\n");

        assertThat(store.replace(KEY, bytes("line,reason\n3,two\n"), "text/csv", read.eTag())).isTrue();

        assertThat(text(KEY)).isEqualTo("line,reason\n3,two\n");
        assertThat(store.readTagged(KEY).orElseThrow().eTag()).isNotEqualTo(read.eTag());
        // The tag read before the write no longer matches.
        assertThat(store.replace(KEY, bytes("stale"), "text/csv", read.eTag())).isFalse();
        assertThat(text(KEY)).isEqualTo("line,reason\n3,two\n");
    }

    @Test
    void aReplaceAfterAnotherWriterChangedTheObjectIsRefusedAndChangesNothing() {
        store.put(KEY, bytes("line,reason\n2,one\n3,two\n"), "text/csv");
        ObjectStore.Tagged mine = store.readTagged(KEY).orElseThrow();
        ObjectStore.Tagged theirs = store.readTagged(KEY).orElseThrow();
        assertThat(store.replace(KEY, bytes("line,reason\n2,one\n"), "text/csv", theirs.eTag())).isTrue();

        assertThat(store.replace(KEY, bytes("line,reason\n3,two\n"), "text/csv", mine.eTag())).isFalse();

        assertThat(text(KEY)).isEqualTo("line,reason\n2,one\n");
        // Read again, the loser's change goes on top of the winner's.
        ObjectStore.Tagged again = store.readTagged(KEY).orElseThrow();
        assertThat(store.replace(KEY, bytes("line,reason\n"), "text/csv", again.eTag())).isTrue();
        assertThat(text(KEY)).isEqualTo("line,reason\n");
    }

    @Test
    void anObjectDeletedSinceItWasReadIsNotWrittenBack() {
        store.put(KEY, bytes("a"), "text/csv");
        ObjectStore.Tagged read = store.readTagged(KEY).orElseThrow();
        store.delete(KEY);

        assertThat(store.replace(KEY, bytes("b"), "text/csv", read.eTag())).isFalse();

        assertThat(store.read(KEY)).isEmpty();
        assertThat(store.readTagged(KEY)).isEmpty();
    }
}
