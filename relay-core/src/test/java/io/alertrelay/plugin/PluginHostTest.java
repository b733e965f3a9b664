package io.alertrelay.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.fixtures.BlockingStartSource;
import io.alertrelay.plugin.fixtures.FloodingSource;
import io.alertrelay.plugin.fixtures.HangingTaskSource;
import io.alertrelay.plugin.fixtures.LoneSurrogateSource;
import io.alertrelay.plugin.fixtures.SteadySource;
import io.alertrelay.plugin.fixtures.ThrowingStartSource;
import io.alertrelay.plugin.fixtures.ThrowingTaskSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PF4J host with real plugin jars loaded by PF4J's class loaders: a good plugin's rule fires, and a
 * plugin that throws, blocks or floods is failed while the others go on.
 */
class PluginHostTest {

    static final String REQUIRES = ">=1.0.0 & <2.0.0";
    static final PluginLimits FAST =
            new PluginLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2_000, Duration.ofMillis(100));

    @TempDir
    Path dir;

    AlertPipeline pipeline;
    SimpleMeterRegistry registry;
    Map<String, Map<String, Object>> config = new HashMap<>();
    PluginHost host;

    @BeforeEach
    void pipeline() {
        pipeline = new AlertPipeline(
                new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1)),
                new Journal("e", 0, 1000, Duration.ofHours(1)),
                new Hub(),
                Clock.systemUTC());
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        if (host != null) host.close();
    }

    PluginHost start() {
        host = PluginSystem.create(
                List.of(dir),
                pipeline,
                registry,
                Clock.systemUTC(),
                "test-host",
                id -> config.getOrDefault(id, Map.of()),
                FAST);
        host.start();
        return host;
    }

    PluginStatus status(String id) {
        return host.statuses().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPluginJarIsLoadedByPf4jAndItsShippedRuleTurnsSamplesIntoAnAlert() throws Exception {
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        config.put("steady", Map.of("value", 7));
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !pipeline.alerts().isEmpty());
        Alert a = pipeline.alerts().get(0);
        assertThat(a.labels())
                .containsEntry("alertname", "TestValueHigh")
                .containsEntry("severity", "warning")
                .containsEntry("instance", "test-host")
                .containsEntry("thing", "a");
        assertThat(a.annotations()).containsEntry("summary", "test.value is 7");
        assertThat(a.source()).isEqualTo("steady");
        PluginStatus s = status("steady");
        assertThat(s.state()).isEqualTo("started");
        assertThat(s.version()).isEqualTo("1.2.3");
        assertThat(s.path()).endsWith("steady.jar");
        assertThat(s.sources()).containsExactly(SteadySource.class.getName());
    }

    @Test
    void aPluginThatThrowsAtStartIsFailedAndTheOthersRun() throws Exception {
        TestPluginJar.write(dir, "bad-start", REQUIRES, ThrowingStartSource.class);
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        start();
        assertThat(status("bad-start").state()).isEqualTo("failed");
        assertThat(status("bad-start").lastError()).contains("cannot open /dev/nothing");
        assertThat(status("steady").state()).isEqualTo("started");
        assertThat(registry.get("relay.plugin.errors")
                        .tag("plugin", "bad-start")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("relay.plugin.up")
                        .tag("plugin", "bad-start")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get("relay.plugin.up")
                        .tag("plugin", "steady")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void aTaskThatThrowsFailsItsPlugin() throws Exception {
        TestPluginJar.write(dir, "bad-task", REQUIRES, ThrowingTaskSource.class);
        start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status("bad-task").state().equals("failed"));
        assertThat(status("bad-task").lastError()).contains("divide by zero in collector");
    }

    @Test
    void aStartThatNeverReturnsIsFailedAfterTheStartTimeout() throws Exception {
        TestPluginJar.write(dir, "blocking", REQUIRES, BlockingStartSource.class);
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        start();
        assertThat(status("blocking").state()).isEqualTo("failed");
        assertThat(status("blocking").lastError()).contains("did not return within 1 s");
        assertThat(status("steady").state()).isEqualTo("started");
    }

    @Test
    void aTaskThatHangsIsFoundByTheWatchdog() throws Exception {
        TestPluginJar.write(dir, "hanging", REQUIRES, HangingTaskSource.class);
        start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status("hanging").state().equals("failed"));
        assertThat(status("hanging").lastError()).contains("looks blocked");
    }

    @Test
    void aFloodingPluginIsCutOffAndMarkedFailed() throws Exception {
        TestPluginJar.write(dir, "flood", REQUIRES, FloodingSource.class);
        start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status("flood").state().equals("failed"));
        assertThat(status("flood").lastError()).contains("flooding");
        assertThat(status("flood").dropped()).isGreaterThan(2_000);
    }

    /** A lone surrogate has no UTF-8 form: the alert is refused and counted as the plugin's error, the rest goes on. */
    @Test
    void aSignalWhoseAlertHasALoneSurrogateIsRefusedAndCountedAndThePluginRuns() throws Exception {
        TestPluginJar.write(dir, "lone", REQUIRES, LoneSurrogateSource.class);
        start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status("lone").errors() > 0 && !pipeline.alerts().isEmpty());
        assertThat(status("lone").lastError())
                .contains("emitted an alert that has label 'thing' whose value is not"
                        + " valid Unicode (a lone surrogate \\ud83d at character 4, counting from 0)");
        assertThat(status("lone").state()).isEqualTo("started");
        assertThat(pipeline.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("thing", "ok"));
        long errors = status("lone").errors();
        await().atMost(Duration.ofSeconds(10)).until(() -> status("lone").errors() > errors);
        assertThat(registry.get("relay.plugin.errors")
                        .tag("plugin", "lone")
                        .functionCounter()
                        .count())
                .isGreaterThan(1);
    }

    @Test
    void aPluginForAnotherApiVersionIsRefusedNamingBothVersions() throws Exception {
        TestPluginJar.write(dir, "future", ">=2.0.0 & <3.0.0", SteadySource.class);
        start();
        PluginStatus s = status("future");
        assertThat(s.state()).isEqualTo("refused");
        assertThat(s.lastError()).contains(">=2.0.0 & <3.0.0").contains(io.alertrelay.plugin.api.PluginApi.VERSION);
    }

    @Test
    void aPluginDroppedIntoTheFolderIsLoadedWithoutARestart() throws Exception {
        start();
        assertThat(host.statuses()).isEmpty();
        Path staging = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-staging"));
        Path jar = TestPluginJar.write(staging, "late", REQUIRES, SteadySource.class);
        Files.move(jar, dir.resolve("late.jar"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> host.statuses().stream()
                        .anyMatch(s -> s.id().equals("late") && s.state().equals("started")));
    }

    @Test
    void restartStartsThePluginAgainAndItsGaugesFollowTheNewInstance() throws Exception {
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        start();
        double before = registry.get("relay.plugin.steady.instance")
                .tag("plugin", "steady")
                .gauge()
                .value();
        host.restart("steady");
        assertThat(status("steady").state()).isEqualTo("started");
        assertThat(registry.get("relay.plugin.steady.instance")
                        .tag("plugin", "steady")
                        .gauge()
                        .value())
                .isNotEqualTo(before);
        assertThat(host.restart("nope")).isEmpty();
    }

    @Test
    void aBadRuleInTheConfigFailsThatPluginNamingTheRuleAndTheOthersRun() throws Exception {
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        TestPluginJar.write(dir, "other", REQUIRES, SteadySource.class);
        config.put("steady", Map.of("rules", List.of(Map.of("name", "TestValueHigh", "clear", 99))));
        start();
        assertThat(status("steady").state()).isEqualTo("failed");
        assertThat(status("steady").lastError())
                .contains("plugins.steady.rules[0]: rule TestValueHigh")
                .contains("clear must be at or below 5")
                .contains("clear is 99");
        assertThat(status("other").state()).isEqualTo("started");
    }

    @Test
    void aRestartedPluginsFirstGoodSampleClearsTheAlertItsRuleRaisedBefore() throws Exception {
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        config.put("steady", Map.of("value", 7));
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !pipeline.alerts().isEmpty());
        java.time.Instant startsAt = pipeline.alerts().get(0).startsAt();
        config.put("steady", Map.of("value", 2));
        host.restart("steady");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !pipeline.alerts().get(0).firing());
        Alert a = pipeline.alerts().get(0);
        assertThat(pipeline.alerts()).hasSize(1);
        assertThat(a.startsAt()).isEqualTo(startsAt);
        assertThat(a.annotations()).containsEntry("summary", "TestValueHigh: resolved at value 2");
    }
}
