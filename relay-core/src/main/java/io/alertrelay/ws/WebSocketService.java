package io.alertrelay.ws;

import io.alertrelay.auth.Principal;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.command.Operations;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.logging.LogText;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.wire.CloseCodes;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of the relay: the {@code /ws} endpoint, the heartbeat that finds dead peers, and the
 * orderly close of every session at shutdown.
 */
public final class WebSocketService {

    private static final Logger log = LoggerFactory.getLogger(WebSocketService.class);

    private final WsContext ctx;
    private final WsEndpoint endpoint;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public WebSocketService(
            Operations ops,
            TokenRegistry tokens,
            RelayMetrics metrics,
            LimitsConfig limits,
            Duration heartbeat,
            String serverName,
            Supplier<List<String>> allowedOrigins) {
        SessionRegistry sessions = new SessionRegistry();
        this.ctx = new WsContext(
                ops.pipeline(),
                tokens,
                metrics,
                limits,
                heartbeat,
                serverName,
                sessions,
                new WriteScheduler.PerThread(),
                ops);
        this.endpoint = new WsEndpoint(ctx, allowedOrigins);
        metrics.bindSendQueue(
                () -> sessions.all().stream().mapToLong(WsSession::queuedBytes).sum());
    }

    public HttpHandler endpoint() {
        return endpoint;
    }

    public void start() {
        long ms = ctx.heartbeat().toMillis();
        timer.scheduleAtFixedRate(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Pings every session; drops the ones that answered nothing for two intervals, and closes with 1008 the ones
     * with a message begun more than an interval ago and still not whole (it holds up to limits.maxMessageBytes
     * and everything the session sends after it; before sign-in, limits.authTimeout ends such a session sooner).
     */
    void heartbeat() {
        long now = System.nanoTime();
        long interval = ctx.heartbeat().toNanos();
        for (WsSession s : ctx.sessions().all()) {
            if (s.isClosing()) continue;
            if (now - s.lastSeenNanos() > 2 * interval) {
                ctx.metrics().frameRejected("heartbeat-missed");
                s.abort("no answer to two heartbeat pings");
            } else if (s.principal() != null && s.frames.unfinishedFor(now, interval)) {
                // (before sign-in, limits.authTimeout ends the session, unfinished message or not)
                ctx.metrics().frameRejected("message-timeout");
                s.close(
                        CloseCodes.POLICY,
                        "a message begun more than " + ctx.heartbeat().toSeconds()
                                + " s ago is not complete (server.heartbeatInterval): send each message whole");
            } else {
                WebSockets.sendPing(ByteBuffer.allocate(0), s.channel, null);
            }
        }
    }

    /**
     * Closes, with 4401, every signed-in session whose principal {@code stillValid} rejects: its token was revoked.
     * Logs one line per session, naming the token (never the token itself). Returns how many were closed.
     */
    public int closeRevoked(Predicate<Principal> stillValid) {
        int n = 0;
        for (WsSession s : ctx.sessions().all()) {
            Principal p = s.principal();
            if (p == null || s.isClosing() || stillValid.test(p)) continue;
            log.info(
                    "ws revoked ip={} who={}: its token was revoked; closing the session with 4401",
                    s.remoteIp,
                    LogText.value(p.name()));
            s.close(CloseCodes.UNAUTHORIZED, REVOKED);
            n++;
        }
        return n;
    }

    static final String REVOKED = "token revoked: ask for a new token (./relay token create)";

    /**
     * Closes every session with 1001 and waits up to {@code grace} for the close frames to go out.
     * Returns how many sessions were still open when the wait ended.
     */
    public int shutdown(Duration grace) {
        endpoint.drain();
        timer.shutdownNow();
        for (WsSession s : ctx.sessions().all()) {
            s.close(CloseCodes.GOING_AWAY, "server shutting down: reconnect with since to resume");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (ctx.sessions().size() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ctx.sessions().size();
    }
}
