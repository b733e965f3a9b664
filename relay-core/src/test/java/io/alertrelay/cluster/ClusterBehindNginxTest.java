package io.alertrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.RedisServer;
import io.alertrelay.testing.RelayProcess;
import io.alertrelay.testing.ResumingWall;
import io.alertrelay.testing.TcpProxy;
import io.alertrelay.testing.TestHttp;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up docs/cluster.md describes, with real programs: redis-server, three relays as separate
 * processes, and the shipped nginx site in front of them. A node is killed with SIGKILL and Redis is restarted
 * while walls (clients that resume as the alert wall does) watch through nginx and alerts keep coming in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster for all three: starting it is most of the time
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBehindNginxTest {

    private static final HttpClient DIRECT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    RedisServer redis;
    final List<RelayProcess> nodes = new ArrayList<>();
    Nginx nginx;
    final List<ResumingWall> walls = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = TcpProxy.freePort();
            ports.add(port);
            nodes.add(RelayProcess.start(
                    dir,
                    dir.resolve("node" + i),
                    port,
                    "cluster: {redis: \"" + redis.url() + "\"}\nalerts: {resolveTimeout: 10m}\n"));
        }
        nginx = Nginx.start(dir.resolve("nginx"), ports);
    }

    @AfterEach
    void closeWalls() {
        walls.forEach(ResumingWall::close);
        walls.clear();
    }

    @AfterAll
    void stop() {
        if (nginx != null) nginx.close();
        nodes.forEach(RelayProcess::close);
        redis.close();
    }

    @Test
    @Order(1)
    void anAlertInOnNodeOneReachesClientsOfNodesTwoAndThreeAndAnAckOnThreeReachesOne() {
        WsTestClient on1 = subscribedDirect(0);
        WsTestClient on2 = subscribedDirect(1);
        WsTestClient on3 = subscribedDirect(2);

        assertThat(post(nodes.get(0).base(), TestRelay.INGEST, Frames.alert("DiskFull", "instance", "vps-7")))
                .isEqualTo(200);
        JsonNode seen2 = on2.next("alert");
        assertThat(on3.next("alert")).isEqualTo(seen2);
        assertThat(on1.next("alert")).isEqualTo(seen2);
        String fp = seen2.path("alert").path("fingerprint").asText();

        WsTestClient operator = WsTestClient.connect(wsUri(nodes.get(2)), TestRelay.OPERATOR);
        operator.next("welcome");
        operator.send("{\"type\":\"ack\",\"fingerprint\":\"" + fp + "\",\"comment\":\"mine\",\"id\":\"k\"}");
        JsonNode acked = on1.next("alert");
        assertThat(acked.path("seq").asLong()).isEqualTo(seen2.path("seq").asLong() + 1);
        assertThat(acked.path("alert").path("ack").path("by").asText()).isEqualTo("operator");
        List.of(on1, on2, on3, operator).forEach(WsTestClient::close);
    }

    @Test
    @Order(3) // last: it leaves two nodes
    void whenANodeIsKilledItsClientsResumeThroughNginxOnAnotherNodeWithNothingLostAndNoReset() throws Exception {
        openWalls(24);
        // least_conn spreads the walls; the one to kill must hold some
        RelayProcess victim = nodes.get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> viewerSessions(victim) > 0);
        int onVictim = viewerSessions(victim);

        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        for (int i = 0; i < 150; i++) {
            String name = "Tick" + i;
            // as Prometheus does: a push that was not answered 200 is sent again
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> postThroughNginx(Frames.alert(name)) == 200);
            answered.add(name);
            if (i == 50) {
                victim.kill();
                killed.set(true);
            }
        }

        long latest = sharedLatestSeq();
        await().atMost(Duration.ofSeconds(30)).until(() -> walls.stream().allMatch(w -> w.lastSeq() == latest));
        int reconnected = 0;
        for (ResumingWall w : walls) {
            assertThat(w.gaps()).as("gaps").isZero();
            assertThat(w.resets()).as("resets").isZero();
            assertThat(w.snapshotsAfterResume()).as("snapshots after a resume").isZero();
            assertThat(w.alertNames()).containsAll(answered);
            if (w.connections() > 1) reconnected++;
        }
        assertThat(reconnected)
                .as("walls that were on the killed node and came back elsewhere")
                .isGreaterThanOrEqualTo(onVictim);
        System.out.printf(
                "cluster SIGKILL: %d walls, %d on the killed node, %d reconnected through nginx, %d alerts"
                        + " answered 200, last seq %d on every wall, 0 gaps, 0 resets%n",
                walls.size(), onVictim, reconnected, answered.size(), latest);
    }

    @Test
    @Order(2)
    void aRedisRestartIsRecoveredByItselfAndWallsMissNothing() throws Exception {
        openWalls(6);
        assertThat(postThroughNginx(Frames.alert("Before"))).isEqualTo(200);

        redis.restart();

        // refused (503) or taken: whatever the sender was told 200 for must reach every wall
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> postThroughNginx(Frames.alert("After")) == 200);
        for (RelayProcess n : nodes) {
            await().atMost(Duration.ofSeconds(10)).until(() -> TestHttp.status(n.base() + "/readyz") == 200);
        }
        long latest = sharedLatestSeq();
        await().atMost(Duration.ofSeconds(20)).until(() -> walls.stream().allMatch(w -> w.lastSeq() == latest));
        for (ResumingWall w : walls) {
            assertThat(w.alertNames()).contains("Before", "After");
            assertThat(w.gaps() + w.resets() + w.snapshotsAfterResume()).isZero();
        }
    }

    private long sharedLatestSeq() {
        try (var r = redis.client()) {
            return Long.parseLong(r.get("{alert-relay}:seq"));
        }
    }

    private void openWalls(int n) {
        for (int i = 0; i < n; i++) walls.add(ResumingWall.open(nginx.http(), nginx.wsUri(), TestRelay.VIEWER));
        await().atMost(Duration.ofSeconds(20)).until(() -> walls.stream().allMatch(ResumingWall::subscribed));
    }

    private WsTestClient subscribedDirect(int node) {
        WsTestClient c = WsTestClient.connect(wsUri(nodes.get(node)), TestRelay.VIEWER);
        c.next("welcome");
        c.send(Frames.subscribe());
        c.next("snapshot");
        return c;
    }

    private static URI wsUri(RelayProcess node) {
        return URI.create(node.base().replaceFirst("^http", "ws") + "/ws");
    }

    private int postThroughNginx(String body) {
        return send(nginx.http(), nginx.base() + "/api/v2/alerts", TestRelay.INGEST, body);
    }

    private static int post(String base, String token, String body) {
        return send(DIRECT, base + "/api/v2/alerts", token, body);
    }

    private static int send(HttpClient http, String url, String token, String body) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1; // no answer: the sender retries
        }
    }

    private static int viewerSessions(RelayProcess node) throws Exception {
        String scrape = DIRECT.send(
                        HttpRequest.newBuilder(URI.create(node.base() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("relay_sessions{") && line.contains("role=\"viewer\"")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
