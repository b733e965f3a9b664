package io.alertrelay;

import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.cluster.ClusterFeed;
import io.alertrelay.http.Readiness;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.ws.WebSocketService;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's periodic duties, once a second on a thread of its own: the pipeline's tick (timeouts, expiry),
 * the alert-count gauges, the readiness decision, and picking up tokens another process wrote to the store
 * (closing the sessions of revoked ones). What time the pipeline sees is its own clock's.
 */
final class RelaySupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelaySupervisor.class);

    private final AlertPipeline pipeline;
    private final RelayMetrics metrics;
    private final Readiness readiness;
    private final ClusterFeed clusterFeed; // null on a single node
    private final KnownTokens known;
    private final TokenRegistry tokens;
    private final WebSocketService webSockets;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "relay-ticker"));
    private volatile boolean stopping;
    private long tokenVersion;

    RelaySupervisor(
            AlertPipeline pipeline,
            RelayMetrics metrics,
            Readiness readiness,
            ClusterFeed clusterFeed,
            KnownTokens known,
            TokenRegistry tokens,
            WebSocketService webSockets) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.readiness = readiness;
        this.clusterFeed = clusterFeed;
        this.known = known;
        this.tokens = tokens;
        this.webSockets = webSockets;
        this.tokenVersion = known.version();
    }

    /** Starts the duties and declares the relay ready. */
    void start() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        readiness.ready();
    }

    /** From now on the relay stays not ready, whatever the store says. */
    void stopping() {
        stopping = true;
        readiness.notReady("shutting down");
    }

    void tick() {
        try {
            pipeline.tick();
            metrics.updateAlertCounts(pipeline.stats());
            decideReadiness();
            reloadTokensIfChanged();
        } catch (RuntimeException | StackOverflowError e) {
            // never let it escape: a scheduled task that throws is never run again (no timeouts, no expiry)
            log.error("periodic tick failed; will retry in a second", e);
        }
    }

    private void decideReadiness() {
        String storeProblem = pipeline.storeHealth().problem();
        if (storeProblem == null && clusterFeed != null) storeProblem = clusterFeed.problem();
        if (storeProblem != null) readiness.notReady(storeProblem);
        else if (!stopping) readiness.ready();
    }

    /** `./relay token create` and `revoke` write the store from another process; pick their work up. */
    private void reloadTokensIfChanged() {
        long version = known.version();
        if (version == tokenVersion) return;
        tokenVersion = version;
        // the version moves with every write to the store (alerts too): act only when the tokens themselves changed
        List<StoredToken> now = known.all();
        if (now.equals(tokens.tokens())) return;
        tokens.replaceAll(now);
        int closed = webSockets.closeRevoked(tokens::stillValid);
        log.info(
                "tokens changed in the store: {} known now{}",
                now.size(),
                closed > 0 ? "; closed " + closed + " sessions of revoked tokens" : "");
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
