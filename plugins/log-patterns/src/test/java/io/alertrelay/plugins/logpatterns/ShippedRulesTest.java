package io.alertrelay.plugins.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.alertrelay.alert.Alert;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.devkit.RuleBench;
import io.alertrelay.plugin.testkit.FakeSourceContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern sets the docs ship (log-patterns-examples.yaml, pointed at temporary files) followed by the real
 * source: real log lines make each count rule fire, and it resolves with neutral text after its quiet time.
 */
class ShippedRulesTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    Map<String, Object> examplesOn(Map<String, Path> files) throws Exception {
        Map<String, Object> root;
        try (InputStream in = ShippedRulesTest.class.getResourceAsStream("/log-patterns-examples.yaml")) {
            root = new YAMLMapper().readValue(in, Map.class);
        }
        Map<String, Object> section = new LinkedHashMap<>(
                (Map<String, Object>) ((Map<String, Object>) root.get("plugins")).get("log-patterns"));
        List<Object> entries = new ArrayList<>();
        for (Object o : (List<Object>) section.get("files")) {
            Map<String, Object> f = new LinkedHashMap<>((Map<String, Object>) o);
            f.put("path", files.get((String) f.get("path")).toString());
            entries.add(f);
        }
        section.put("files", entries);
        section.put("pollInterval", "100ms");
        return section;
    }

    @Test
    void everyExampleRuleFiresOnItsLinesAndResolvesAfterItsQuietTime() throws Exception {
        Files.createDirectories(dir.resolve("nginx"));
        Map<String, Path> files = Map.of(
                "/var/log/auth.log",
                dir.resolve("auth.log"),
                "/var/log/nginx/*access.log",
                dir.resolve("nginx/*access.log"),
                "/var/log/kern.log",
                dir.resolve("kern.log"),
                "/var/log/syslog",
                dir.resolve("syslog"));
        for (String f : List.of("auth.log", "nginx/shop.access.log", "kern.log", "syslog"))
            Files.createFile(dir.resolve(f));
        Map<String, Object> config = examplesOn(files);
        RuleBench bench = RuleBench.of("log-patterns", new LogPatternsSource(), config);
        try (FakeSourceContext ctx = new FakeSourceContext("log-patterns", config, bench.clock())) {
            LogPatternsSource source = new LogPatternsSource();
            source.start(ctx);
            List<String> auth = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                auth.add("Jan 12 03:14:1" + i + " vps sshd[4242]: Failed password for root from 203.0.113.9 port 5211"
                        + i + " ssh2");
            }
            Following.append(dir.resolve("auth.log"), auth);
            Following.append(
                    dir.resolve("nginx/shop.access.log"),
                    Collections.nCopies(
                            20,
                            "203.0.113.5 - - [12/Jan/2025:03:14:15 +0000] \"GET /api/orders HTTP/1.1\" 502 157 \"-\""
                                    + " \"curl/8.5.0\""));
            Following.append(
                    dir.resolve("kern.log"),
                    List.of("Jan 12 03:14:15 vps kernel: Out of memory: Killed process"
                            + " 31337 (java) total-vm:8123456kB"));
            Following.append(
                    dir.resolve("syslog"),
                    List.of("Jan 12 03:14:15 vps systemd[1]: nginx.service: Failed with" + " result 'exit-code'."));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ctx.signals(Match.class).size() >= 27);
            bench.feed(ctx.signals(Match.class));
            source.stop();
        }
        Map<String, Duration> quiet = Map.of(
                "SshBruteForce",
                Duration.ofMinutes(10),
                "NginxServerErrorBurst",
                Duration.ofMinutes(5),
                "KernelOomKill",
                Duration.ofMinutes(30),
                "SystemdUnitFailed",
                Duration.ofMinutes(30));
        for (String rule : quiet.keySet())
            assertThat(bench.firing(rule)).as(rule + " fires").isPresent();
        assertThat(bench.firing("SshBruteForce").orElseThrow().annotations().get("summary"))
                .isEqualTo("5 or more failed SSH logins from 203.0.113.9 within 1m");

        bench.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(bench.firing("NginxServerErrorBurst")).isPresent();
        bench.advance(Duration.ofSeconds(1));
        assertThat(bench.firing("NginxServerErrorBurst"))
                .as("5m after the last 5xx")
                .isEmpty();
        bench.advance(Duration.ofMinutes(5));
        assertThat(bench.firing("SshBruteForce")).isEmpty();
        assertThat(bench.firing("KernelOomKill")).isPresent();
        bench.advance(Duration.ofMinutes(20));
        for (String rule : quiet.keySet()) {
            Alert resolved = bench.resolved(rule).orElseThrow();
            assertThat(resolved.annotations().get("summary"))
                    .as(rule)
                    .isEqualTo(rule + ": resolved, no match for "
                            + io.alertrelay.plugin.api.Durations.format(quiet.get(rule)));
            assertThat(resolved.annotations()).containsKey("resolved_reason");
        }
    }
}
