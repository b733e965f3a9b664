package io.alertrelay.plugins.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.api.PluginConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example pattern sets shipped in the docs are valid config and match the real log lines they are for. */
class ExamplesTest {

    private static final Path DOCS = Path.of("../../docs/plugins/log-patterns.md");

    private static String examplesYaml() throws Exception {
        try (InputStream in = ExamplesTest.class.getResourceAsStream("/log-patterns-examples.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static LogPatternsConfig examples() throws Exception {
        Map<String, Object> root = new YAMLMapper().readValue(examplesYaml(), Map.class);
        Map<String, Object> section =
                (Map<String, Object>) ((Map<String, Object>) root.get("plugins")).get("log-patterns");
        return LogPatternsConfig.parse(new PluginConfig("plugins.log-patterns", section));
    }

    private static List<Match> match(LogPatternsConfig c, String line) {
        LineMatcher m = new LineMatcher(
                c.files().stream().flatMap(f -> f.patterns().stream()).toList(), "vps-01");
        return m.match(Path.of("/var/log/test.log"), line, Instant.EPOCH);
    }

    @Test
    void theDocsShowTheExamplesExactly() throws Exception {
        assertThat(Files.readString(DOCS)).contains(examplesYaml());
    }

    @Test
    void everyExampleBecomesARule() throws Exception {
        assertThat(examples().rules())
                .extracting(r -> r.name())
                .containsExactly("SshBruteForce", "NginxServerErrorBurst", "KernelOomKill", "SystemdUnitFailed");
    }

    @Test
    void sshdFailuresAreCountedPerAddressWhateverTheUserName() throws Exception {
        LogPatternsConfig c = examples();
        for (String line : List.of(
                "Jan 12 03:14:15 vps sshd[4242]: Failed password for invalid user admin from 203.0.113.9 port 52114"
                        + " ssh2",
                "Jan 12 03:14:16 vps sshd[4242]: Failed password for root from 203.0.113.9 port 52116 ssh2",
                "2025-01-12T03:14:17.123456+00:00 vps sshd[4243]: Failed password for ubuntu from 203.0.113.9 port 2"
                        + " ssh2")) {
            assertThat(match(c, line)).as(line).singleElement().satisfies(m -> {
                assertThat(m.pattern()).isEqualTo("SshBruteForce");
                assertThat(m.labels()).containsEntry("ip", "203.0.113.9").doesNotContainKey("user");
            });
        }
        assertThat(match(c, "Jan 12 03:14:18 vps sshd[4244]: Accepted publickey for deploy from 10.0.0.2 port 5 ssh2"))
                .isEmpty();
    }

    @Test
    void nginxCountsServerErrorsFromTheStatusFieldOnly() throws Exception {
        LogPatternsConfig c = examples();
        assertThat(match(
                        c,
                        "203.0.113.5 - - [12/Jan/2025:03:14:15 +0000] \"GET /api/orders?id=5 HTTP/1.1\" 502"
                                + " 157 \"-\" \"curl/8.5.0\""))
                .singleElement()
                .satisfies(m -> assertThat(m.pattern()).isEqualTo("NginxServerErrorBurst"));
        assertThat(match(
                        c,
                        "203.0.113.5 - alice [12/Jan/2025:03:14:15 +0000] \"POST /500 HTTP/1.1\" 200 500 \"-\""
                                + " \"5xx 503 \""))
                .isEmpty();
        assertThat(match(c, "203.0.113.5 - - [12/Jan/2025:03:14:15 +0000] \"GET / HTTP/1.1\" 404 0 \"-\" \"-\""))
                .isEmpty();
    }

    @Test
    void kernelOomKillsNameTheProcess() throws Exception {
        LogPatternsConfig c = examples();
        for (String line : List.of(
                "Jan 12 03:14:15 vps kernel: [123456.789012] Out of memory: Killed process 31337 (java)"
                        + " total-vm:8123456kB, anon-rss:4012345kB, file-rss:0kB, shmem-rss:0kB, UID:1000"
                        + " pgtables:9000kB oom_score_adj:0",
                "Jan 12 03:14:15 vps kernel: Memory cgroup out of memory: Killed process 31337 (java)"
                        + " total-vm:8123456kB",
                "Jan 12 03:14:15 vps kernel: Out of memory: Kill process 31337 (java) score 912 or sacrifice child")) {
            assertThat(match(c, line)).as(line).singleElement().satisfies(m -> {
                assertThat(m.pattern()).isEqualTo("KernelOomKill");
                assertThat(m.labels()).containsEntry("process", "java");
            });
        }
    }

    @Test
    void systemdFailuresNameTheUnit() throws Exception {
        assertThat(match(examples(), "Jan 12 03:14:15 vps systemd[1]: nginx.service: Failed with result 'exit-code'."))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.pattern()).isEqualTo("SystemdUnitFailed");
                    assertThat(m.labels())
                            .containsEntry("unit", "nginx.service")
                            .containsEntry("instance", "vps-01");
                });
    }
}
