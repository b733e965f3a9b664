package io.alertrelay.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers delivery ids for {@code keep}, so a delivery cannot be sent again within that time: for Standard
 * Webhooks twice the timestamp tolerance (after that the signed timestamp refuses it), for GitHub-style hooks a day.
 * Bounded: past {@code maxIds} the oldest ids are forgotten first. Thread-safe.
 */
public final class ReplayGuard {

    private final Duration keep;
    private final int maxIds;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public ReplayGuard(Duration keep, int maxIds) {
        this.keep = keep;
        this.maxIds = maxIds;
    }

    /** True the first time an id is seen within the window. */
    public synchronized boolean firstTime(String id, Instant now) {
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().plus(keep).isAfter(now) && seen.size() <= maxIds) break;
            it.remove();
        }
        return seen.putIfAbsent(id, now) == null;
    }

    /** Forgets an id whose delivery was not stored after all, so the sender's retry is taken. */
    public synchronized void forget(String id) {
        seen.remove(id);
    }
}
