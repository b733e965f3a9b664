package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped upstream's passive failover, with two relays behind nginx: when one stops, its clients' reconnects
 * and every new request go to the other, with no error seen by anyone. (These two relays do not share state;
 * with cluster.redis they would, and the moved clients would resume by replay instead of a fresh snapshot.)
 */
class NginxFailoverTest {

    @TempDir
    Path dir;

    TestRelay a;
    TestRelay b;
    Nginx nginx;
    final List<WsTestClient> clients = new ArrayList<>();
    final java.util.Map<WsTestClient, String> epochOf = new java.util.HashMap<>();

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (nginx != null) nginx.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    /** A signed-in client and the epoch of the relay it landed on. */
    String connect() {
        WsTestClient c = WsTestClient.connect(nginx.http(), nginx.wsUri(), TestRelay.VIEWER);
        clients.add(c);
        String epoch = c.next("welcome").path("epoch").asText();
        epochOf.put(c, epoch);
        return epoch;
    }

    int push(int n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(nginx.base() + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TestRelay.INGEST)
                .POST(HttpRequest.BodyPublishers.ofString(Frames.alert("Failover", "n", "" + n)))
                .build();
        return nginx.http().send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void whenARelayStopsItsClientsAndNewRequestsGoToTheOther() throws Exception {
        a = TestRelay.start(dir.resolve("a"));
        b = TestRelay.start(dir.resolve("b"));
        nginx = Nginx.start(dir.resolve("nginx"), List.of(a.relay.port(), b.relay.port()));
        String epochA = a.relay.pipeline().epoch();
        String epochB = b.relay.pipeline().epoch();

        Set<String> landed = new HashSet<>();
        for (int i = 0; i < 4; i++) landed.add(connect());
        assertThat(landed).as("least_conn spreads connections over both").containsExactlyInAnyOrder(epochA, epochB);

        a.close();
        List<WsTestClient> onA =
                clients.stream().filter(c -> epochOf.get(c).equals(epochA)).toList();
        assertThat(onA)
                .as("clients of the stopped relay are told it is going away")
                .allMatch(c -> c.awaitClose().code() == 1001);
        // every reconnect and every push now reaches b: nginx skips a (connection refused) on its own
        for (int i = 0; i < 6; i++) assertThat(connect()).isEqualTo(epochB);
        for (int i = 0; i < 6; i++) assertThat(push(i)).isEqualTo(200);
        assertThat(nginx.log()).contains("connect() failed (111: Connection refused)");
    }
}
