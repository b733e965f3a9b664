package io.alertrelay.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RelayProcess;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import io.alertrelay.wire.WireCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of a burst of ingests, acks and silences, then a start on the same dataDir: every
 * request that was answered 2xx is there, and a client that was watching resumes from the last seq it saw,
 * by replay, without a reset, and ends up having seen every alert that was answered 2xx.
 */
class CrashRecoveryTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void everythingAnswered2xxSurvivesSigkillAndTheClientResumesWithoutAReset() throws Exception {
        Path dataDir = dir.resolve("data");
        Set<String> ingested = ConcurrentHashMap.newKeySet(); // alertnames answered 200
        Set<String> acked = ConcurrentHashMap.newKeySet(); // fingerprints whose ack answered 200
        Set<String> silenced = ConcurrentHashMap.newKeySet(); // silence ids answered 201
        AtomicBoolean stop = new AtomicBoolean();
        String epoch;
        long lastSeen;
        List<JsonNode> seenBefore;

        RelayProcess first = RelayProcess.start(dir, dataDir, 0, "");
        String base = first.base();
        WsTestClient wall = WsTestClient.connect(URI.create(base.replace("http", "ws") + "/ws"), TestRelay.VIEWER);
        epoch = wall.next("welcome").path("epoch").asText();
        wall.send(Frames.subscribe());
        wall.next("snapshot");

        ExecutorService load = Executors.newFixedThreadPool(3);
        for (int t = 0; t < 2; t++) {
            int thread = t;
            load.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    List<String> names = new ArrayList<>();
                    StringBuilder body = new StringBuilder("[");
                    for (int k = 0; k < 5; k++) {
                        String name = "Burst-" + thread + "-" + i + "-" + k;
                        names.add(name);
                        body.append(k == 0 ? "" : ",").append(Frames.alertObject(name, "instance", "vps-" + thread));
                    }
                    if (post(
                                    base,
                                    "/api/v2/alerts",
                                    TestRelay.INGEST,
                                    body.append("]").toString())
                            == 200) {
                        ingested.addAll(names);
                    }
                }
            });
        }
        load.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
                HttpResponse<String> r = send(base, "GET", "/api/alerts", TestRelay.VIEWER, null);
                if (r == null) continue;
                JsonNode alerts = json(r.body());
                if (alerts.size() > 0) {
                    String fp = alerts.get((i * 7919) % alerts.size())
                            .path("fingerprint")
                            .asText();
                    if (post(base, "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"c" + i + "\"}")
                            == 200) {
                        acked.add(fp);
                    }
                }
                HttpResponse<String> s = send(
                        base,
                        "POST",
                        "/api/silences",
                        TestRelay.OPERATOR,
                        "{\"matchers\":[\"alertname=\\\"Never-" + i + "\\\"\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}");
                if (s != null && s.statusCode() == 201)
                    silenced.add(json(s.body()).path("id").asText());
            }
        });

        // a second wall leaves half-way: after the restart it must get everything since by replay
        WsTestClient leaver = WsTestClient.connect(URI.create(base.replace("http", "ws") + "/ws"), TestRelay.VIEWER);
        leaver.next("welcome");
        leaver.send(Frames.subscribe());
        leaver.next("snapshot");
        await().atMost(Duration.ofSeconds(60)).until(() -> ingested.size() >= 1000);
        leaver.close();
        List<JsonNode> leaverSaw = leaver.received().stream()
                .filter(x -> x.has("seq") && !x.path("type").asText().equals("snapshot"))
                .toList();
        long leaverSeq = leaverSaw.isEmpty()
                ? 0
                : leaverSaw.get(leaverSaw.size() - 1).path("seq").asLong();

        await().atMost(Duration.ofSeconds(60)).until(() -> ingested.size() >= 3000 && silenced.size() >= 20);
        first.kill(); // SIGKILL while the load goes on
        stop.set(true);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        wall.awaitClose();
        seenBefore = wall.received().stream()
                .filter(f -> f.has("seq") && !f.path("type").asText().equals("snapshot"))
                .toList();
        lastSeen = seenBefore.get(seenBefore.size() - 1).path("seq").asLong();

        try (RelayProcess second = RelayProcess.start(dir, dataDir, 0, "")) {
            String base2 = second.base();
            JsonNode alerts = json(
                    send(base2, "GET", "/api/alerts", TestRelay.VIEWER, null).body());
            Set<String> names = new HashSet<>();
            for (JsonNode a : alerts) {
                names.add(a.path("labels").path("alertname").asText());
                if (acked.contains(a.path("fingerprint").asText())) {
                    assertThat(a.path("ack").isObject())
                            .as("ack of %s", a.path("fingerprint"))
                            .isTrue();
                }
            }
            assertThat(names).containsAll(ingested);
            Set<String> silenceIds = new HashSet<>();
            for (JsonNode s : json(
                    send(base2, "GET", "/api/silences", TestRelay.VIEWER, null).body())) {
                silenceIds.add(s.path("id").asText());
            }
            assertThat(silenceIds).containsAll(silenced);

            String marker = "AfterRestart";
            assertThat(post(base2, "/api/v2/alerts", TestRelay.INGEST, Frames.alert(marker)))
                    .isEqualTo(200);
            List<JsonNode> replayed = resume(base2, epoch, lastSeen, marker);

            List<JsonNode> leaverReplay = resume(base2, epoch, leaverSeq, marker);
            Set<String> leaverNames = new HashSet<>();
            for (JsonNode x : leaverSaw)
                leaverNames.add(x.path("alert").path("labels").path("alertname").asText());
            // the load began before the leaver subscribed: what came before is in its snapshot, not in its frames
            for (JsonNode x : leaver.received()) {
                if (!x.path("type").asText().equals("snapshot")) continue;
                for (JsonNode a : x.path("alerts"))
                    leaverNames.add(a.path("labels").path("alertname").asText());
            }
            for (JsonNode x : leaverReplay)
                leaverNames.add(x.path("alert").path("labels").path("alertname").asText());
            assertThat(leaverNames).containsAll(ingested);

            Set<String> clientSaw = new HashSet<>();
            for (JsonNode x : seenBefore)
                clientSaw.add(x.path("alert").path("labels").path("alertname").asText());
            for (JsonNode x : replayed)
                clientSaw.add(x.path("alert").path("labels").path("alertname").asText());
            assertThat(clientSaw).containsAll(ingested);
            System.out.printf(
                    "crash test: %d alerts, %d acks, %d silences answered 2xx before SIGKILL; client had"
                            + " seen seq %d, %d changes replayed after restart; a wall that left at seq %d got %d by"
                            + " replay;"
                            + " nothing lost%n",
                    ingested.size(),
                    acked.size(),
                    silenced.size(),
                    lastSeen,
                    replayed.size() - 1,
                    leaverSeq,
                    leaverReplay.size());
        } finally {
            first.close();
        }
    }

    /**
     * Resumes from {@code seq} in {@code epoch} (which the restarted relay must still be in) and reads up to the
     * alert named {@code until}; fails on a snapshot or a gap.
     */
    private static List<JsonNode> resume(String base, String epoch, long seq, String until) {
        WsTestClient c = WsTestClient.connect(URI.create(base.replace("http", "ws") + "/ws"), TestRelay.VIEWER);
        assertThat(c.next("welcome").path("epoch").asText()).isEqualTo(epoch);
        c.send(Frames.resume(epoch, seq));
        List<JsonNode> out = new ArrayList<>();
        JsonNode f;
        do {
            f = c.next();
            assertThat(f.path("type").asText())
                    .as("no snapshot, no reset: %s", f)
                    .isIn("alert", "silence");
            assertThat(f.path("seq").asLong()).isEqualTo(seq + out.size() + 1);
            out.add(f);
        } while (!until.equals(f.path("alert").path("labels").path("alertname").asText()));
        c.close();
        return out;
    }

    private static int post(String base, String path, String token, String body) {
        HttpResponse<String> r = send(base, "POST", path, token, body);
        return r == null ? -1 : r.statusCode();
    }

    /** Null when the relay is unreachable (it was killed): such a request was not answered, so not counted. */
    private static HttpResponse<String> send(String base, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode json(String body) {
        try {
            return WireCodec.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
