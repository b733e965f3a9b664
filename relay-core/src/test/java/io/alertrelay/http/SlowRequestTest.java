package io.alertrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * limits.requestHeaderTimeout: a socket that opens and never finishes its request head (slowloris) is cut within
 * the deadline however it trickles, is counted, and costs the other clients nothing; an upgraded WebSocket is not
 * subject to it.
 */
class SlowRequestTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    TestRelay relay;
    WsTestClient bystander;
    final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> t.requestHeaderTimeout = DEADLINE);
        bystander = relay.subscribed(TestRelay.VIEWER);
    }

    @AfterEach
    void stop() {
        trickler.shutdownNow();
        relay.close();
    }

    /** Resolves when the server closes the socket (EOF or reset). */
    private static CompletableFuture<Long> closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        long started = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            byte[] buf = new byte[1024];
            try {
                while (in.read(buf) >= 0) {
                    // whatever the server answers, keep reading until it closes
                }
            } catch (IOException reset) {
                // a reset is a close too
            }
            return (System.nanoTime() - started) / 1_000_000;
        });
    }

    private void bystanderStillServed(String name) {
        relay.push(Frames.alert(name));
        assertThat(bystander
                        .next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo(name);
    }

    @Test
    void aRequestLineTrickledOneBytePerSecondIsCutWithinTheDeadlineAndCounted() throws Exception {
        try (Socket s = new Socket("127.0.0.1", relay.relay.port())) {
            OutputStream out = s.getOutputStream();
            CompletableFuture<Long> closed = closedByServer(s);
            out.write("GET /ws HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] rest = "st: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Pad: aaaaaaaaaaaaaaaa\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            int[] next = {0};
            trickler.scheduleAtFixedRate(
                    () -> {
                        try {
                            if (next[0] < rest.length) out.write(rest[next[0]++]);
                            out.flush();
                        } catch (IOException cut) {
                            throw new IllegalStateException(cut); // stops the trickle
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);

            bystanderStillServed("WhileTrickling");
            await().atMost(DEADLINE.plusSeconds(3)).until(closed::isDone);
            assertThat(closed.get())
                    .as("ms until the cut")
                    .isBetween(DEADLINE.toMillis() - 200, DEADLINE.toMillis() + 3000);
            assertThat(next[0]).as("bytes trickled before the cut").isLessThan(rest.length);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> relay.relay
                        .metrics()
                        .scrape()
                        .contains("relay_http_rejected_total{reason=\"request-timeout\"} 1.0"));
        bystanderStillServed("AfterTheCut");
    }

    @Test
    void aSocketThatSendsNothingIsCutWithinTheDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", relay.relay.port())) {
            CompletableFuture<Long> closed = closedByServer(s);
            await().atMost(DEADLINE.plusSeconds(3)).until(closed::isDone);
            assertThat(closed.get()).isGreaterThanOrEqualTo(DEADLINE.toMillis() - 200);
        }
        bystanderStillServed("AfterTheSilentSocket");
    }

    @Test
    void anUpgradedWebSocketIdleLongerThanTheDeadlineStaysOpen() {
        WsTestClient idle = relay.subscribed(TestRelay.VIEWER);
        await().during(DEADLINE.multipliedBy(2))
                .atMost(DEADLINE.multipliedBy(3))
                .until(() -> !idle.closed.isDone());
        relay.push(Frames.alert("AfterIdling"));
        assertThat(idle.next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo("AfterIdling");
    }
}
