package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.devkit.InProcessRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin zip, loaded by a real relay through PF4J, turns five sshd failures in a log file into an alert,
 * and a hostile line into an alert whose text is one escaped line.
 */
class LogPatternsPluginIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path logDir;

    @Test
    void fiveSshdFailuresInAFollowedFileRaiseTheSshBruteForceAlertWithIpAndUserLabels() {
        Path auth = logDir.resolve("auth.log");
        append(auth, "Jan 12 03:00:00 vps sshd[1]: Failed password for old from 198.51.100.1 port 1 ssh2\n".repeat(10));
        Path missing = logDir.resolve("secure");
        Map<String, Object> config = Map.of(
                "pollInterval",
                "200ms",
                "files",
                List.of(Map.of(
                        "path", List.of(auth.toString(), missing.toString()),
                        "patterns",
                                List.of(Map.of(
                                        "name", "SshBruteForce",
                                        "regex", "Failed password for (?<user>\\S+) from (?<ip>\\S+)",
                                        "severity", "warning",
                                        "threshold", Map.of("count", 5, "window", "1m"),
                                        "resolveAfter", "10m",
                                        "labels", Map.of("service", "sshd"))))));
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir, Map.of("log-patterns", config), InProcessRelay.builtPluginZip(Path.of("")))) {
            JsonNode status = relay.plugin("log-patterns");
            assertThat(status.path("state").asText()).as("status %s", status).isEqualTo("started");
            assertThat(status.path("problems").path(missing.toString()).asText())
                    .contains("does not exist");

            append(auth, "Jan 12 03:14:15 vps sshd[4242]: Failed password for root from 203.0.113.9 port 52114 ssh2\n");
            append(auth, "Jan 12 03:14:15 vps sshd[4242]: Failed password for other from 192.0.2.1 port 52115 ssh2\n");
            IntStream.range(0, 3)
                    .forEach(i -> append(
                            auth,
                            "Jan 12 03:14:1" + i
                                    + " vps sshd[4242]: Failed password for root from 203.0.113.9 port 5 ssh2\n"));
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sshAlerts(relay).isEmpty()); // four from that address: not yet
            append(auth, "Jan 12 03:14:19 vps sshd[4242]: Failed password for root from 203.0.113.9 port 9 ssh2\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> sshAlerts(relay).size() == 1);
            JsonNode alert = sshAlerts(relay).get(0);
            assertThat(alert.path("status").asText()).isEqualTo("firing");
            assertThat(alert.path("source").asText()).isEqualTo("log-patterns");
            JsonNode labels = alert.path("labels");
            assertThat(labels.path("ip").asText()).isEqualTo("203.0.113.9");
            assertThat(labels.path("user").asText()).isEqualTo("root");
            assertThat(labels.path("service").asText()).isEqualTo("sshd");
            assertThat(labels.path("severity").asText()).isEqualTo("warning");
            assertThat(labels.path("file").asText()).isEqualTo(auth.toString());
            assertThat(labels.path("instance").asText()).isNotEmpty();
            assertThat(alert.path("annotations").path("example").asText()).contains("Failed password for root");
            assertThat(relay.plugin("log-patterns").path("signals").asLong()).isEqualTo(6);

            String metrics =
                    relay.request("GET", "/metrics", InProcessRelay.ADMIN, null).body();
            assertThat(metrics)
                    .contains(
                            "relay_plugin_log_matches_total{pattern=\"SshBruteForce\",plugin=\"log-patterns\"} 6.0",
                            "relay_plugin_log_files_problems{plugin=\"log-patterns\"} 1.0");
        }
    }

    @Test
    void aHostileLineReachesTheRelayAsOneEscapedLineInTheAlertsExample() {
        Path app = logDir.resolve("app.log");
        append(app, "");
        Map<String, Object> config = Map.of(
                "pollInterval",
                "200ms",
                "files",
                List.of(Map.of(
                        "path",
                        app.toString(),
                        "patterns",
                        List.of(Map.of("name", "AppPanic", "regex", "panic: (?<what>\\w+)", "severity", "critical")))));
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir, Map.of("log-patterns", config), InProcessRelay.builtPluginZip(Path.of("")))) {
            append(
                    app,
                    "panic: boom\r\u001b[1A\u001b[2K2026-01-01 INFO recovered\u2028\u202eok " + "x".repeat(5000)
                            + "\n");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> alerts(relay, "AppPanic").size() == 1);
            JsonNode alert = alerts(relay, "AppPanic").get(0);
            String example = alert.path("annotations").path("example").asText();
            assertThat(example)
                    .startsWith("panic: boom\\r\\u001b[1A\\u001b[2K2026-01-01 INFO recovered\\u2028\\u202eok xxx")
                    .endsWith("x…")
                    .hasSize(300);
            assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("AppPanic: " + example);
            assertThat(alert.path("labels").path("what").asText()).isEqualTo("boom");
            assertThat(relay.plugin("log-patterns").path("errors").asLong())
                    .as("the relay refused nothing")
                    .isZero();
        }
    }

    /**
     * The file a firing alert came from disappears (rotated away and not recreated, a mount gone): the relay
     * raises RelayPluginProblem naming the file and marks the alert stale, since nobody can tell any more whether
     * it still holds; the file back, both end.
     */
    @Test
    void aFileThatGoesAwayMakesItsAlertsStaleAndRaisesRelayPluginProblemUntilItIsBack() throws Exception {
        Path app = logDir.resolve("app.log");
        append(app, "");
        Map<String, Object> config = Map.of(
                "pollInterval",
                "200ms",
                "files",
                List.of(Map.of(
                        "path",
                        app.toString(),
                        "patterns",
                        List.of(Map.of(
                                "name",
                                "AppPanic",
                                "regex",
                                "panic: (?<what>\\w+)",
                                "severity",
                                "critical",
                                "resolveAfter",
                                "1h")))));
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir, Map.of("log-patterns", config), InProcessRelay.builtPluginZip(Path.of("")))) {
            append(app, "panic: disk\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> firing(relay, "AppPanic").size() == 1);
            assertThat(firing(relay, "AppPanic").get(0).path("stale").isNull()).isTrue();

            java.nio.file.Files.delete(app);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> firing(relay, "RelayPluginProblem").size() == 1);
            JsonNode problem = firing(relay, "RelayPluginProblem").get(0);
            assertThat(problem.path("labels").path("plugin").asText()).isEqualTo("log-patterns");
            assertThat(problem.path("labels").path("problem").asText()).isEqualTo(app.toString());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> firing(relay, "AppPanic")
                            .get(0)
                            .path("stale")
                            .path("reason")
                            .asText()
                            .contains(app.toString()));

            append(app, "recovered\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> firing(relay, "RelayPluginProblem").isEmpty());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> firing(relay, "AppPanic").get(0).path("stale").isNull());
            assertThat(alerts(relay, "RelayPluginProblem"))
                    .as("the problem alert, resolved")
                    .allMatch(a -> a.path("status").asText().equals("resolved"));
        }
    }

    private static List<JsonNode> firing(InProcessRelay relay, String name) {
        return alerts(relay, name).stream()
                .filter(a -> a.path("status").asText().equals("firing"))
                .toList();
    }

    private static List<JsonNode> alerts(InProcessRelay relay, String name) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode a : relay.alerts()) {
            if (a.path("labels").path("alertname").asText().equals(name)) out.add(a);
        }
        return out;
    }

    private static List<JsonNode> sshAlerts(InProcessRelay relay) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode a : relay.alerts()) {
            if (a.path("labels").path("alertname").asText().equals("SshBruteForce")) out.add(a);
        }
        return out;
    }
}
