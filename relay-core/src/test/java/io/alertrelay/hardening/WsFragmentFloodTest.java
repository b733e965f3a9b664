package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A message that never ends: a text frame without FIN, then empty continuation frames as fast as a socket
 * takes them, for 10 s, before and after signing in. Every frame counts against {@code limits.framesPerSecond},
 * continuations included, so the flooder is closed with 1008 within about a second, the relay stops reading it,
 * and its heap does not grow; bystanders push and watch throughout and lose nothing.
 */
@ExtendWith(BadInputTally.class)
class WsFragmentFloodTest extends BystandedTest {

    static final Duration FLOOD = Duration.ofSeconds(10);
    /** Short, so a message left unfinished is closed within seconds. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Shorter than two heartbeats: a silent peer that has not signed in meets this first. */
    static final Duration AUTH_TIMEOUT = Duration.ofMillis(1_500);
    /** Generous: the flood's frames are a few objects each, so a relay that kept them would grow by hundreds of MiB. */
    static final long HEAP_GROWTH_BOUND = 64L << 20;

    @BeforeEach
    void start() {
        serve(t -> {
            t.heartbeat = HEARTBEAT;
            t.authTimeout = AUTH_TIMEOUT;
        });
        bystanders.awaitMoreDelivered(1);
    }

    @ParameterizedTest(name = "signed in: {0}")
    @ValueSource(booleans = {false, true})
    void endlessEmptyContinuationFramesAreClosedWithinASecondAndCostNoMemory(boolean signedIn) throws Exception {
        long heapBefore = heapAfterGc();
        long rssBefore = rssKib();
        java.io.ByteArrayOutputStream thousand = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            thousand.writeBytes(RawWsSocket.frame(false, WsFrameAbuseTest.CONTINUATION, new byte[0]));
        }
        byte[] burst = thousand.toByteArray();
        HeapPeak peak = new HeapPeak();
        AtomicLong written = new AtomicLong();
        long closedAfterMs;
        int code;
        try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), signedIn ? TestRelay.VIEWER : null)) {
            if (signedIn) assertThat(s.readFrame(Duration.ofSeconds(10)).text()).contains("\"welcome\"");
            s.sendFrame(false, WsFrameAbuseTest.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            long started = System.nanoTime();
            byte[] frames = burst;
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    while (System.nanoTime() - started < FLOOD.toNanos()) {
                        s.sendRaw(frames);
                        written.addAndGet(1000);
                    }
                } catch (IOException closedByTheRelay) {
                    // the relay cut the socket: the flood is over
                }
            });
            try {
                code = s.readUntilClose(FLOOD.plusSeconds(5), t -> {}).closeCode();
                closedAfterMs = (System.nanoTime() - started) / 1_000_000;
            } catch (AssertionError | IOException notClosed) {
                code = -1;
                closedAfterMs = -1;
            }
            // the flooder goes on writing for the full 10 s; once the relay stops reading, its writes block
            try {
                flood.get(FLOOD.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException blocked) {
                // blocked in a write the relay will never read: closing the socket below ends it
            }
        }
        long peakUsed = peak.stop();
        long heapAfter = heapAfterGc();
        System.out.printf(
                "fragment flood (signed in: %s): %,d empty continuation frames written in %d s, closed %d"
                        + " after %d ms; heap after GC %d -> %d MiB (peak in use %d MiB), RSS %d -> %d MiB%n",
                signedIn,
                written.get(),
                FLOOD.toSeconds(),
                code,
                closedAfterMs,
                heapBefore >> 20,
                heapAfter >> 20,
                peakUsed >> 20,
                rssBefore >> 10,
                rssKib() >> 10);
        BadInputTally.sent(
                "ws: endless empty continuation frames" + (signedIn ? "" : ", before login"),
                "close 1008 (framesPerSecond counts every frame)",
                written.get());
        assertThat(code).isEqualTo(1008);
        assertThat(closedAfterMs).as("ms until the flooder was closed").isLessThan(2_000);
        assertThat(heapAfter - heapBefore).as("heap growth in bytes, after GC").isLessThan(HEAP_GROWTH_BOUND);
        // garbage counts too: the unfixed relay had ~160 MiB more in use at its peak, and RSS grew with it
        assertThat(peakUsed - heapBefore)
                .as("peak heap in use over the start, in bytes")
                .isLessThan(2 * HEAP_GROWTH_BOUND);
        bystanders.awaitMoreDelivered(5);
        bystanders.proveNothingLost();
    }

    /**
     * A message begun and never finished, in fragments or as one frame whose payload stops coming: before sign-in
     * the auth timeout ends the session as any other (4401); after, the heartbeat closes it with 1008 once the
     * message is more than an interval old. The client answers every ping, so it is not taken for gone.
     */
    @ParameterizedTest(name = "signed in: {0}, fragmented: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"false, true", "false, false", "true, true", "true, false"})
    void aMessageLeftUnfinishedEndsTheSession(boolean signedIn, boolean fragmented) throws Exception {
        try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), signedIn ? TestRelay.VIEWER : null)) {
            if (signedIn) assertThat(s.readFrame(Duration.ofSeconds(10)).text()).contains("\"welcome\"");
            long started = System.nanoTime();
            if (fragmented) {
                s.sendFrame(false, WsFrameAbuseTest.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                s.sendFrame(false, WsFrameAbuseTest.CONTINUATION, "\"pi".getBytes(StandardCharsets.UTF_8));
            } else {
                // the header of a 100-byte text frame and 10 bytes of it (masked with a zero key)
                s.sendRaw(new byte[] {(byte) 0x81, (byte) (0x80 | 100), 0, 0, 0, 0});
                s.sendRaw("{\"type\":\"p".getBytes(StandardCharsets.UTF_8));
            }
            // pings are answered between fragments, as every library does; inside a frame's payload nothing can be
            // (the relay sees no pong then, so the heartbeat would drop the peer after two intervals anyway)
            RawWsSocket.Frame close = fragmented
                    ? readUntilCloseAnsweringPings(s, Duration.ofSeconds(15))
                    : s.readUntilClose(Duration.ofSeconds(15), t -> {});
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (signedIn) {
                assertThat(close.closeCode()).isEqualTo(1008);
                assertThat(close.closeReason()).contains("is not complete");
                assertThat(ms).as("ms until closed").isBetween(HEARTBEAT.toMillis(), 3 * HEARTBEAT.toMillis() + 2_000);
            } else {
                assertThat(close.closeCode()).isEqualTo(4401);
                assertThat(ms).as("ms until closed").isLessThan(AUTH_TIMEOUT.toMillis() + 2_000);
            }
        }
        BadInputTally.sent(
                "ws: a message left unfinished" + (signedIn ? "" : ", before login"),
                signedIn ? "close 1008 after a heartbeat interval" : "close 4401 at limits.authTimeout",
                1);
        bystanders.proveNothingLost();
    }

    /** Reads until the relay's close frame, answering its pings as every WebSocket library does. */
    static RawWsSocket.Frame readUntilCloseAnsweringPings(RawWsSocket s, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            RawWsSocket.Frame f = s.readFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (f.opcode() == 8) return f;
            if (f.opcode() == 9) s.sendFrame(10, f.payload());
        }
        throw new AssertionError("no close frame within " + limit);
    }

    /** Used heap after a full collection (System.gc() runs one with the JVM's default collector). */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** This JVM's resident set (Linux), for the record; -1 elsewhere. */
    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The most heap in use (garbage included) seen every 50 ms while it runs. */
    static final class HeapPeak {
        private final java.util.concurrent.ScheduledExecutorService sampler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong max = new AtomicLong();

        HeapPeak() {
            sampler.scheduleAtFixedRate(
                    () -> max.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max),
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
        }

        long stop() {
            sampler.shutdownNow();
            return max.get();
        }
    }
}
