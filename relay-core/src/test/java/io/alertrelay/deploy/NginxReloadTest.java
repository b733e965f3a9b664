package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.ResumingWall;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nginx -s reload} while alerts stream: the old workers keep serving the WebSockets they hold, the new ones
 * take every new request, and when worker_shutdown_timeout (10 s, as shipped) ends the old workers, their clients
 * reconnect with {@code since} and get what they missed by replay: every change once, in order, no reset.
 */
class NginxReloadTest {

    @TempDir
    Path dir;

    TestRelay relay;
    Nginx nginx;
    final List<ResumingWall> clients = new ArrayList<>();
    ScheduledExecutorService pusher;
    final AtomicInteger pushed = new AtomicInteger();
    final List<String> refused = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        relay = TestRelay.start(
                dir.resolve("data"),
                t -> t.config = c -> c.withServer(c.server().withTrustedProxies(NginxProtocolTest.loopback())));
        nginx = Nginx.start(dir.resolve("nginx"), List.of(relay.relay.port()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pusher != null) pusher.shutdownNow();
        clients.forEach(ResumingWall::close);
        if (nginx != null) nginx.close();
        if (relay != null) relay.close();
    }

    /** One new alert through nginx, re-sent on a dropped connection as Alertmanager would (a re-send is harmless). */
    void pushOne() {
        int n = pushed.getAndIncrement();
        HttpRequest req = HttpRequest.newBuilder(URI.create(nginx.base() + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TestRelay.INGEST)
                .POST(HttpRequest.BodyPublishers.ofString(Frames.alert("Reload", "n", Integer.toString(n))))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = nginx.http().send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) refused.add("push " + n + ": " + r.statusCode() + " " + r.body());
                return;
            } catch (IOException e) {
                // a keep-alive connection an old worker closed as it shut down: send again on a new one
                if (attempt == 3) refused.add("push " + n + " failed 3 times: " + e);
                if (attempt == 3) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void aReloadDuringTrafficLosesNothingAndClientsResumeAfterTheOldWorkersStop() throws Exception {
        for (int i = 0; i < 3; i++) {
            clients.add(ResumingWall.open(nginx.http(), nginx.wsUri(), TestRelay.VIEWER));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.stream().allMatch(c -> c.lastSeq() >= 0));
        pusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "reload-pusher"));
        pusher.scheduleAtFixedRate(this::pushOne, 0, 50, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> clients.stream().allMatch(c -> c.seqs().size() >= 5));

        Set<Long> oldWorkers = nginx.workers();
        Instant reloaded = Instant.now();
        nginx.reload();
        // the old workers still carry the clients' WebSockets, and alerts pushed through the new workers reach them
        int before = clients.get(0).seqs().size();
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.get(0).seqs().size() >= before + 10);
        assertThat(clients).allMatch(c -> c.connections() == 1, "still on the connection made before the reload");

        // worker_shutdown_timeout: the old workers close what they hold and exit
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nginx.workers().stream().noneMatch(oldWorkers::contains));
        await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(c -> c.connections() >= 2));
        for (ResumingWall c : clients) {
            Duration held = Duration.between(reloaded, c.endedAt().get(0));
            assertThat(held)
                    .as("the old worker served its client until worker_shutdown_timeout (10 s)")
                    .isGreaterThan(Duration.ofSeconds(8));
        }

        // traffic goes on over the new connections; then stop and count
        int target = pushed.get() + 20;
        await().atMost(Duration.ofSeconds(20)).until(() -> pushed.get() >= target);
        pusher.shutdown();
        assertThat(pusher.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(refused).as("pushes nginx or the relay refused").isEmpty();
        long latest = relay.relay.pipeline().latestSeq();
        assertThat(latest).as("every push was a new alert").isEqualTo(pushed.get());
        for (ResumingWall c : clients) {
            await().atMost(Duration.ofSeconds(20)).until(() -> c.lastSeq() == latest);
            assertThat(c.problems()).as("gaps, reorders, failures").isEmpty();
            assertThat(c.resets())
                    .as("reset snapshots: a resume that could not replay")
                    .isZero();
            assertThat(c.snapshotsAfterResume())
                    .as("snapshots instead of a replay")
                    .isZero();
            List<Long> expected = new ArrayList<>();
            for (long s = c.seqs().get(0); s <= latest; s++) expected.add(s);
            assertThat(c.seqs()).as("every seq once, in order").isEqualTo(expected);
        }
        assertThat(relay.relay.metrics().scrape()).containsPattern("relay_resumes_total\\{outcome=\"replayed\"} [1-9]");
        assertThat(nginx.log()).contains("reconfiguring");
    }
}
