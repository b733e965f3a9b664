package io.alertrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.config.ClusterConfig;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RedisServer;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.params.XTrimParams;

/**
 * Three relays in one JVM sharing a real redis-server: one journal, one order, one state, whichever node a change
 * came in on. (ClusterBehindNginxTest runs them as separate processes behind nginx and kills one.)
 */
class ClusterTest {

    @TempDir
    Path dir;

    RedisServer redis;
    final List<TestRelay> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServer.start(dir.resolve("redis"));
        for (int i = 0; i < 3; i++) nodes.add(node(i));
    }

    private TestRelay node(int i) {
        return TestRelay.start(dir.resolve("node" + i), t -> {
            t.resolveTimeout = Duration.ofSeconds(4);
            t.config = c -> c.withCluster(new ClusterConfig(redis.url()));
        });
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestRelay::close);
        redis.close();
    }

    @Test
    void everyNodeSharesOneEpochAndAnAlertIngestedOnOneReachesClientsOfTheOthers() {
        assertThat(nodes)
                .extracting(n -> n.relay.pipeline().epoch())
                .containsOnly(nodes.get(0).relay.pipeline().epoch());
        WsTestClient on2 = nodes.get(1).subscribed(TestRelay.VIEWER);
        WsTestClient on3 = nodes.get(2).subscribed(TestRelay.VIEWER);

        nodes.get(0).push(Frames.alert("DiskFull", "instance", "vps-1"));

        JsonNode a2 = on2.next("alert");
        JsonNode a3 = on3.next("alert");
        assertThat(a2.path("seq").asLong()).isEqualTo(1);
        assertThat(a3).isEqualTo(a2);
        assertThat(a2.path("alert").path("labels").path("alertname").asText()).isEqualTo("DiskFull");
        assertThat(nodes.get(2)
                        .http("GET", "/api/alerts", TestRelay.VIEWER, null)
                        .body())
                .contains("DiskFull");
    }

    @Test
    void anAckOnOneNodeReachesClientsOfAnotherAndItsApi() {
        WsTestClient on1 = nodes.get(0).subscribed(TestRelay.VIEWER);
        nodes.get(0).push(Frames.alert("CpuHigh"));
        String fp = on1.next("alert").path("alert").path("fingerprint").asText();

        WsTestClient operatorOn3 = nodes.get(2).client(TestRelay.OPERATOR);
        operatorOn3.send("{\"type\":\"ack\",\"fingerprint\":\"" + fp + "\",\"comment\":\"on it\",\"id\":\"a1\"}");

        JsonNode acked = on1.next("alert");
        assertThat(acked.path("seq").asLong()).isEqualTo(2);
        assertThat(acked.path("alert").path("ack").path("comment").asText()).isEqualTo("on it");
        assertThat(nodes.get(0)
                        .http("GET", "/api/alerts", TestRelay.VIEWER, null)
                        .body())
                .contains("on it");
    }

    @Test
    void concurrentWritesOnEveryNodeComeOutInOneGapFreeOrderOnEveryNode() throws Exception {
        List<WsTestClient> watchers =
                nodes.stream().map(n -> n.subscribed(TestRelay.VIEWER)).toList();
        int perNode = 60;
        ExecutorService pushers = Executors.newFixedThreadPool(nodes.size());
        List<Future<?>> done = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            TestRelay node = nodes.get(n);
            int id = n;
            done.add(pushers.submit(() -> {
                for (int i = 0; i < perNode; i++) node.push(Frames.alert("Burst", "node", "n" + id, "i", "" + i));
            }));
        }
        for (Future<?> f : done) f.get();
        pushers.shutdown();

        int total = perNode * nodes.size();
        List<List<JsonNode>> seen = new ArrayList<>();
        for (WsTestClient w : watchers) {
            List<JsonNode> frames = new ArrayList<>();
            for (int i = 0; i < total; i++) frames.add(w.next("alert"));
            seen.add(frames);
        }
        for (List<JsonNode> frames : seen) {
            for (int i = 0; i < total; i++)
                assertThat(frames.get(i).path("seq").asLong()).isEqualTo(i + 1);
            assertThat(frames).isEqualTo(seen.get(0)); // the very same frames, in the same order, on every node
        }
        try (var r = redis.client()) {
            assertThat(r.get("{alert-relay}:seq")).isEqualTo(Integer.toString(total));
        }
    }

    @Test
    void aClientResumesOnAnotherNodeByReplayWithoutAReset() {
        WsTestClient on1 = nodes.get(0).subscribed(TestRelay.VIEWER);
        nodes.get(0).push(Frames.alert("A"));
        long last = on1.next("alert").path("seq").asLong();
        String epoch = nodes.get(0).relay.pipeline().epoch();
        on1.close();
        nodes.get(1).push(Frames.alert("B"));
        nodes.get(2).push(Frames.alert("C"));

        WsTestClient on2 = nodes.get(1).client(TestRelay.VIEWER);
        on2.send(Frames.resume(epoch, last));
        assertThat(on2.next().path("alert").path("labels").path("alertname").asText())
                .isEqualTo("B");
        JsonNode c = on2.next();
        assertThat(c.path("type").asText()).isEqualTo("alert");
        assertThat(c.path("seq").asLong()).isEqualTo(last + 2);
    }

    @Test
    void reSendsToOtherNodesKeepAnAlertFiringEverywhereAndItResolvesOnceWhenTheyStop() {
        WsTestClient on1 = nodes.get(0).subscribed(TestRelay.VIEWER);
        nodes.get(0).push(Frames.alert("Flappy"));
        on1.next("alert");
        // re-sent to node 3 only, well inside the 4 s resolve timeout: node 1 must not resolve it meanwhile
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    nodes.get(2).push(Frames.alert("Flappy"));
                    return on1.pending().isEmpty();
                });
        JsonNode resolved = on1.next("alert");
        assertThat(resolved.path("alert").path("status").asText()).isEqualTo("resolved");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> on1.pending().isEmpty());
    }

    @Test
    void withRedisDownIngestIsRefusedClientsStayAndEverythingCatchesUpWhenItIsBack() {
        WsTestClient on2 = nodes.get(1).subscribed(TestRelay.VIEWER);
        nodes.get(0).push(Frames.alert("Before"));
        on2.next("alert");

        redis.stop();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodes.get(0).http("GET", "/readyz", null, null).statusCode() == 503);
        var refused = nodes.get(0).http("POST", "/api/v2/alerts", TestRelay.INGEST, Frames.alert("During"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("Redis");
        assertThat(nodes.get(1).relay.metrics().scrape()).contains("relay_cluster_redis_up 0.0");
        // down for longer than "Before"'s 4 s expiry, while its sender (told 503) could not re-send: the wall keeps
        // its connection, and "Before" must not resolve when Redis is back just because nobody could refresh it
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> !on2.closed.isDone());

        redis.restart();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodes.get(0).http("GET", "/readyz", null, null).statusCode() == 200);
        nodes.get(0).push(Frames.alert("After"));
        JsonNode after = on2.next("alert");
        assertThat(after.path("seq").asLong()).isEqualTo(2);
        assertThat(after.path("alert").path("labels").path("alertname").asText())
                .isEqualTo("After");
        assertThat(nodes.get(1).relay.metrics().scrape()).contains("relay_cluster_redis_up 1.0");
    }

    @Test
    void aNodeStartingOnAnEmptyRedisDoesNotWipeWhatTheRunningNodesHold() {
        WsTestClient operator = nodes.get(0).client(TestRelay.OPERATOR);
        operator.send(Frames.subscribe());
        operator.next("snapshot");
        nodes.get(0).push(Frames.alert("Held"));
        String fp = operator.next("alert").path("alert").path("fingerprint").asText();
        operator.send("{\"type\":\"ack\",\"fingerprint\":\"" + fp + "\",\"comment\":\"mine\",\"id\":\"a\"}");
        operator.next("alert");
        operator.send("{\"type\":\"silence\",\"matchers\":[\"team=db\"],\"endsAt\":\"2099-01-01T00:00:00Z\","
                + "\"comment\":\"maintenance\",\"id\":\"s\"}");
        operator.next("silence");

        redis.restartEmpty();
        nodes.add(node(3)); // starts on the empty Redis, possibly before the running nodes notice it is empty

        await().atMost(Duration.ofSeconds(15))
                .until(() -> nodes.stream()
                                        .map(n -> n.relay.pipeline().epoch())
                                        .distinct()
                                        .count()
                                == 1
                        && nodes.stream()
                                .allMatch(n -> n.relay.pipeline().alerts().size() == 1));
        for (TestRelay n : nodes) {
            assertThat(n.relay.pipeline().alerts().get(0).ack())
                    .as("the ack survives")
                    .isNotNull();
            assertThat(n.relay.pipeline().silences()).as("the silence survives").hasSize(1);
        }
    }

    @Test
    void aRedisThatWentBackInTimeGetsTheStateUnderANewEpochInsteadOfReusingSeqs() {
        WsTestClient on1 = nodes.get(0).subscribed(TestRelay.VIEWER);
        for (String name : List.of("One", "Two", "Three")) nodes.get(0).push(Frames.alert(name));
        for (int i = 0; i < 3; i++) on1.next("alert");
        String oldEpoch = nodes.get(0).relay.pipeline().epoch();
        // what a failover to a replica one second behind looks like: the last two changes are gone
        try (var r = redis.client()) {
            r.xtrim("{alert-relay}:journal", XTrimParams.xTrimParams().maxLen(1));
            r.set("{alert-relay}:seq", "1");
        }

        assertThat(on1.awaitClose().code()).isEqualTo(1013);
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        nodes.stream().allMatch(n -> !n.relay.pipeline().epoch().equals(oldEpoch))
                                && nodes.stream()
                                                .map(n -> n.relay.pipeline().epoch())
                                                .distinct()
                                                .count()
                                        == 1);
        nodes.get(1).push(Frames.alert("Four"));
        for (TestRelay n : nodes) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> n.relay.pipeline().alerts().size() == 4);
        }
        WsTestClient again = nodes.get(2).client(TestRelay.VIEWER);
        again.send(Frames.resume(oldEpoch, 3));
        JsonNode snapshot = again.next("snapshot");
        assertThat(snapshot.path("reset").asBoolean()).isTrue();
        assertThat(snapshot.path("alerts")).hasSize(4);
    }

    @Test
    void aRedisThatComesBackEmptyGetsTheStateAgainUnderANewEpochAndClientsResumeWithAReset() {
        WsTestClient on3 = nodes.get(2).subscribed(TestRelay.VIEWER);
        nodes.get(0).push(Frames.alert("Kept"));
        long seq = on3.next("alert").path("seq").asLong();
        String oldEpoch = nodes.get(2).relay.pipeline().epoch();

        redis.restartEmpty();

        assertThat(on3.awaitClose().code()).isEqualTo(1013);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodes.stream()
                                        .map(n -> n.relay.pipeline().epoch())
                                        .distinct()
                                        .toList()
                                        .size()
                                == 1
                        && !nodes.get(0).relay.pipeline().epoch().equals(oldEpoch));
        WsTestClient again = nodes.get(2).client(TestRelay.VIEWER);
        again.send(Frames.resume(oldEpoch, seq));
        JsonNode snapshot = again.next("snapshot");
        assertThat(snapshot.path("reset").asBoolean()).isTrue();
        assertThat(snapshot.path("alerts").toString()).contains("Kept");
    }
}
