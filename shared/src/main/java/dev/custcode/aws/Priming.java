package dev.custcode.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a function does once before Lambda SnapStart takes its snapshot (an {@code org.crac}
 * {@code beforeCheckpoint} hook): calls through the SDK clients (signing, the HTTP connection
 * pool, the marshallers), Jackson and the scheme's rules, so that the classes are loaded and
 * the code paths compiled in the snapshot, not on the first request after a restore.
 *
 * <p>Priming never breaks a snapshot: a failure is logged and the snapshot goes on. Without
 * SnapStart (or locally) nothing runs it, unless {@code CUSTCODE_PRIME_AT_INIT=true} asks for it
 * at init — how {@code ColdStartBenchmark} measures what priming moves out of the first request.
 */
public final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** org.crac keeps resources by weak reference: these keep them alive. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String what;
    private final Runnable prime;

    private Priming(String what, Runnable prime) {
        this.what = what;
        this.prime = prime;
    }

    /** Runs {@code prime} before the snapshot (or now, when {@code CUSTCODE_PRIME_AT_INIT=true}). */
    public static void register(String what, Runnable prime) {
        Priming priming = new Priming(what, prime);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        if ("true".equalsIgnoreCase(System.getenv("CUSTCODE_PRIME_AT_INIT"))) {
            priming.run();
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: clients re-open stale connections themselves, caches expire by the wall clock.
    }

    private void run() {
        long started = System.nanoTime();
        try {
            prime.run();
            LOG.info("primed {} in {} ms", what, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("priming {} failed (the snapshot goes on without it): {}", what, e.toString());
        }
    }
}
