package io.alertrelay.cluster;

import io.alertrelay.journal.JournalEntry;
import io.alertrelay.pipeline.SharedSync;
import io.alertrelay.store.StaleViewException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * (XREAD BLOCK, from this node's latest seq) and hands what arrives to {@link SharedSync}, which applies it and
 * fans it out to this node's clients. It also notices Redis going away and coming back: while it is away the
 * node serves what it has and refuses changes; when it is back the next read catches up, and a Redis that came
 * back empty gets this node's state again under a new epoch.
 */
public final class ClusterFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterFeed.class);
    private static final int BLOCK_MILLIS = 1_000;
    private static final long RETRY_MILLIS = 500;

    private final RedisAlertStore store;
    private final SharedSync sync;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile String problem;
    private StreamEntryID touchesAfter;

    public ClusterFeed(RedisAlertStore store, SharedSync sync) {
        this.store = store;
        this.sync = sync;
        this.thread = new Thread(this::run, "cluster-feed");
        this.thread.setDaemon(true);
    }

    public void start() { thread.start(); }

    /** Null while this node reads from Redis; otherwise why it cannot. For /readyz and relay_cluster_redis_up. */
    public String problem() { return problem; }

    private void run() {
        long lastEpochCheck = 0;
        while (stop.getCount() > 0) {
            try {
                if (System.nanoTime() - lastEpochCheck > TimeUnit.SECONDS.toNanos(1)) {
                    sync.checkEpoch(); // Redis restarted empty, or another node re-seeded it
                    lastEpochCheck = System.nanoTime();
                }
                if (touchesAfter == null) touchesAfter = lastTouch();
                readOnce();
                healthy();
            } catch (StaleViewException.EpochChanged e) {
                lastEpochCheck = 0; // check at once, outside the read
            } catch (RuntimeException e) {
                if (stop.getCount() == 0) return;
                failing(e);
                touchesAfter = null;
                await(RETRY_MILLIS);
            }
        }
    }

    private void readOnce() {
        SharedSync.Position at = sync.position();
        List<Map.Entry<String, List<StreamEntry>>> read = store.redis().xread(
                XReadParams.xReadParams().block(BLOCK_MILLIS).count(1_000),
                Map.of(store.keys().journal(), new StreamEntryID(0, at.seq()), store.keys().touches(), touchesAfter));
        if (read == null) return;
        for (Map.Entry<String, List<StreamEntry>> stream : read) {
            if (stream.getKey().equals(store.keys().journal())) {
                List<JournalEntry> entries = new ArrayList<>(stream.getValue().size());
                for (StreamEntry e : stream.getValue()) {
                    entries.add(RedisAlertStore.entry(e.getID().toString(), e.getFields(), at.epoch()));
                }
                sync.receive(entries);
            } else {
                Map<String, Instant> expiries = new HashMap<>();
                for (StreamEntry e : stream.getValue()) {
                    touchesAfter = e.getID();
                    if (!at.epoch().equals(e.getFields().get("epoch"))) continue;
                    expiries.merge(e.getFields().get("fp"), Instant.ofEpochMilli(Long.parseLong(e.getFields().get("exp"))),
                            (x, y) -> x.isAfter(y) ? x : y);
                }
                sync.receiveExpiries(expiries);
            }
        }
    }

    /** Where to read expiry moves from: after the newest one (older ones are in the state this node loaded). */
    private StreamEntryID lastTouch() {
        List<StreamEntry> last = store.redis().xrevrange(store.keys().touches(), "+", "-", 1);
        return last.isEmpty() ? new StreamEntryID(0, 0) : last.get(0).getID();
    }

    private void healthy() {
        if (problem != null) {
            log.info("cluster: reading from Redis {} again", store.url());
            problem = null;
        }
    }

    private void failing(RuntimeException e) {
        String now = "Redis " + store.url() + " is unreachable: " + e.getMessage();
        if (problem == null) {
            log.error("cluster: {}; this node serves what it has and refuses changes until Redis is back", now);
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
            thread.join(BLOCK_MILLIS + 3_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
