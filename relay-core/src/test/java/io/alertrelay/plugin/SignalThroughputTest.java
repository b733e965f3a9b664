package io.alertrelay.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.alert.AlertState;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.fixtures.BurstSource;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteAlertStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many signals a second one plugin can push through its rules into the store, journal and hub. Prints the
 * number (no timed assertion: numbers depend on the machine). Bigger run:
 * {@code ./mvnw -q -pl relay-core -am test -Dtest=SignalThroughputTest -Dsignals=2000000
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class SignalThroughputTest {

    @TempDir
    Path dir;

    @Test
    void oneBusyPluginThroughRulesIntoTheHub() throws Exception {
        int signals = Integer.getInteger("signals", 300_000);
        TestPluginJar.write(dir, "burst", ">=1.0.0", BurstSource.class);
        // the real store, as the relay has it: every change is committed to SQLite before it is published
        SqliteAlertStore store = SqliteAlertStore.open(dir.resolve("data"), Database.Sync.NORMAL);
        Journal journal = new Journal(store.epoch(), 0, 1_000_000, Duration.ofHours(1));
        AlertPipeline pipeline = new AlertPipeline(
                new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1)),
                journal,
                new Hub(),
                Clock.systemUTC(),
                store);
        PluginLimits unlimited = new PluginLimits(
                Duration.ofSeconds(10), Duration.ofSeconds(60), 2, Integer.MAX_VALUE / 2, Duration.ofSeconds(1));
        long start = System.nanoTime();
        try (PluginHost host = PluginSystem.create(
                List.of(dir),
                pipeline,
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                "bench",
                id -> Map.of("count", signals),
                unlimited)) {
            host.start();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        PluginStatus s = host.statuses().get(0);
                        return s.signals() + s.dropped() == signals && pipeline.latestSeq() >= s.signals() - 100;
                    });
            double seconds = (System.nanoTime() - start) / 1e9;
            PluginStatus s = host.statuses().get(0);
            System.out.printf(
                    "signal throughput: %d signals emitted, %d through rules, %d dropped (queue full), "
                            + "%d alert changes journalled and published, in %.2f s = %.0f signals/s%n",
                    signals, s.signals(), s.dropped(), pipeline.latestSeq(), seconds, s.signals() / seconds);
            assertThat(pipeline.latestSeq()).isGreaterThan(0);
        } finally {
            store.close();
        }
    }
}
