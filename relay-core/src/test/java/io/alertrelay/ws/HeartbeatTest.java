package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server pings at heartbeatSeconds; a peer that answers is kept, one that misses two pings is dropped. */
class HeartbeatTest {

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> t.heartbeat = Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDroppedAndALiveOneIsKept() throws IOException {
        WsTestClient alive = relay.subscribed(TestRelay.VIEWER);
        try (RawWsSocket dead = RawWsSocket.open("127.0.0.1", relay.relay.port(), TestRelay.VIEWER)) {
            // it reads the welcome and the pings but never answers one
            assertThat(dead.serverClosesWithin(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(relay.relay.metrics().scrape())
                .contains("relay_frames_rejected_total{reason=\"heartbeat-missed\"} 1.0");
        alive.send("{\"type\":\"ping\",\"id\":\"after\"}");
        assertThat(alive.next("pong").path("id").asText()).isEqualTo("after");
        assertThat(alive.closed).isNotDone();
    }
}
