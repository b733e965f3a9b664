package io.alertrelay.plugins.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.RuleSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config section: every pattern becomes a count rule; every mistake names its key path. */
class LogPatternsConfigTest {

    private static PluginConfig config(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return new PluginConfig("plugins.log-patterns", m);
    }

    private static PluginConfig onePattern(Map<String, Object> pattern) {
        return config(
                "files",
                List.of(Map.of(
                        "path",
                        "/var/log/auth.log",
                        "patterns",
                        List.of(Map.of("name", "Ok", "regex", "ok"), pattern))));
    }

    private static Map<String, Object> pattern(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("name", "SshBruteForce", "regex", "Failed password"));
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    @Test
    void eachPatternBecomesACountRuleWithItsThresholdSeverityQuietTimeAndLabels() {
        PluginConfig c = config(
                "files",
                List.of(
                        Map.of(
                                "path",
                                "/var/log/auth.log",
                                "patterns",
                                List.of(Map.of(
                                        "name",
                                        "SshBruteForce",
                                        "regex",
                                        "Failed password for (?<user>\\S+) from (?<ip>\\S+)",
                                        "severity",
                                        "critical",
                                        "threshold",
                                        Map.of("count", 5, "window", "1m"),
                                        "resolveAfter",
                                        "15m",
                                        "labels",
                                        Map.of("service", "sshd"),
                                        "annotations",
                                        Map.of("summary", "brute force from {{ $labels.ip }}")))),
                        Map.of(
                                "path",
                                "/var/log/syslog",
                                "patterns",
                                List.of(Map.of(
                                        "name",
                                        "SystemdUnitFailed",
                                        "regex",
                                        "(?<unit>\\S+\\.service): Failed with result")))));
        List<RuleSpec> rules = new LogPatternsSource().rules(c);
        assertThat(rules)
                .containsExactly(
                        new CountRule(
                                "SshBruteForce",
                                "SshBruteForce",
                                5,
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(15),
                                "critical",
                                Map.of("service", "sshd"),
                                Map.of("summary", "brute force from {{ $labels.ip }}"),
                                true),
                        new CountRule(
                                "SystemdUnitFailed",
                                "SystemdUnitFailed",
                                1,
                                Duration.ZERO,
                                Duration.ofMinutes(10),
                                "warning",
                                Map.of(),
                                Map.of(),
                                true));
    }

    @Test
    void defaultsAreDocumented() {
        LogPatternsConfig c = LogPatternsConfig.parse(config());
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxLineBytes()).isEqualTo(65536);
        assertThat(c.rotationGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxMatchesPerSecond()).isEqualTo(1000);
        assertThat(c.files()).isEmpty();
        assertThat(new LogPatternsSource().rules(config())).isEmpty();
    }

    @Test
    void aBadRegexNamesItsKeyPathAndWhere() {
        assertThatThrownBy(() -> LogPatternsConfig.parse(onePattern(pattern("regex", "Failed (password"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.log-patterns.files[0].patterns[1].regex: bad regex: Unclosed group")
                .hasMessageContaining("Failed (password");
    }

    @Test
    void patternNamesMustBeUniqueAcrossThePlugin() {
        PluginConfig c = config(
                "files",
                List.of(
                        Map.of("path", "/a.log", "patterns", List.of(Map.of("name", "Same", "regex", "a"))),
                        Map.of("path", "/b.log", "patterns", List.of(Map.of("name", "Same", "regex", "b")))));
        assertThatThrownBy(() -> LogPatternsConfig.parse(c))
                .hasMessage("plugins.log-patterns.files[1].patterns[0].name:"
                        + " Same is already the name of plugins.log-patterns.files[0].patterns[0]; pattern names must"
                        + " be unique"
                        + " in the plugin (each is a rule and the alertname)");
    }

    @Test
    void everyMistakeNamesItsKeyPath() {
        Map<PluginConfig, String> cases = new LinkedHashMap<>();
        cases.put(
                onePattern(pattern("name", "ssh brute force")),
                "files[0].patterns[1].name: \"ssh brute force\" becomes the alertname");
        cases.put(
                onePattern(pattern("severity", "urgent")),
                "files[0].patterns[1].severity: \"urgent\" is not a severity");
        cases.put(
                onePattern(pattern("threshold", Map.of("count", 5))),
                "files[0].patterns[1].threshold.window is required when count is above 1");
        cases.put(
                onePattern(pattern("threshold", Map.of("count", 0))),
                "files[0].patterns[1].threshold.count: 0 must be at least 1");
        cases.put(
                onePattern(pattern("threshold", Map.of("count", 5, "windw", "1m"))),
                "files[0].patterns[1].threshold.windw is not a known key");
        cases.put(
                onePattern(pattern("threshold", Map.of("count", 5, "window", "1 minute"))),
                "files[0].patterns[1].threshold.window: \"1 minute\" is not a duration");
        cases.put(onePattern(pattern("resolveAfter", "0s")), "files[0].patterns[1].resolveAfter must be more than 0s");
        cases.put(
                onePattern(pattern("labels", Map.of("service-name", "sshd"))),
                "files[0].patterns[1].labels.service-name: a name must match");
        cases.put(onePattern(pattern("labels", Map.of("service", ""))), "files[0].patterns[1].labels.service is empty");
        cases.put(
                onePattern(pattern("regexp", "x")),
                "files[0].patterns[1].regexp is not a known key; known keys here are annotations, labels, name");
        cases.put(onePattern(Map.of("name", "NoRegex")), "files[0].patterns[1].regex is required");
        cases.put(
                config("files", List.of(Map.of("patterns", List.of(Map.of("name", "A", "regex", "a"))))),
                "files[0].path is required");
        cases.put(
                config(
                        "files",
                        List.of(Map.of(
                                "path", "/var/log/**/x.log", "patterns", List.of(Map.of("name", "A", "regex", "a"))))),
                "files[0].path: /var/log/**/x.log: ** is not supported");
        cases.put(
                config("files", List.of(Map.of("path", "/var/log/auth.log"))),
                "files[0].patterns: list at least one pattern");
        cases.put(config("files", Map.of("path", "/var/log/auth.log")), "files: a mapping is not a list of mappings");
        cases.put(config("pollInterval", "10ms"), "pollInterval: 10ms is out of range; use 100ms to 1m");
        cases.put(config("maxLineBytes", 10), "maxLineBytes: 10 is out of range");
        cases.put(config("maxMatchesPerSecond", 10000), "maxMatchesPerSecond: 10000 is out of range");
        cases.put(config("rotationGrace", "1h"), "rotationGrace: 1h is too long");
        cases.put(config("file", List.of()), "file is not a known key; known keys here are files, maxLineBytes");
        cases.forEach((c, message) -> assertThatThrownBy(() -> LogPatternsConfig.parse(c))
                .as(message)
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("plugins.log-patterns." + message));
    }

    @Test
    void theRelaysOwnRulesKeyIsAllowedInTheSection() {
        PluginConfig c = config("rules", List.of(Map.of("name", "SshBruteForce", "enabled", false)));
        assertThat(LogPatternsConfig.parse(c).files()).isEmpty();
    }

    @Test
    void namedGroupsAreFoundButEscapedParenthesesAreNot() {
        assertThat(LineMatcher.groupNames(
                        java.util.regex.Pattern.compile("(?<user>\\S+) \\(?<notagroup>x (?<=a)(?<!b)\\\\(?<ip>\\S+)")))
                .containsExactly("user", "ip");
    }
}
