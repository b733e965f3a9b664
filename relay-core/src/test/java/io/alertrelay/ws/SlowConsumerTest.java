package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is closed with 1013, slows no one, and resumes losing nothing. */
class SlowConsumerTest {

    static final int ALERTS = 6000;
    static final int BATCH = 50;

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> t.sendQueueBytes = 256 * 1024);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aClientThatNeverReadsIsClosedWith1013AndOthersGetEverything() {
        String epoch = relay.relay.pipeline().epoch();
        WsTestClient reader = relay.subscribed(TestRelay.VIEWER);
        WsTestClient stuck = relay.track(WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER, null, false));
        stuck.send(Frames.subscribe());

        // ~6.5 MB in all: more than loopback socket buffers hold, in pushes well under a reader's queue
        String big = "x".repeat(1000);
        for (int batch = 0; batch < ALERTS / BATCH; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                int n = batch * BATCH + i;
                body.append(i == 0 ? "" : ",")
                        .append("{\"labels\":{\"alertname\":\"Load\",\"n\":\"")
                        .append(n)
                        .append("\"},\"annotations\":{\"blob\":\"")
                        .append(big)
                        .append("\"}}");
            }
            relay.push(body.append(']').toString());
            // pace the pushes to the reader, so only the stuck client's queue can overflow however busy the machine
            int pushed = (batch + 1) * BATCH;
            await().atMost(Duration.ofSeconds(30)).until(() -> count(reader, "alert") == pushed);
        }

        // the reader got every change while the stuck client was holding its socket full
        assertThat(count(reader, "alert")).isEqualTo(ALERTS);
        assertSeqsGapFree(reader);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> relay.relay.metrics().scrape().contains("relay_slow_consumer_closes_total 1.0"));

        stuck.startReading();
        WsTestClient.Close close = stuck.awaitClose();
        assertThat(close.code()).isEqualTo(1013);

        // it resumes from the last seq it saw and ends up with every change, no reset
        long lastSeen = stuck.received().stream()
                .filter(f -> f.path("type").asText().equals("alert"))
                .mapToLong(f -> f.path("seq").asLong())
                .max()
                .orElse(0);
        WsTestClient back = relay.client(TestRelay.VIEWER);
        back.send(Frames.resume(epoch, lastSeen));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(back, "alert") == ALERTS - lastSeen);
        assertThat(count(back, "snapshot")).isZero();
        Set<Long> seqs = new TreeSet<>();
        for (WsTestClient c : new WsTestClient[] {stuck, back}) {
            c.received().stream()
                    .filter(f -> f.path("type").asText().equals("alert"))
                    .forEach(f -> seqs.add(f.path("seq").asLong()));
        }
        assertThat(seqs).hasSize(ALERTS);
    }

    private static long count(WsTestClient c, String type) {
        return c.received().stream()
                .filter(f -> f.path("type").asText().equals(type))
                .count();
    }

    private static void assertSeqsGapFree(WsTestClient c) {
        long prev = -1;
        for (JsonNode f : c.received()) {
            if (!f.path("type").asText().equals("alert")) continue;
            long seq = f.path("seq").asLong();
            if (prev >= 0) assertThat(seq).as("seq after %d", prev).isEqualTo(prev + 1);
            prev = seq;
        }
    }
}
