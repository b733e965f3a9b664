package io.alertrelay.hostile;

import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DynamicContainer;

/**
 * A text frame without FIN followed by empty continuation frames, as fast as a socket takes them, before login and
 * after (issue 12, item 6: today continuation frames bypass {@code framesPerSecond}; 5 M frames in 10 s were
 * taken and the relay's memory grew by 500 MiB). Also a slow variant: one continuation frame every half second
 * before login, under the frame rate. The fix's contract: the flooder is closed with 1008 within a couple of
 * seconds; the slow one at the auth timeout; the relay's resident memory grows by less than
 * {@value #RSS_BOUND_MIB} MiB.
 */
final class FragmentAttack {

    static final String FROM = "127.0.0.21";
    static final Duration FLOOD = Duration.ofSeconds(3);
    static final long RSS_BOUND_MIB = 64;
    /** 10,000 empty masked continuation frames (6 bytes each): what one write of the flood sends. */
    private static final byte[] BURST = burst(10_000);

    private FragmentAttack() {}

    static List<DynamicContainer> run(HostileRelay relay) {
        return List.of(flood(relay, false), flood(relay, true), slowBeforeLogin(relay));
    }

    private static DynamicContainer flood(HostileRelay relay, boolean login) {
        String who = login ? "after login (viewer)" : "before login";
        return relay.attack("endless fragments: flood " + who, a -> {
            long rssBefore = relay.rssKib();
            long[] rssPeak = {rssBefore};
            AtomicLong frames = new AtomicLong();
            long started = System.nanoTime();
            try (RawWsSocket ws = open(relay, login ? TestRelay.VIEWER : null)) {
                AtomicLong closeReadAt = new AtomicLong();
                CompletableFuture<String> closed = closeOf(ws, closeReadAt);
                // a write blocks while the relay does not read: the socket is closed under it after the flood's time
                CompletableFuture.delayedExecutor(FLOOD.toMillis() + 1_000, TimeUnit.MILLISECONDS, OWN_THREAD)
                        .execute(() -> quietly(ws));
                ws.sendFrame(false, 1, "{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8));
                OutputStream out = ws.socket().getOutputStream();
                long until = started + FLOOD.toNanos();
                try {
                    while (System.nanoTime() < until && !closed.isDone() && !a.stalled()) {
                        out.write(BURST);
                        frames.addAndGet(BURST.length / 6);
                        rssPeak[0] = Math.max(rssPeak[0], relay.rssKib());
                    }
                } catch (IOException cut) {
                    // the relay closed the connection
                }
                Attack.within(Duration.ofSeconds(2), closed::isDone);
                // when the close frame arrived, not when the blocked write gave up: the relay stops reading a
                // refused peer and cuts its socket only seconds later, so the flooder's last write may hang till then
                long closedAfter =
                        ((closeReadAt.get() != 0 ? closeReadAt.get() : System.nanoTime()) - started) / 1_000_000;
                String close = closed.getNow("still open after " + Window.ms(closedAfter));
                a.outcome(close);
                a.contract
                        .assertThat(close)
                        .as("how the flooder %s was closed", who)
                        .isEqualTo("close 1008");
                a.contract
                        .assertThat(closedAfter)
                        .as("ms until the flooder was closed")
                        .isLessThan(2_000);
            }
            // the relay's memory for a second after the flood: what it kept
            Attack.within(Duration.ofSeconds(1), () -> {
                rssPeak[0] = Math.max(rssPeak[0], relay.rssKib());
                return false;
            });
            long grewMib = (rssPeak[0] - rssBefore) / 1024;
            a.outcome("relay RSS " + rssBefore / 1024 + " → " + rssPeak[0] / 1024 + " MiB (peak)");
            a.contract
                    .assertThat(grewMib)
                    .as("MiB the relay's RSS grew by (VmRSS, %d → %d MiB)", rssBefore / 1024, rssPeak[0] / 1024)
                    .isLessThan(RSS_BOUND_MIB);
            a.size(String.format(
                    "1 socket %s, %,d empty continuation frames in %.1f s",
                    who, frames.get(), (System.nanoTime() - started) / 1e9));
        });
    }

    private static DynamicContainer slowBeforeLogin(HostileRelay relay) {
        return relay.attack("endless fragments: slow, before login", a -> {
            Duration bound = HostileRelay.AUTH_TIMEOUT.plusSeconds(2);
            try (RawWsSocket ws = open(relay, null)) {
                CompletableFuture<String> closed = closeOf(ws, new AtomicLong());
                ws.sendFrame(false, 1, "{\"type\":\"auth\",\"token\":\"".getBytes(StandardCharsets.UTF_8));
                int sent = 0;
                long started = System.nanoTime();
                while (!closed.isDone() && System.nanoTime() - started < bound.toNanos()) {
                    try {
                        ws.sendFrame(false, 0, new byte[0]);
                        sent++;
                    } catch (IOException cut) {
                        break;
                    }
                    Attack.within(Duration.ofMillis(500), closed::isDone); // the next frame half a second later
                }
                Attack.within(Duration.ofSeconds(1), closed::isDone);
                String close = closed.getNow("still open after " + bound.toSeconds() + " s");
                a.outcome(close);
                a.size("1 socket before login, an empty continuation frame every 0.5 s (" + sent + " sent)");
                a.contract
                        .assertThat(close)
                        .as(
                                "an unfinished message before login, past limits.authTimeout (%d s)",
                                HostileRelay.AUTH_TIMEOUT.toSeconds())
                        .isIn("close 4401", "close 1008");
            }
            a.hold(Duration.ofMillis(500));
        });
    }

    /**
     * A new daemon thread per task. Not the common pool: on 2 cores it has one thread, and a reader of an earlier
     * attack blocked in a read there delayed this one's by seconds, so a prompt close looked late.
     */
    private static final java.util.concurrent.Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "fragment-attack");
        t.setDaemon(true);
        t.start();
    };

    /**
     * Reads the relay's frames on a thread of its own: the close frame's code (and, in {@code readAt}, when it was
     * read), or how the connection ended.
     */
    private static CompletableFuture<String> closeOf(RawWsSocket ws, AtomicLong readAt) {
        return CompletableFuture.supplyAsync(
                () -> {
                    long until = System.nanoTime() + ProcessBystanders.CAP.toNanos();
                    try {
                        while (System.nanoTime() < until) {
                            RawWsSocket.Frame f = ws.readFrame(ProcessBystanders.CAP);
                            if (f.opcode() == 8) {
                                readAt.set(System.nanoTime());
                                return "close " + f.closeCode();
                            }
                        }
                        return "no close within 10 s";
                    } catch (EOFException e) {
                        return "TCP closed without a close frame";
                    } catch (SocketTimeoutException e) {
                        return "no close within 10 s";
                    } catch (IOException e) {
                        return "reset";
                    }
                },
                OWN_THREAD);
    }

    private static void quietly(RawWsSocket ws) {
        try {
            ws.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private static RawWsSocket open(HostileRelay relay, String bearer) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(FROM, 0));
        RawWsSocket ws = RawWsSocket.open(s, new InetSocketAddress("127.0.0.1", relay.port()), bearer);
        if (bearer != null) ws.readFrame(ProcessBystanders.CAP); // the welcome
        return ws;
    }

    private static byte[] burst(int frames) {
        byte[] b = new byte[frames * 6];
        for (int i = 0; i < frames; i++) {
            b[i * 6] = 0x00; // FIN 0, opcode 0: a continuation frame
            b[i * 6 + 1] = (byte) 0x80; // masked, no payload; the mask key stays 0
        }
        return b;
    }
}
