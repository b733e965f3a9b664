package io.alertrelay.hostile;

import io.alertrelay.testing.RawWsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Two thousand WebSockets that never log in, each closing with a close code of its own choosing, 3000 to 4999
 * (issue 12, item 5: today each code becomes a value of the {@code code} label of
 * {@code relay_sessions_closed_total}, so unauthenticated clients choose how many series {@code /metrics} has).
 * The fix's contract: the series stay bounded, the protocol's known codes plus {@code other}.
 */
final class CloseCodeAttack {

    static final String FROM = "127.0.0.20";
    static final int SOCKETS = 2_000;
    static final int AT_ONCE = 16;
    /** The protocol's close codes (docs/protocol.md) plus "other", with room to spare: more means client-chosen. */
    static final int MAX_SERIES = 16;

    private CloseCodeAttack() {}

    static DynamicContainer run(HostileRelay relay) {
        return relay.attack("metric cardinality: 2,000 client close codes", a -> {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", relay.port());
            for (int t = 0; t < AT_ONCE; t++) {
                pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < SOCKETS && !a.stalled(); ) {
                        a.outcome(closeWith(server, 3000 + i));
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) pool.shutdownNow();
            a.size(Math.min(next.get(), SOCKETS) + " sockets from one address, " + AT_ONCE
                    + " at a time, no login, close codes 3000 to " + (3000 + SOCKETS - 1));
            // the relay counts a close once its side of the socket is done: read until two scrapes agree (3 s at most)
            SourceHttp.Answer[] metrics = {scrape(relay)};
            Attack.within(Duration.ofSeconds(3), () -> {
                SourceHttp.Answer before = metrics[0];
                metrics[0] = scrape(relay);
                return series(metrics[0]).size() == series(before).size();
            });
            List<String> series = series(metrics[0]);
            a.outcome("relay_sessions_closed_total series in /metrics", series.size());
            a.contract.assertThat(metrics[0].status()).as("GET /metrics").isEqualTo(200);
            a.contract
                    .assertThat(series)
                    .as("relay_sessions_closed_total series after %d client-chosen close codes", SOCKETS)
                    .hasSizeLessThanOrEqualTo(MAX_SERIES);
            a.contract
                    .assertThat(series)
                    .as("a series for the codes outside the protocol")
                    .anyMatch(l -> l.contains("code=\"other\""));
            a.hold(Duration.ofSeconds(1));
        });
    }

    private static SourceHttp.Answer scrape(HostileRelay relay) {
        return SourceHttp.send("127.0.0.1", relay.port(), "GET", "/metrics", Map.of(), null, ProcessBystanders.CAP);
    }

    private static List<String> series(SourceHttp.Answer metrics) {
        return metrics.body()
                .lines()
                .filter(l -> l.startsWith("relay_sessions_closed_total{"))
                .toList();
    }

    /** Opens a WebSocket without logging in and closes it with {@code code}; says how the relay answered. */
    private static String closeWith(InetSocketAddress server, int code) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(FROM, 0));
            RawWsSocket ws = RawWsSocket.open(s, server, null);
            ws.sendFrame(8, new byte[] {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'});
            RawWsSocket.Frame close = ws.readUntilClose(Duration.ofSeconds(5), t -> {});
            return close.closeCode() == code ? "close echoed" : "close " + close.closeCode();
        } catch (IOException | AssertionError e) {
            return "failed: " + e.getClass().getSimpleName();
        }
    }
}
