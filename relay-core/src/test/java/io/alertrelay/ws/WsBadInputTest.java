package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad frames get the specified error or close, and the relay goes on serving everyone else. */
class WsBadInputTest {

    @TempDir
    Path dataDir;

    TestRelay relay;
    WsTestClient bystander;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> {
            t.maxMessageBytes = 4096;
            t.framesPerSecond = 20;
        });
        bystander = relay.subscribed(TestRelay.VIEWER);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** The bystander still gets live alerts: whatever the bad client did cost nobody else anything. */
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
    void malformedJsonGetsAnErrorAndTheConnectionStaysOpen() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send("{\"type\":\"ping\",");
        JsonNode e = c.next("error");
        assertThat(e.path("code").asText()).isEqualTo("bad-message");
        assertThat(e.path("message").asText()).contains("JSON");
        c.send("{\"type\":\"ping\",\"id\":\"ok\"}");
        assertThat(c.next("pong").path("id").asText()).isEqualTo("ok");
        bystanderStillServed("AfterMalformed");
    }

    @Test
    void fiveBadFramesInARowCloseWith4400() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        for (int i = 0; i < 4; i++) {
            c.send(i % 2 == 0 ? "not json" : "{\"type\":\"dance\"}");
            assertThat(c.next("error").path("code").asText()).isEqualTo("bad-message");
        }
        c.send("[1,2,3]");
        WsTestClient.Close close = c.awaitClose();
        assertThat(close.code()).isEqualTo(4400);
        bystanderStillServed("After4400");
    }

    @Test
    void fiveBadFramesSentBackToBackStillGetTheirFourErrorsBeforeThe4400() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        for (int i = 0; i < 5; i++) c.send("nope " + i); // back to back: no waiting for the errors
        WsTestClient.Close close = c.awaitClose();
        assertThat(close.code()).isEqualTo(4400);
        assertThat(c.received())
                .filteredOn(f -> f.path("type").asText().equals("error"))
                .hasSize(4);
    }

    @Test
    void aGoodFrameResetsTheBadFrameCount() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                c.send("nope");
                c.next("error");
            }
            c.send("{\"type\":\"ping\",\"id\":\"" + round + "\"}");
            c.next("pong");
        }
        assertThat(c.closed).isNotDone();
    }

    @Test
    void unknownTypeNamesTheAllowedTypes() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send("{\"type\":\"subscribe-all\"}");
        assertThat(c.next("error").path("message").asText())
                .contains("subscribe-all")
                .contains("ping");
    }

    @Test
    void binaryFramesGetAnErrorNotASilentDrop() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.sendBinary(new byte[] {1, 2, 3});
        assertThat(c.next("error").path("message").asText()).contains("binary");
        bystanderStillServed("AfterBinary");
    }

    @Test
    void overSizeFrameClosesWith1009() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(5000) + "\"}");
        assertThat(c.awaitClose().code()).isEqualTo(1009);
        bystanderStillServed("AfterOversize");
        assertThat(relay.relay.metrics().scrape()).contains("relay_frames_rejected_total{reason=\"too-big\"} 1");
    }

    @Test
    void floodOfFramesClosesWith1008() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        for (int i = 0; i < 200 && !c.closed.isDone(); i++) {
            try {
                c.socket()
                        .sendText("{\"type\":\"ping\",\"id\":\"" + i + "\"}", true)
                        .join();
            } catch (RuntimeException closedMeanwhile) {
                break;
            }
        }
        assertThat(c.awaitClose().code()).isEqualTo(1008);
        bystanderStillServed("AfterFlood");
    }
}
