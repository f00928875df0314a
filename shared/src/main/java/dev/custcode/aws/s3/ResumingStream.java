package dev.custcode.aws.s3;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object's bytes from a position on, read again from where they stopped when the connection
 * breaks. A chunk of a large file is read while its rows are imported, for minutes; a connection
 * that long can be closed under it (S3 and S3Proxy both end connections that stall), and the
 * chunk would fail after minutes of work. Here the read goes on with a ranged GET of the same
 * version from the byte where it broke, at most {@value #MAX_RESUMES} times per stream; an object
 * deleted or overwritten since is not resumed (the opener throws, as it does for the first GET).
 */
final class ResumingStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingStream.class);
    static final int MAX_RESUMES = 10;

    /** Opens the bytes from {@code position} (absolute, in the object) to the end of the range read. */
    @FunctionalInterface
    interface Opener {
        InputStream open(long position) throws IOException;
    }

    private final Opener opener;
    private final String what;
    private InputStream in;
    private long position;
    private int resumes;

    ResumingStream(Opener opener, long start, String what) throws IOException {
        this.opener = opener;
        this.what = what;
        this.position = start;
        this.in = opener.open(start);
    }

    @Override
    public int read() throws IOException {
        while (true) {
            try {
                int b = in.read();
                if (b >= 0) {
                    position++;
                }
                return b;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            try {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException broken) throws IOException {
        if (resumes >= MAX_RESUMES) {
            throw broken;
        }
        resumes++;
        LOG.warn("reading {} broke at byte {} ({}); reading on from there (resume {} of at most {})", what, position, broken.toString(),
                resumes, MAX_RESUMES);
        abort(in);
        in = opener.open(position);
    }

    /** Drops a broken connection rather than draining what is left of it. */
    private static void abort(InputStream broken) {
        try {
            if (broken instanceof ResponseInputStream<?> r) {
                r.abort();
            }
            broken.close();
        } catch (IOException | RuntimeException ignored) {
            // already broken: nothing to release that closing could save
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
