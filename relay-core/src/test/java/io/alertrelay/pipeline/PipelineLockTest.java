package io.alertrelay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PipelineLockTest {

    @Test
    void aLongHoldIsReportedWhileItLastsAndNotAfter() {
        PipelineLock lock = new PipelineLock();
        assertThat(lock.stalledLongerThan(Duration.ofMillis(50))).isNull();
        lock.lock();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> lock.stalledLongerThan(Duration.ofMillis(50)) != null);
            assertThat(lock.stalledLongerThan(Duration.ofMillis(50)))
                    .startsWith("the pipeline has not taken a change for ")
                    .contains("relay_pipeline_lock_held_seconds");
            assertThat(lock.stalledLongerThan(Duration.ofHours(1))).isNull();
            assertThat(lock.heldNanos()).isPositive();
        } finally {
            lock.unlock();
        }
        assertThat(lock.heldNanos()).isZero();
        assertThat(lock.stalledLongerThan(Duration.ofMillis(50))).isNull();
    }

    @Test
    void reentryCountsOnceAndEveryOutermostWaitIsRecorded() {
        PipelineLock lock = new PipelineLock();
        List<Long> waits = new CopyOnWriteArrayList<>();
        lock.onWait(waits::add);
        lock.lock();
        lock.lock();
        lock.unlock();
        assertThat(lock.heldNanos()).as("still held by the outer acquisition").isPositive();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            lock.lock();
            lock.unlock();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lock.stalledNanos() > 20_000_000L);
        lock.unlock();
        other.join();
        assertThat(waits).hasSize(2);
        assertThat(waits.get(1)).as("the other thread waited for the holder").isGreaterThan(20_000_000L);
    }
}
