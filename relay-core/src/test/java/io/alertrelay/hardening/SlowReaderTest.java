package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that stop reading, on sockets with a 4 KiB receive buffer so they really back up: each is closed with
 * 1013, slows nobody, then reads what was already on its socket, resumes with {@code since} and gets every
 * change it missed by replay (no reset snapshot).
 */
@ExtendWith(BadInputTally.class)
class SlowReaderTest extends BystandedTest {

    static final int STUCK = 3;
    static final int PER_PUSH = 10;
    static final int MAX_PUSHES = 600;

    @BeforeEach
    void start() {
        serve(t -> t.sendQueueBytes = 64 * 1024);
    }

    @Test
    void clientsThatStopReadingAreClosedWith1013AndResumeLosingNothing() throws Exception {
        String epoch = relay.relay.pipeline().epoch();
        List<RawWsSocket> stuck = new ArrayList<>();
        List<Long> snapshotSeqs = new ArrayList<>();
        for (int i = 0; i < STUCK; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            RawWsSocket ws =
                    RawWsSocket.open(s, new InetSocketAddress("127.0.0.1", relay.relay.port()), TestRelay.VIEWER);
            ws.readFrame(Duration.ofSeconds(10));
            ws.sendFrame(1, Frames.subscribe().getBytes(StandardCharsets.UTF_8));
            JsonNode snapshot = Corpus.read(ws.readFrame(Duration.ofSeconds(10)).text());
            assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
            snapshotSeqs.add(snapshot.path("seq").asLong());
            stuck.add(ws);
        }
        // from here on the stuck clients read nothing; 2 KB alerts, ten per push, each push paced to the bystanders
        String blob = "x".repeat(2048);
        int pushes = 0;
        while (!relay.relay.metrics().scrape().contains("relay_slow_consumer_closes_total " + STUCK + ".0")) {
            assertThat(pushes).as("pushes before every stuck client overflowed").isLessThan(MAX_PUSHES);
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < PER_PUSH; i++) {
                body.append(i == 0 ? "" : ",")
                        .append("{\"labels\":{\"alertname\":\"Big\",\"n\":\"")
                        .append(pushes * PER_PUSH + i)
                        .append("\"},\"annotations\":{\"blob\":\"")
                        .append(blob)
                        .append("\"}}");
            }
            relay.push(body.append(']').toString());
            pushes++;
            bystanders.awaitMoreDelivered(0);
        }
        BadInputTally.sent(
                "ws: clients that stop reading (4 KiB rcvbuf)",
                "close 1013 after " + pushes * PER_PUSH + " 2 KB alerts; resumed by replay, 0 lost",
                STUCK);
        long latest = relay.relay.pipeline().latestSeq();

        for (int i = 0; i < STUCK; i++) {
            TreeSet<Long> seqs = new TreeSet<>();
            RawWsSocket.Frame close;
            try (RawWsSocket ws = stuck.get(i)) {
                // what was already in the socket arrives, then the close frame
                close = ws.readUntilClose(Duration.ofSeconds(20), text -> {
                    JsonNode f = Corpus.read(text);
                    if (f.has("seq")) seqs.add(f.path("seq").asLong());
                });
            }
            assertThat(close.closeCode()).isEqualTo(1013);
            long lastSeen = seqs.isEmpty() ? snapshotSeqs.get(i) : seqs.last();
            WsTestClient back = relay.client(TestRelay.VIEWER);
            back.send(Frames.resume(epoch, lastSeen));
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            back.received().stream().anyMatch(f -> f.path("seq").asLong() >= latest && f.has("alert")));
            assertThat(back.received()).noneMatch(f -> f.path("type").asText().equals("snapshot"));
            back.received().stream()
                    .filter(f -> f.has("alert") || f.has("silence"))
                    .forEach(f -> seqs.add(f.path("seq").asLong()));
            // every change from the snapshot on, across the two connections, none missing
            assertThat(seqs.first()).isEqualTo(snapshotSeqs.get(i) + 1);
            assertThat(seqs.last()).isGreaterThanOrEqualTo(latest);
            assertThat(seqs).hasSize((int) (seqs.last() - seqs.first() + 1));
            back.close();
        }
        bystanders.proveNothingLost();
    }
}
