package dev.custcode.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumingStreamTest {
    private static final byte[] OBJECT = new byte[100_000];

    static {
        new Random(7).nextBytes(OBJECT);
    }

    /** The object's bytes from a position, the connection breaking after {@code breakAfter} bytes (never when negative). */
    private static InputStream connection(long position, long end, int breakAfter) {
        InputStream bytes = new ByteArrayInputStream(OBJECT, (int) position, (int) (end - position));
        return new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (breakAfter >= 0 && served >= breakAfter) {
                    throw new IOException("Premature end of Content-Length delimited message body");
                }
                int n = bytes.read(b, off, breakAfter < 0 ? len : Math.min(len, breakAfter - served));
                served += Math.max(0, n);
                return n;
            }
        };
    }

    @Test
    void aBrokenConnectionIsReadOnFromTheByteWhereItBroke() throws IOException {
        List<Long> opened = new ArrayList<>();
        long start = 1_000;
        long end = 90_000;
        try (InputStream in = new ResumingStream(position -> {
            opened.add(position);
            return connection(position, end, opened.size() <= 3 ? 20_000 : -1);
        }, start, "test")) {
            byte[] read = in.readAllBytes();
            assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(OBJECT, (int) start, (int) end));
        }
        assertThat(opened).containsExactly(1_000L, 21_000L, 41_000L, 61_000L);
    }

    @Test
    void singleByteReadsResumeToo() throws IOException {
        List<Long> opened = new ArrayList<>();
        try (InputStream in = new ResumingStream(position -> {
            opened.add(position);
            return connection(position, 300, opened.size() == 1 ? 100 : -1);
        }, 0, "test")) {
            byte[] read = new byte[300];
            for (int i = 0; i < read.length; i++) {
                int b = in.read();
                assertThat(b).isNotNegative();
                read[i] = (byte) b;
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(read).isEqualTo(java.util.Arrays.copyOf(OBJECT, 300));
        }
        assertThat(opened).containsExactly(0L, 100L);
    }

    @Test
    void aConnectionThatKeepsBreakingFailsTheReadAfterTheLastResume() throws IOException {
        List<Long> opened = new ArrayList<>();
        InputStream in = new ResumingStream(position -> {
            opened.add(position);
            return connection(position, OBJECT.length, 1_000);
        }, 0, "test");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("Premature end");
        assertThat(opened).hasSize(ResumingStream.MAX_RESUMES + 1);
    }

    @Test
    void anObjectGoneSinceIsNotReadOn() throws IOException {
        int[] opens = {0};
        InputStream in = new ResumingStream(position -> {
            if (opens[0]++ > 0) {
                throw new dev.custcode.store.ObjectStore.ObjectChangedException("overwritten");
            }
            return connection(position, OBJECT.length, 10);
        }, 0, "test");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(dev.custcode.store.ObjectStore.ObjectChangedException.class);
        assertThat(opens[0]).isEqualTo(2);
    }
}
