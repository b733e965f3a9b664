package io.alertrelay.store;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store takes writes, as the last attempt found. Logs only the turns (writable -> failing ->
 * writable), so a full disk gives two log lines, not one per request; the count of failed writes is a metric.
 */
public final class StoreHealth {

    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

    private final AtomicLong failedWrites = new AtomicLong();
    private volatile String problem;

    /** Null while writes go through; otherwise why the last one did not. */
    public String problem() {
        return problem;
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    public void failed(StoreUnavailableException e) {
        failedWrites.incrementAndGet();
        if (problem == null) {
            log.error("{} (ingest answers 503 until a write succeeds again)", e.getMessage(), e.getCause());
        }
        problem = e.getMessage();
    }

    public void ok() {
        if (problem != null) {
            log.info("the store takes writes again after {} failed writes", failedWrites.get());
            problem = null;
        }
    }
}
