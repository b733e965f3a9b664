package io.alertrelay.ws;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open sessions, and how many each client address holds, for the connection limits and the heartbeat. */
final class SessionRegistry {

    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** Why a connection was refused: {@code metricReason} is its relay_frames_rejected_total reason. */
    record Refusal(String metricReason, String message) {}

    /**
     * Reserves a place for a new connection from {@code ip}; returns null when granted, or the refusal.
     * Counted atomically so a burst of handshakes cannot overshoot the limits.
     */
    Refusal reserve(String ip, int maxTotal, int maxPerIp) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return new Refusal(
                    "max-connections",
                    "the relay holds its maximum of " + maxTotal + " connections (limits.maxConnections); retry later");
        }
        // inside compute, so a release that empties and removes this address's counter cannot slip in between
        boolean[] over = new boolean[1];
        perIp.compute(ip, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            over[0] = count.incrementAndGet() > maxPerIp;
            if (over[0]) count.decrementAndGet();
            return count.get() == 0 ? null : count;
        });
        if (over[0]) {
            total.decrementAndGet();
            return new Refusal(
                    "max-connections-per-ip",
                    "address " + ip + " holds its maximum of " + maxPerIp
                            + " connections (limits.maxConnectionsPerIp); close some or raise the limit");
        }
        return null;
    }

    void release(String ip) {
        total.decrementAndGet();
        perIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    void add(WsSession s) {
        sessions.add(s);
    }

    void remove(WsSession s) {
        sessions.remove(s);
    }

    Collection<WsSession> all() {
        return sessions;
    }

    int size() {
        return sessions.size();
    }
}
