package io.alertrelay.cluster;

import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.StaleViewException;
import io.alertrelay.store.StoreUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Brings the other nodes' changes to this one: one thread blocks on the shared journal and the expiry stream
 * (XREAD BLOCK, from this node's latest seq) and hands what arrives to {@link ClusterSequencer}, which applies it and
 * fans it out to this node's clients. It also notices Redis going away and coming back: while it is away the
 * node serves what it has and refuses changes at once; when it is back the next read catches up, and a Redis that
 * lost its history gets this node's state again under a new epoch.
 */
public final class ClusterFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterFeed.class);
    static final int BLOCK_MILLIS = 1_000;
    private static final long RETRY_MILLIS = 500;
    private static final long POSITION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisAlertStore store;
    private final ClusterSequencer sync;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String problem;
    /** The epoch {@link #touchesAfter} belongs to: a resync starts the expiry stream over. */
    private String touchesEpoch;

    private StreamEntryID touchesAfter;

    public ClusterFeed(RedisAlertStore store, ClusterSequencer sync) {
        this.store = store;
        this.sync = sync;
        this.thread = new Thread(this::run, "cluster-feed");
        this.thread.setDaemon(true);
        store.unreachableWhile(this::problem);
    }

    public void start() {
        thread.start();
    }

    /** Null while this node reads from Redis; otherwise why it cannot. For /readyz and relay_cluster_redis_up. */
    public String problem() {
        return problem;
    }

    /** The cluster's metrics: whether this node reads from Redis, and how it keeps in step with the other nodes. */
    public void registerMetrics(MeterRegistry registry) {
        Gauge.builder("relay.cluster.redis.up", () -> problem == null ? 1 : 0)
                .description("1 while this node reads the cluster's journal from Redis, 0 while Redis is unreachable")
                .register(registry);
        sync.registerMetrics(registry);
    }

    private void run() {
        long lastCheck = System.nanoTime();
        while (stop.getCount() > 0) {
            try {
                if (System.nanoTime() - lastCheck >= POSITION_CHECK_NANOS) {
                    lastCheck = System.nanoTime();
                    sync.checkPosition(); // Redis restarted empty, went back in time, or another node re-seeded it
                }
                readOnce();
                healthy();
            } catch (StaleViewException.EpochChanged e) {
                lastCheck = System.nanoTime() - POSITION_CHECK_NANOS; // look at once, then wait for the next read
                await(50);
            } catch (Throwable e) { // an Error too: a feed that died silently would leave clients without changes
                if (stop.getCount() == 0) return;
                failing(e);
                await(RETRY_MILLIS);
            }
        }
    }

    private void readOnce() {
        ClusterSequencer.Position at = sync.position();
        if (!at.epoch().equals(touchesEpoch)) {
            touchesEpoch = at.epoch();
            touchesAfter = new StreamEntryID(store.loadedTouches()); // where the stream stood when the state was read
        }
        Map<String, StreamEntryID> from = new LinkedHashMap<>();
        from.put(store.keys().journal(), new StreamEntryID(0, at.seq()));
        from.put(store.keys().touches(), touchesAfter);
        List<Map.Entry<String, List<StreamEntry>>> read = store.redis()
                .xread(XReadParams.xReadParams().block(BLOCK_MILLIS).count(1_000), from);
        if (read == null) return;
        // the journal first: an expiry move for an alert's new episode must find that episode fired
        for (Map.Entry<String, List<StreamEntry>> stream : read) {
            if (!stream.getKey().equals(store.keys().journal())) continue;
            List<JournalEntry> entries = new ArrayList<>(stream.getValue().size());
            for (StreamEntry e : stream.getValue()) {
                entries.add(RedisAlertStore.entry(e.getID().toString(), e.getFields(), at.epoch()));
            }
            sync.receive(at.epoch(), entries);
        }
        for (Map.Entry<String, List<StreamEntry>> stream : read) {
            if (!stream.getKey().equals(store.keys().touches())) continue;
            Map<String, Instant> expiries = new HashMap<>();
            for (StreamEntry e : stream.getValue()) {
                touchesAfter = e.getID();
                if (!at.epoch().equals(e.getFields().get("epoch"))) continue;
                expiries.merge(
                        e.getFields().get("fp"),
                        Instant.ofEpochMilli(Long.parseLong(e.getFields().get("exp"))),
                        (x, y) -> x.isAfter(y) ? x : y);
            }
            sync.receiveExpiries(at.epoch(), expiries);
        }
    }

    private void healthy() {
        if (problem != null) {
            log.info("cluster: reading from Redis {} again", store.url());
            problem = null;
        }
    }

    private void failing(Throwable e) {
        String now = e instanceof StoreUnavailableException
                ? e.getMessage()
                : "cannot follow the cluster's journal in Redis " + store.url() + ": " + e;
        if (problem == null) {
            log.error("cluster: {}; this node serves what it has and refuses changes until this is over", now, e);
        }
        problem = now;
    }

    private void await(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            // a blocked XREAD returns within BLOCK_MILLIS, or its socket times out 2 s later
            thread.join(BLOCK_MILLIS + 3_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
