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

/** Nothing lost across a reconnect: replay while the journal holds the gap, a reset snapshot when it does not. */
class WsResumeTest {

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> t.journalMaxEntries = 100);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void reconnectWithSinceReplaysExactlyWhatWasMissedInOrderWithoutASnapshot() {
        WsTestClient first = relay.subscribed(TestRelay.VIEWER);
        relay.push(Frames.alert("A"));
        JsonNode seen = first.next("alert");
        String epoch = relay.relay.pipeline().epoch();
        long lastSeq = seen.path("seq").asLong();
        first.close();

        relay.push(Frames.alert("B"));
        relay.push(Frames.alert("C"));
        relay.push(Frames.alert("D"));

        WsTestClient again = relay.client(TestRelay.VIEWER);
        again.send(Frames.resume(epoch, lastSeq));
        for (String name : new String[] {"B", "C", "D"}) {
            JsonNode f = again.next();
            assertThat(f.path("type").asText()).isEqualTo("alert");
            assertThat(f.path("seq").asLong()).isEqualTo(++lastSeq);
            assertThat(f.path("alert").path("labels").path("alertname").asText())
                    .isEqualTo(name);
        }
        relay.push(Frames.alert("E"));
        assertThat(again.next().path("seq").asLong()).isEqualTo(lastSeq + 1);
        assertThat(relay.relay.metrics().scrape()).contains("relay_resumes_total{outcome=\"replayed\"} 1");
    }

    @Test
    void resumeWithAFilterReplaysOnlyMatchingChanges() {
        String epoch = relay.relay.pipeline().epoch();
        long seq = relay.relay.pipeline().latestSeq();
        relay.push(Frames.alert("A", "env", "prod"));
        relay.push(Frames.alert("B", "env", "dev"));
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send(Frames.resume(epoch, seq, "env=prod"));
        assertThat(c.next().path("alert").path("labels").path("alertname").asText())
                .isEqualTo("A");
        c.send("{\"type\":\"ping\",\"id\":\"fence\"}");
        assertThat(c.next().path("type").asText()).isEqualTo("pong");
    }

    @Test
    void unknownEpochGetsAResetSnapshot() {
        relay.push(Frames.alert("A"));
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send(Frames.resume("some-other-epoch", 3));
        JsonNode snap = c.next();
        assertThat(snap.path("type").asText()).isEqualTo("snapshot");
        assertThat(snap.path("reset").asBoolean()).isTrue();
        assertThat(snap.path("alerts")).hasSize(1);
        assertThat(snap.path("seq").asLong()).isEqualTo(relay.relay.pipeline().latestSeq());
    }

    @Test
    void sinceOlderThanTheJournalGetsAResetSnapshotThatHoldsEverything() {
        String epoch = relay.relay.pipeline().epoch();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 150; i++) batch.append(i == 0 ? "" : ",").append(Frames.alertObject("Many", "n", "" + i));
        relay.push(batch.append(']').toString());
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send(Frames.resume(epoch, 1));
        JsonNode snap = c.next();
        assertThat(snap.path("type").asText()).isEqualTo("snapshot");
        assertThat(snap.path("reset").asBoolean()).isTrue();
        assertThat(snap.path("alerts")).hasSize(150);
    }

    @Test
    void sinceAheadOfTheServerGetsAResetSnapshot() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send(Frames.resume(relay.relay.pipeline().epoch(), 999));
        assertThat(c.next().path("reset").asBoolean()).isTrue();
    }
}
