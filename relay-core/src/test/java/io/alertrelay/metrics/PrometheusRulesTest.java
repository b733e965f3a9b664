package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.RunningProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus as shipped: promtool accepts the config, the rules and the rules' unit tests; every rule has a
 * firing and a quiet case; and every metric a rule reads is in a real scrape of the relay (or is cluster-only).
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("..", "deploy", "prometheus");
    static final Path RULES = DIR.resolve("rules/alert-relay.yml");
    static final Path RULE_TESTS = DIR.resolve("tests/alert-relay.test.yml");
    /** Series that exist only in cluster mode (cluster.redis set), so a single relay's scrape cannot show them. */
    static final Set<String> CLUSTER_ONLY = Set.of("relay_cluster_redis_up");
    /** Series Prometheus makes itself for every target. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dataDir;

    @Test
    void promtoolAcceptsTheShippedConfigAndRules() {
        Path promtool = ExternalProgram.require("promtool", "prometheus");
        String config = promtool(
                promtool, "check", "config", DIR.resolve("prometheus.yml").toString());
        assertThat(config).contains("SUCCESS: 1 rule files found", "SUCCESS: 8 rules found");
        assertThat(promtool(promtool, "check", "rules", RULES.toString())).contains("SUCCESS: 8 rules found");
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        Path promtool = ExternalProgram.require("promtool", "prometheus");
        assertThat(promtool(promtool, "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyRuleHasAFiringAndAQuietCaseInTheUnitTests() throws IOException {
        Map<String, int[]> cases = new LinkedHashMap<>(); // alertname -> {firing, quiet}
        for (String alert : alertNames()) cases.put(alert, new int[2]);
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode c : test.path("alert_rule_test")) {
                int[] n = cases.get(c.path("alertname").asText());
                assertThat(n)
                        .as("unit test for an alert the rules do not have: %s", c.path("alertname"))
                        .isNotNull();
                n[c.path("exp_alerts").isEmpty() ? 1 : 0]++;
            }
        }
        cases.forEach((alert, n) -> {
            assertThat(n[0]).as("%s: a case where it fires", alert).isPositive();
            assertThat(n[1]).as("%s: a case where it does not", alert).isPositive();
        });
        assertThat(cases.keySet())
                .containsExactlyInAnyOrder(
                        "RelayDown",
                        "RelaySlowConsumerClosesRising",
                        "RelayPluginFailed",
                        "RelayPluginStuckThreads",
                        "RelayJournalNearRetention",
                        "RelaySendQueuesHigh",
                        "RelayStoreNotWritable",
                        "RelayRedisUnreachable");
    }

    @Test
    void everyMetricTheRulesReadIsInARealScrapeOrClusterOnly() throws IOException {
        Set<String> scraped = GrafanaDashboardTest.scrapedNames(GrafanaDashboardTest.busyRelayScrape(dataDir));
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode rule : rules()) {
            String expr = rule.path("expr").asText();
            Set<String> names = PromQlNames.of(expr);
            assertThat(names)
                    .as("%s reads no metric: %s", rule.path("alert").asText(), expr)
                    .isNotEmpty();
            used.addAll(names);
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(scraped);
            missing.removeAll(CLUSTER_ONLY);
            missing.removeAll(PROMETHEUS_OWN);
            if (!missing.isEmpty()) unknown.put(rule.path("alert").asText() + ": " + expr, missing);
        }
        assertThat(unknown)
                .as("rules reading metrics the relay does not export (typo, or a renamed metric?)")
                .isEmpty();
        // the cluster-only list holds only what a rule really uses, and nothing a single relay exports
        assertThat(used).containsAll(CLUSTER_ONLY);
        assertThat(scraped).doesNotContainAnyElementsOf(CLUSTER_ONLY);
        assertThat(used)
                .contains(
                        "relay_journal_max_entries",
                        "relay_send_queue_limit_bytes",
                        "relay_plugin_up",
                        "relay_store_writable",
                        "relay_slow_consumer_closes_total");
    }

    @Test
    void everyRunbookLinkPointsAtASectionOfTheMonitoringGuide() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "monitoring.md"));
        Set<String> anchors = new TreeSet<>();
        for (String line : doc.split("\n")) {
            if (line.startsWith("#"))
                anchors.add(line.replaceFirst("^#+\\s*", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'));
        }
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            String url = rule.path("annotations").path("runbook_url").asText();
            assertThat(url)
                    .as("%s runbook_url", alert)
                    .isEqualTo("docs/monitoring.md#" + alert.toLowerCase(java.util.Locale.ROOT));
            assertThat(anchors)
                    .as("docs/monitoring.md has a heading for %s", alert)
                    .contains(url.replaceFirst(".*#", ""));
            assertThat(rule.path("labels").path("severity").asText())
                    .as("%s severity", alert)
                    .isIn("critical", "warning");
            assertThat(rule.path("for").asText()).as("%s for:", alert).isNotEmpty();
            assertThat(rule.path("annotations").path("summary").asText())
                    .as("%s summary", alert)
                    .isNotEmpty();
            assertThat(rule.path("annotations").path("description").asText())
                    .as("%s description", alert)
                    .isNotEmpty();
        }
    }

    static List<JsonNode> rules() throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups"))
            group.path("rules").forEach(out::add);
        return out;
    }

    static List<String> alertNames() throws IOException {
        return rules().stream().map(r -> r.path("alert").asText()).toList();
    }

    static String promtool(Path promtool, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        return RunningProgram.check(cmd);
    }
}
