package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dashboards/grafana/alert-relay.json reads only metric names a running relay really exports: every expression
 * and variable query is checked against a real scrape of a relay that has done enough to create every metric.
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("..", "dashboards", "grafana", "alert-relay.json");

    @TempDir
    Path dataDir;

    @Test
    void everyMetricNameInTheDashboardIsInARealScrape() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, String> queries = queries(dashboard);
        assertThat(queries).hasSizeGreaterThan(20);

        Set<String> scraped = scrapedNames(busyRelayScrape(dataDir));
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        Set<String> used = new TreeSet<>();
        queries.forEach((where, expr) -> {
            Set<String> names = PromQlNames.of(expr);
            assertThat(names).as("%s reads no metric: %s", where, expr).isNotEmpty();
            used.addAll(names);
            Set<String> unknown = new TreeSet<>(names);
            unknown.removeAll(scraped);
            if (!unknown.isEmpty()) missing.put(where + ": " + expr, unknown);
        });
        assertThat(missing)
                .as("expressions reading metrics the relay does not export")
                .isEmpty();
        // what the wall's operators asked the dashboard to show
        assertThat(used)
                .contains(
                        "relay_sessions",
                        "relay_frames_sent_total",
                        "relay_slow_consumer_closes_total",
                        "relay_frames_rejected_total",
                        "relay_send_queue_bytes",
                        "relay_resumes_total",
                        "jvm_memory_used_bytes",
                        "process_cpu_seconds_total",
                        "relay_plugin_up",
                        "relay_plugin_errors_total");
    }

    @Test
    void panelsHaveUniqueIdsAndUseTheDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s is unique", panel.path("id"))
                    .isTrue();
            if (panel.path("type").asText().equals("row")) continue;
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("alert-relay");
    }

    @Test
    void theNameExtractorSkipsLabelsRangesFunctionsAndClauses() {
        assertThat(PromQlNames.of(
                        "sum by (role) (rate(relay_frames_sent_total{job=~\"$job\", a=\"x(y)\"}[$__rate_interval]))"
                                + " / on (instance) group_left max(up offset 5m) or vector(0)"))
                .containsExactly("relay_frames_sent_total", "up");
        assertThat(PromQlNames.of("label_values(relay_sessions{job=~\"$job\"}, instance)"))
                .containsExactly("relay_sessions");
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))"))
                .containsExactly("x_bucket");
    }

    /** Expressions and variable queries, keyed by where they are in the dashboard. */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            p.path("panels").forEach(panels::add); // collapsed rows hold their panels
            for (JsonNode t : p.path("targets")) {
                out.put(
                        "panel '" + p.path("title").asText() + "' "
                                + t.path("refId").asText(),
                        t.path("expr").asText());
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                out.put(
                        "variable " + v.path("name").asText(),
                        q.isObject() ? q.path("query").asText() : q.asText());
            }
        }
        return out;
    }

    /** A scrape after the relay has done one of everything that creates a metric ({@code dataDir}: a fresh one). */
    static String busyRelayScrape(Path dataDir) {
        try {
            // a running plugin, so the relay_plugin_* series exist
            io.alertrelay.plugin.TestPluginJar.write(
                    dataDir.resolve("plugins"), "steady", ">=1.0.0", io.alertrelay.plugin.fixtures.SteadySource.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (TestRelay relay = TestRelay.start(dataDir)) {
            WsTestClient viewer = relay.subscribed(TestRelay.VIEWER); // relay_resumes_total, sessions
            relay.push(Frames.alert("Scraped", "severity", "critical")); // relay_alerts_ingested_total
            viewer.next("alert"); // frames sent
            viewer.send("{\"type\":\"no-such-type\"}"); // relay_frames_rejected_total
            viewer.next("error");
            WsTestClient leaving = relay.client(TestRelay.VIEWER);
            leaving.close(); // relay_sessions_closed_total
            relay.relay.pipeline().tick();
            relay.relay.metrics().updateAlertCounts(relay.relay.pipeline().stats()); // relay_alerts
            System.gc(); // jvm_gc_pause_seconds_*
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String s = relay.http("GET", "/metrics", null, null).body();
                return s.contains("relay_sessions_closed_total{") && s.contains("jvm_gc_pause_seconds_count");
            });
            return relay.http("GET", "/metrics", null, null).body();
        }
    }

    static Set<String> scrapedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') end++;
            names.add(line.substring(0, end));
        }
        return names;
    }
}
