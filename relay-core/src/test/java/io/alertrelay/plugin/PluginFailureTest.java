package io.alertrelay.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Silence;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.fixtures.FileProblemSource;
import io.alertrelay.plugin.fixtures.SpinningTaskSource;
import io.alertrelay.plugin.fixtures.SteadySource;
import io.alertrelay.plugin.fixtures.ThrowingStartSource;
import io.alertrelay.plugin.fixtures.TripwireSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin failure is visible and honest, with real plugin jars and zips loaded by PF4J: a failed plugin raises
 * RelayPluginFailed and its alerts go stale (then resolve after the grace); running again clears both; a thread
 * that ignores interrupts blocks a restart; a new build dropped into the folder replaces the running one.
 */
class PluginFailureTest {

    static final String REQUIRES = PluginHostTest.REQUIRES;
    static final Duration GRACE = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @TempDir
    Path files;

    AlertPipeline pipeline;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, Map<String, Object>> config = new HashMap<>();
    PluginHost host;

    @BeforeEach
    void pipeline() {
        AlertState state = new AlertState(
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                Duration.ofHours(1),
                Silence::randomId,
                LimitsConfig.DEFAULT_FILTER_BUDGET,
                GRACE,
                List.of());
        pipeline = new AlertPipeline(
                state, new Journal("e", 0, 10_000, Duration.ofHours(1)), new Hub(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(files.resolve("release"), "go"); // ends a spinning fixture, if one runs
        if (host != null) host.close();
    }

    void start() {
        host = PluginSystem.create(
                List.of(dir),
                pipeline,
                registry,
                Clock.systemUTC(),
                "test-host",
                id -> config.getOrDefault(id, Map.of()),
                PluginHostTest.FAST);
        host.start();
    }

    PluginStatus status(String id) {
        return maybe(id).orElseThrow();
    }

    /** Empty for a moment while a new build replaces the running one. */
    Optional<PluginStatus> maybe(String id) {
        return host.statuses().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    Optional<Alert> alert(String alertname, String plugin) {
        return pipeline.alerts().stream()
                .filter(a -> alertname.equals(a.labels().get("alertname"))
                        && plugin.equals(a.labels().getOrDefault("plugin", a.source())))
                .findFirst();
    }

    /** Ticks the pipeline (timeouts, grace) until {@code check} holds. */
    void awaitAlert(String alertname, String plugin, Predicate<Alert> check) {
        await().atMost(WAIT).until(() -> {
            pipeline.tick();
            return alert(alertname, plugin).filter(check).isPresent();
        });
    }

    @Test
    void aPluginThatThrowsAtStartRaisesRelayPluginFailedWhichResolvesWhenARestartRunsIt() throws Exception {
        Path tripwire = Files.writeString(files.resolve("broken"), "");
        config.put("flaky", Map.of("startTripwire", tripwire.toString()));
        TestPluginJar.write(dir, "flaky", REQUIRES, TripwireSource.class);
        start();
        assertThat(status("flaky").state()).isEqualTo("failed");

        awaitAlert("RelayPluginFailed", "flaky", Alert::firing);
        Alert failed = alert("RelayPluginFailed", "flaky").orElseThrow();
        assertThat(failed.labels())
                .containsEntry("plugin", "flaky")
                .containsEntry("severity", "warning")
                .containsEntry("instance", "test-host");
        assertThat(failed.source()).isEqualTo("relay");
        assertThat(failed.annotations().get("summary"))
                .isEqualTo("Plugin flaky failed: start() of " + TripwireSource.class.getName()
                        + " threw IllegalStateException: tripwire " + tripwire + " is there at line two");
        assertThat(failed.annotations().get("description")).contains("POST /api/plugins/flaky/restart");

        Files.delete(tripwire);
        host.restart("flaky");
        assertThat(status("flaky").state()).isEqualTo("started");
        awaitAlert("RelayPluginFailed", "flaky", a -> !a.firing());
        awaitAlert("TestValueHigh", "flaky", Alert::firing);
    }

    @Test
    void aFailedPluginsAlertsGoStaleAndResolveAfterTheGraceSayingWhy() throws Exception {
        Path tripwire = files.resolve("trip");
        config.put("flaky", Map.of("taskTripwire", tripwire.toString()));
        TestPluginJar.write(dir, "flaky", REQUIRES, TripwireSource.class);
        start();
        awaitAlert("TestValueHigh", "flaky", a -> a.firing() && a.stale() == null);

        Files.writeString(tripwire, "");
        await().atMost(WAIT).until(() -> status("flaky").state().equals("failed"));
        awaitAlert("RelayPluginFailed", "flaky", Alert::firing);
        awaitAlert("TestValueHigh", "flaky", a -> a.firing() && a.stale() != null);
        Alert stale = alert("TestValueHigh", "flaky").orElseThrow();
        assertThat(stale.stale().reason())
                .isEqualTo("plugin flaky failed: a task threw IllegalStateException:" + " tripwire " + tripwire);

        awaitAlert("TestValueHigh", "flaky", a -> !a.firing());
        Alert resolved = alert("TestValueHigh", "flaky").orElseThrow();
        assertThat(resolved.endsAt()).isEqualTo(stale.stale().since().plus(GRACE));
        assertThat(resolved.annotations().get("summary"))
                .startsWith("Resolved by the relay without word from its" + " source since "
                        + stale.stale().since() + ": plugin flaky failed");
        assertThat(resolved.annotations()).containsEntry("firingSummary", "test.value is 7");
        assertThat(alert("RelayPluginFailed", "flaky").orElseThrow().firing())
                .as("still failed")
                .isTrue();
    }

    @Test
    void runningAgainTakesTheStaleMarkOffBeforeTheGrace() throws Exception {
        Path tripwire = files.resolve("trip");
        config.put("flaky", Map.of("taskTripwire", tripwire.toString()));
        TestPluginJar.write(dir, "flaky", REQUIRES, TripwireSource.class);
        start();
        awaitAlert("TestValueHigh", "flaky", Alert::firing);
        Files.writeString(tripwire, "");
        awaitAlert("TestValueHigh", "flaky", a -> a.stale() != null);
        String fingerprint = alert("TestValueHigh", "flaky").orElseThrow().fingerprint();

        Files.delete(tripwire);
        host.restart("flaky");

        awaitAlert("TestValueHigh", "flaky", a -> a.firing() && a.stale() == null);
        assertThat(alert("TestValueHigh", "flaky").orElseThrow().fingerprint())
                .as("the same episode")
                .isEqualTo(fingerprint);
        awaitAlert("RelayPluginFailed", "flaky", a -> !a.firing());
    }

    @Test
    void aRestartIsRefusedWhileAThreadIgnoresInterruptsAndTheGaugeCountsIt() throws Exception {
        Path release = files.resolve("release");
        config.put("spinner", Map.of("release", release.toString()));
        TestPluginJar.write(dir, "spinner", REQUIRES, SpinningTaskSource.class);
        start();
        await().atMost(WAIT).until(() -> status("spinner").state().equals("failed"));
        assertThat(status("spinner").lastError()).contains("looks blocked");
        await().atMost(WAIT).until(() -> stuckGauge("spinner") == 1);

        assertThatThrownBy(() -> host.restart("spinner"))
                .isInstanceOf(PluginBusyException.class)
                .hasMessageContaining("plugin spinner not restarted")
                .hasMessageContaining("thread plugin-spinner-")
                .hasMessageContaining("ignores interrupts");
        assertThatThrownBy(() -> host.restart("spinner")).as("still").isInstanceOf(PluginBusyException.class);
        assertThat(stuckGauge("spinner")).as("no second thread").isEqualTo(1);
        awaitAlert("RelayPluginFailed", "spinner", Alert::firing);

        Files.writeString(release, "go");
        await().atMost(WAIT).until(() -> stuckGauge("spinner") == 0);
        assertThat(host.restart("spinner").orElseThrow().state()).isEqualTo("started");
    }

    double stuckGauge(String plugin) {
        return registry.get("relay.plugin.stuck.threads")
                .tag("plugin", plugin)
                .gauge()
                .value();
    }

    @Test
    void anUnreadableFileMakesAProblemAlertAndItsAlertsStaleUntilItIsBack() throws Exception {
        Path file = Files.writeString(files.resolve("value.txt"), "7");
        config.put("reader", Map.of("file", file.toString()));
        TestPluginJar.write(dir, "reader", REQUIRES, FileProblemSource.class);
        start();
        awaitAlert("FileValueHigh", "reader", Alert::firing);

        Files.delete(file);
        awaitAlert("RelayPluginProblem", "reader", Alert::firing);
        Alert problem = alert("RelayPluginProblem", "reader").orElseThrow();
        assertThat(problem.labels()).containsEntry("problem", file.toString()).containsEntry("severity", "warning");
        assertThat(problem.annotations().get("summary"))
                .isEqualTo("Plugin reader: " + file + " cannot be read (NoSuchFileException)");
        awaitAlert("FileValueHigh", "reader", a -> a.firing() && a.stale() != null);
        assertThat(status("reader").state()).as("the plugin itself runs").isEqualTo("started");

        Files.writeString(file, "7");
        awaitAlert("RelayPluginProblem", "reader", a -> !a.firing());
        awaitAlert("FileValueHigh", "reader", a -> a.firing() && a.stale() == null);
    }

    @Test
    void aNewBuildDroppedIntoTheFolderReplacesTheRunningOne() throws Exception {
        TestPluginZip.write(dir, "swap-1.0.0.zip", "swap", "1.0.0", REQUIRES, ThrowingStartSource.class);
        config.put("swap", Map.of("value", 7));
        start();
        assertThat(status("swap").state()).isEqualTo("failed");
        awaitAlert("RelayPluginFailed", "swap", Alert::firing);

        // another version, in a file of its own
        TestPluginZip.drop(dir, "swap-1.1.0.zip", "swap", "1.1.0", REQUIRES, SteadySource.class);
        await().atMost(WAIT)
                .until(() -> maybe("swap")
                        .filter(s -> s.state().equals("started") && "1.1.0".equals(s.version()))
                        .isPresent());
        assertThat(status("swap").sources()).containsExactly(SteadySource.class.getName());
        assertThat(status("swap").path()).endsWith("swap-1.1.0");
        awaitAlert("RelayPluginFailed", "swap", a -> !a.firing());
        awaitAlert("TestValueHigh", "swap", Alert::firing);
        assertThat(dir.resolve("swap-1.0.0.zip")).doesNotExist();
        assertThat(dir.resolve("swap-1.0.0.zip.replaced")).exists();
        assertThat(dir.resolve("swap-1.0.0")).as("its expanded folder").doesNotExist();

        // the same version with other content, over the same file
        TestPluginZip.drop(dir, "swap-1.1.0.zip", "swap", "1.1.0", REQUIRES, TripwireSource.class);
        await().atMost(WAIT)
                .until(() -> maybe("swap")
                        .filter(s -> s.state().equals("started")
                                && s.sources().equals(List.of(TripwireSource.class.getName())))
                        .isPresent());
        assertThat(host.statuses()).extracting(PluginStatus::id).containsExactly("swap");
    }

    @Test
    void atStartUpWhatNoLongerHoldsIsResolvedAndAlertsOfAPluginThatIsGoneGoStale() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        pipeline.ingest(
                List.of(new io.alertrelay.alert.PostableAlert(
                        Map.of("alertname", "DiskFull", "thing", "a"),
                        Map.of(),
                        null,
                        now.plus(Duration.ofHours(1)),
                        null)),
                "removed-plugin");
        pipeline.ingest(
                List.of(new io.alertrelay.alert.PostableAlert(
                        Map.of("alertname", "Pushed"), Map.of(), null, now.plus(Duration.ofHours(1)), null)),
                "api:prometheus");
        // raised by an earlier run of this node for a plugin that now starts fine
        pipeline.ingest(
                List.of(new io.alertrelay.alert.PostableAlert(
                        Map.of(
                                "alertname",
                                "RelayPluginFailed",
                                "plugin",
                                "steady",
                                "instance",
                                "test-host",
                                "severity",
                                "warning"),
                        Map.of(),
                        null,
                        now.plus(Duration.ofHours(1)),
                        null)),
                "relay");
        TestPluginJar.write(dir, "steady", REQUIRES, SteadySource.class);
        start();

        awaitAlert("DiskFull", "removed-plugin", a -> a.stale() != null);
        assertThat(alert("DiskFull", "removed-plugin").orElseThrow().stale().reason())
                .isEqualTo("plugin"
                        + " removed-plugin is not installed: no plugin of that id was found in the plugin"
                        + " folders at start-up");
        awaitAlert("RelayPluginFailed", "steady", a -> !a.firing());
        assertThat(alert("Pushed", "api:prometheus").orElseThrow().stale())
                .as("pushed from outside")
                .isNull();
    }

    @Test
    void aNewBuildThatCannotBeLoadedLeavesThePluginFailedAndItsAlertsStaleAndTheOldFileInPlace() throws Exception {
        TestPluginZip.write(dir, "swap-1.0.0.zip", "swap", "1.0.0", REQUIRES, SteadySource.class);
        config.put("swap", Map.of("value", 7));
        start();
        awaitAlert("TestValueHigh", "swap", Alert::firing);

        // a descriptor without a version: PF4J refuses to load it
        Path staging = Files.createDirectories(files.resolve("staging"));
        Path broken = staging.resolve("swap-2.0.0.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            z.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
            z.write("plugin.id=swap\nplugin.requires=>=1.0.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.move(broken, dir.resolve("swap-2.0.0.zip"));

        awaitAlert("RelayPluginFailed", "swap", Alert::firing);
        assertThat(alert("RelayPluginFailed", "swap")
                        .orElseThrow()
                        .annotations()
                        .get("summary"))
                .startsWith("Plugin swap failed: its new build swap-2.0.0.zip could not be loaded");
        awaitAlert("TestValueHigh", "swap", a -> a.firing() && a.stale() != null);
        awaitAlert("RelayPluginFailed", "swap-2.0.0.zip", Alert::firing);
        assertThat(dir.resolve("swap-1.0.0.zip"))
                .as("a broken build sets nothing aside")
                .exists();
    }

    @Test
    void aFileThatIsOnlyTouchedIsNotLoadedAgain() throws Exception {
        Path zip = TestPluginZip.write(dir, "steady.zip", "steady", "1.0.0", REQUIRES, SteadySource.class);
        start();
        double instance = registry.get("relay.plugin.steady.instance")
                .tag("plugin", "steady")
                .gauge()
                .value();
        Files.setLastModifiedTime(zip, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        // the watcher polls every 100 ms: a reload would show within a few polls as a new instance
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> registry.get("relay.plugin.steady.instance")
                                .tag("plugin", "steady")
                                .gauge()
                                .value()
                        == instance);
        assertThat(status("steady").state()).isEqualTo("started");
    }
}
