package io.alertrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.config.InhibitRuleConfig;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.RunningProgram;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code amtool} 0.25 (Debian's prometheus-alertmanager) against a real relay, with the relay's bearer tokens
 * in amtool's {@code --http.config.file}: alerts added and queried, silences added, queried, updated, expired and
 * imported from a real Alertmanager's export, and {@code check-config} on the relay's status YAML.
 */
class AmtoolTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path amtool;
    TestRelay relay;

    @BeforeEach
    void start() {
        amtool = ExternalProgram.require("amtool", "prometheus-alertmanager");
        relay = TestRelay.start(
                dir.resolve("data"),
                t -> t.config = c -> c.withAlerts(c.alerts()
                        .withInhibitRules(List.of(new InhibitRuleConfig(
                                List.of("alertname=HostDown"), List.of("severity=warning"), List.of("instance"))))));
    }

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
    }

    /** amtool against {@code url} as the holder of {@code token} (null: no credentials); what it printed. */
    String amtool(String url, String token, String... args) {
        List<String> cmd = new ArrayList<>(List.of(amtool.toString(), "--alertmanager.url=" + url));
        if (token != null) cmd.add("--http.config.file=" + httpConfig(token));
        cmd.addAll(List.of(args));
        return RunningProgram.check(cmd);
    }

    /** amtool against the relay; its version is the relay's, so amtool's version check stays off (as documented). */
    String relayTool(String token, String... args) {
        List<String> all = new ArrayList<>(List.of("--no-version-check"));
        all.addAll(List.of(args));
        return amtool(relay.base(), token, all.toArray(String[]::new));
    }

    Path httpConfig(String token) {
        Path f = dir.resolve("http-" + token + ".yml");
        try {
            Files.writeString(f, "authorization:\n  type: Bearer\n  credentials: " + token + "\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return f;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("amtool printed no JSON: " + text, e);
        }
    }

    JsonNode relaySilences() {
        return RestApiTest.json(relay.http("GET", "/api/silences", TestRelay.VIEWER, null));
    }

    static JsonNode byId(JsonNode silences, String id) {
        for (JsonNode s : silences) if (s.path("id").asText().equals(id)) return s;
        throw new AssertionError("no silence " + id + " in " + silences);
    }

    @Test
    void alertsAddedAndQueriedWithMatchersShowTheirInhibition() {
        relayTool(TestRelay.INGEST, "alert", "add", "alertname=HostDown", "instance=vps-01", "severity=critical");
        relayTool(
                TestRelay.INGEST,
                "alert",
                "add",
                "alertname=DiskFull",
                "instance=vps-01",
                "severity=warning",
                "--annotation=summary=disk at 97%");
        relayTool(TestRelay.INGEST, "alert", "add", "alertname=DiskFull", "instance=vps-02", "severity=warning");

        // amtool leaves inhibited (and silenced) alerts out unless asked, as against Alertmanager
        JsonNode shown = json(relayTool(TestRelay.VIEWER, "-o", "json", "alert", "query"));
        assertThat(AmV2AlertsTest.names(shown)).containsExactlyInAnyOrder("HostDown", "DiskFull");
        assertThat(json(relayTool(TestRelay.VIEWER, "-o", "json", "alert", "query", "--active", "--inhibited")))
                .hasSize(3);
        JsonNode disk =
                json(relayTool(TestRelay.VIEWER, "-o", "json", "alert", "query", "-a", "-i", "alertname=DiskFull"));
        assertThat(disk).hasSize(2);
        JsonNode one = json(relayTool(
                TestRelay.VIEWER,
                "-o",
                "json",
                "alert",
                "query",
                "--inhibited",
                "alertname=DiskFull",
                "instance=~vps-0[1]"));
        assertThat(one).hasSize(1);
        assertThat(one.get(0).path("annotations").path("summary").asText()).isEqualTo("disk at 97%");
        assertThat(one.get(0).path("status").path("state").asText()).isEqualTo("suppressed");
        assertThat(one.get(0).path("status").path("inhibitedBy")).hasSize(1);
        assertThat(relayTool(TestRelay.VIEWER, "alert", "query", "instance=vps-02"))
                .contains("Alertname", "DiskFull")
                .doesNotContain("HostDown");
    }

    @Test
    void silencesAddQueryUpdateAndExpireAreTheWallsSilences() {
        String id = relayTool(
                        TestRelay.OPERATOR,
                        "silence",
                        "add",
                        "alertname=DiskFull",
                        "instance=~vps-0[12]",
                        "-a",
                        "maria",
                        "-c",
                        "disk swap tonight",
                        "-d",
                        "2h")
                .strip();
        JsonNode made = byId(relaySilences(), id);
        assertThat(made.path("createdBy").asText()).isEqualTo("maria");
        assertThat(made.path("comment").asText()).isEqualTo("disk swap tonight");
        assertThat(made.path("matchers").toString()).contains("vps-0[12]");

        JsonNode listed = json(relayTool(TestRelay.VIEWER, "-o", "json", "silence", "query", "alertname=DiskFull"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
        assertThat(relayTool(TestRelay.VIEWER, "silence", "query", "alertname=Other"))
                .doesNotContain(id);
        assertThat(relayTool(TestRelay.VIEWER, "silence", "query", "-q")).contains(id);

        // the same matchers: changed in place, same id (Alertmanager's rule), as the wall sees it
        assertThat(relayTool(TestRelay.OPERATOR, "silence", "update", id, "-d", "4h", "-c", "swap takes longer"))
                .contains(id, "swap takes longer");
        assertThat(relaySilences()).hasSize(1);
        assertThat(byId(relaySilences(), id).path("comment").asText()).isEqualTo("swap takes longer");

        relayTool(TestRelay.OPERATOR, "silence", "expire", id);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                byId(relaySilences(), id).path("status").asText())
                        .isEqualTo("expired"));
        assertThat(json(relayTool(TestRelay.VIEWER, "-o", "json", "silence", "query", "--expired")))
                .extracting(s -> s.path("id").asText())
                .contains(id);
    }

    @Test
    void aViewerCannotSilenceAndAmtoolSaysWhy() {
        List<String> cmd = List.of(
                amtool.toString(),
                "--alertmanager.url=" + relay.base(),
                "--http.config.file=" + httpConfig(TestRelay.VIEWER),
                "--no-version-check",
                "silence",
                "add",
                "alertname=X",
                "-c",
                "no");
        AssertionError refused =
                org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> RunningProgram.check(cmd));
        assertThat(refused.getMessage()).contains("403");
        assertThat(relaySilences()).isEmpty();
    }

    @Test
    void silencesExportedFromARealAlertmanagerImportIntoTheRelay() throws Exception {
        Path alertmanager = ExternalProgram.require("prometheus-alertmanager", "prometheus-alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n");
        int port = RunningProgram.freeLoopbackPort();
        String url = "http://127.0.0.1:" + port;
        try (RunningProgram am = RunningProgram.start(
                "alertmanager",
                List.of(
                        alertmanager.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("am-data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address="))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                am.assertAlive();
                amtool(url, null, "config", "show");
            });
            amtool(url, null, "silence", "add", "env=production", "-a", "ops", "-c", "maintenance", "-d", "3h");
            amtool(url, null, "silence", "add", "alertname=~Disk.*", "instance!=vps-09", "-c", "known", "-d", "1h");
            Path export = dir.resolve("silences.json");
            Files.writeString(export, amtool(url, null, "-o", "json", "silence", "query"));
            assertThat(json(Files.readString(export))).hasSize(2);

            relayTool(TestRelay.OPERATOR, "silence", "import", export.toString());
        }
        JsonNode imported = relaySilences();
        assertThat(imported).hasSize(2);
        JsonNode exported = json(Files.readString(dir.resolve("silences.json")));
        for (JsonNode e : exported) {
            JsonNode match = null;
            for (JsonNode s : imported)
                if (s.path("comment").asText().equals(e.path("comment").asText())) match = s;
            assertThat(match).as("imported %s", e).isNotNull();
            assertThat(match.path("createdBy").asText())
                    .isEqualTo(e.path("createdBy").asText());
            assertThat(match.path("endsAt").asText()).isNotEmpty();
        }
        // amtool reads them back from the relay as it read them from Alertmanager
        JsonNode back = json(relayTool(TestRelay.VIEWER, "-o", "json", "silence", "query", "env=production"));
        assertThat(back).hasSize(1);
        assertThat(back.get(0).path("comment").asText()).isEqualTo("maintenance");
    }

    /** The amtool recipe of docs/alertmanager-api.md, its two files as written there, with a real token. */
    @Test
    void theDocumentedAmtoolConfigWorksAsWritten() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "alertmanager-api.md"));
        Path home = dir.resolve("home");
        Path configDir = Files.createDirectories(home.resolve(".config/amtool"));
        // where upstream's amtool looks, and where Debian's does
        Path debian =
                Files.createDirectories(home.resolve(".config/prometheus")).resolve("amtool.yml");
        String config = block(doc, "# ~/.config/amtool/config.yml")
                .replace("http://127.0.0.1:8080", relay.base())
                .replace(
                        "/home/you/.config/amtool/relay-http.yml",
                        configDir.resolve("relay-http.yml").toString());
        Files.writeString(configDir.resolve("config.yml"), config);
        Files.writeString(debian, config);
        Files.writeString(
                configDir.resolve("relay-http.yml"),
                block(doc, "# ~/.config/amtool/relay-http.yml").replace("<token>", TestRelay.OPERATOR));
        relay.push(io.alertrelay.testing.Frames.alert("DiskFull", "instance", "vps-01", "severity", "warning"));
        String out = RunningProgram.check(
                List.of(amtool.toString(), "alert", "query"), java.util.Map.of("HOME", home.toString()));
        assertThat(out).contains("DiskFull").doesNotContain("Warning");
    }

    /** The fenced block of {@code doc} whose first line is {@code firstLine}. */
    static String block(String doc, String firstLine) {
        int at = doc.indexOf("```yaml\n" + firstLine);
        assertThat(at)
                .as("docs/alertmanager-api.md has a block starting %s", firstLine)
                .isNotNegative();
        int start = doc.indexOf('\n', at) + 1;
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void checkConfigAcceptsTheRelaysStatusYaml() throws Exception {
        JsonNode status = RestApiTest.json(relay.http("GET", "/api/v2/status", TestRelay.VIEWER, null));
        Path yaml = dir.resolve("relay-as-alertmanager.yml");
        Files.writeString(yaml, status.path("config").path("original").asText());
        assertThat(relayTool(TestRelay.VIEWER, "config", "show")).contains("inhibit_rules", "HostDown");
        assertThat(relayTool(TestRelay.VIEWER, "check-config", yaml.toString()))
                .contains("SUCCESS", "1 inhibit rules", "1 receivers");
    }
}
