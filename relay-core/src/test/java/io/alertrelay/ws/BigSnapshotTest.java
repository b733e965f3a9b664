package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot larger than the whole send queue limit still reaches the client (a big wall is not a slow one). */
class BigSnapshotTest {

    @TempDir
    Path dataDir;

    @Test
    void aSnapshotOverTheQueueLimitIsDeliveredNotClosedWith1013() {
        try (TestRelay relay = TestRelay.start(dataDir, t -> t.sendQueueBytes = 64 * 1024)) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 400; i++)
                batch.append(i == 0 ? "" : ",").append(Frames.alertObject("Big", "n", "" + i));
            relay.push(batch.append(']').toString());
            WsTestClient c = relay.client(TestRelay.VIEWER);
            c.send(Frames.subscribe());
            JsonNode snap = c.next("snapshot");
            assertThat(snap.toString().length()).isGreaterThan(64 * 1024);
            assertThat(snap.path("alerts")).hasSize(400);
            relay.push(Frames.alert("After"));
            assertThat(c.next("alert")
                            .path("alert")
                            .path("labels")
                            .path("alertname")
                            .asText())
                    .isEqualTo("After");
            assertThat(c.closed).isNotDone();
        }
    }
}
