package io.alertrelay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.TestRelay;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /readyz tells the truth about the pipeline: while no change can get through (here the pipeline's lock is held
 * from the test, as a stuck change would hold it) it answers 503 naming the cause, and it is ready again by itself
 * once changes flow. /healthz stays 200 for such a stall: it only fails after a minute (PipelineLockTest).
 */
class ReadinessStallTest {

    @TempDir
    Path dataDir;

    @Test
    void readyzIs503WhileThePipelineIsStalledAndRecoversByItself() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            assertThat(relay.http("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
            PipelineLock lock = relay.relay.pipeline().lockWatch();
            lock.lock();
            try {
                long held = System.nanoTime();
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(
                                        relay.http("GET", "/readyz", null, null).statusCode())
                                .isEqualTo(503));
                assertThat((System.nanoTime() - held) / 1_000_000)
                        .as("ms before /readyz noticed")
                        .isGreaterThanOrEqualTo(PipelineLock.NOT_READY_AFTER.toMillis());
                HttpResponse<String> r = relay.http("GET", "/readyz", null, null);
                assertThat(r.body())
                        .contains("\"error\":\"not-ready\"")
                        .contains("the pipeline has not taken a change for")
                        .contains("relay_pipeline_lock_held_seconds");
                assertThat(relay.http("GET", "/healthz", null, null).statusCode())
                        .as("liveness")
                        .isEqualTo(200);
                assertThat(relay.http("GET", "/metrics", null, null).body())
                        .containsPattern("relay_pipeline_lock_held_seconds [5-9]");
            } finally {
                lock.unlock();
            }
            // the last long wait (the ticker's) is remembered for a few seconds, then the relay is ready again
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    relay.http("GET", "/readyz", null, null).statusCode())
                            .isEqualTo(200));
            assertThat(relay.http("GET", "/metrics", null, null).body())
                    .contains("relay_pipeline_lock_wait_seconds_bucket{le=\"5.0\"}");
        }
    }
}
