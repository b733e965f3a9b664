package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.alertrelay.config.ConfigLoader;
import io.alertrelay.config.RelayConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/compose.yaml without a Docker engine: it is valid against the Compose Specification's JSON schema
 * (vendored in src/test/resources/schemas), every file it mounts or builds from is in the repository, the relay's
 * environment is a configuration the relay accepts, and Grafana's provisioning points at dashboards/grafana.
 */
class ComposeFileTest {

    static final Path DOCKER = Path.of("../deploy/docker");
    static final YAMLMapper YAML = new YAMLMapper();

    static JsonNode compose() throws Exception {
        return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    static Set<ValidationMessage> validate(JsonNode doc) throws Exception {
        JsonNode schema;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/schemas/compose-spec.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        // Two things this validator reads differently, set in memory only: the draft (07, declared as an https URL
        // it does not map) is given explicitly, and the relative $id becomes the schema's upstream address.
        ((ObjectNode) schema).remove("$schema");
        ((ObjectNode) schema)
                .put(
                        "$id",
                        "https://raw.githubusercontent.com/compose-spec/compose-spec/main/schema/compose-spec.json");
        JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        return s.validate(doc);
    }

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws Exception {
        assertThat(validate(compose())).as("compose-spec schema errors").isEmpty();
    }

    @Test
    void theSchemaCheckCatchesMistakes() throws Exception {
        ObjectNode broken = (ObjectNode) compose().deepCopy();
        ((ObjectNode) broken.path("services").path("relay-1")).put("restart_policy", "always"); // not a service key
        ((ObjectNode) broken.path("services").path("redis")).put("healthcheck", "redis-cli ping"); // needs a mapping
        assertThat(validate(broken))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("restart_policy"))
                .anyMatch(m -> m.contains("healthcheck"));
    }

    /** Every relative source of a bind mount, with the service that mounts it. */
    static Map<String, String> bindSources(JsonNode compose) {
        Map<String, String> sources = new LinkedHashMap<>();
        compose.path("services")
                .properties()
                .forEach(e -> e.getValue().path("volumes").forEach(v -> {
                    String source = v.isTextual()
                            ? v.asText().split(":")[0]
                            : v.path("source").asText();
                    if (source.startsWith(".")) sources.put(source, e.getKey());
                }));
        return sources;
    }

    @Test
    void everyPathItMountsOrBuildsFromIsInTheRepository() throws Exception {
        JsonNode c = compose();
        JsonNode build = c.path("services").path("relay-1").path("build");
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();
        assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
        Map<String, String> sources = bindSources(c);
        assertThat(sources)
                .containsKeys(
                        "../prometheus/prometheus.yml",
                        "../prometheus/rules",
                        "./grafana/provisioning",
                        "../../dashboards/grafana");
        List<String> missing = new ArrayList<>();
        for (String source : sources.keySet()) {
            Path p = DOCKER.resolve(source).normalize();
            if (!Files.exists(p)) missing.add(source + " (mounted by " + sources.get(source) + ")");
        }
        assertThat(missing).as("mount sources missing from the repository").isEmpty();
    }

    @Test
    void everyRelayNodeUsesRedisWithAofTheSameTokensAndAValidConfiguration() throws Exception {
        JsonNode services = compose().path("services");
        assertThat(services.path("redis").path("command").toString()).contains("\"--appendonly\",\"yes\"");
        String sampleHash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
        for (String node : List.of("relay-1", "relay-2", "relay-3")) {
            Map<String, String> env = new LinkedHashMap<>();
            services.path(node)
                    .path("environment")
                    .properties()
                    .forEach(e -> env.put(
                            e.getKey(),
                            // compose's ${VAR:?message}: what the operator exports
                            e.getValue().asText().replaceAll("\\$\\{RELAY_ADMIN_TOKEN_SHA256:\\?[^}]*}", sampleHash)));
            RelayConfig config = ConfigLoader.load(null, env);
            assertThat(config.cluster().redis()).as(node).isEqualTo("redis://redis:6379");
            assertThat(config.auth().tokens())
                    .as(node)
                    .singleElement()
                    .satisfies(t -> assertThat(t.sha256()).isEqualTo(sampleHash));
            assertThat(ConfigLoader.unusedEnv(env)).containsOnly("RELAY_JAVA_OPTS");
            // a browser on any node's host port must be let in (the relay only knows its port inside the container)
            for (JsonNode port : services.path(node).path("ports")) {
                String host = port.asText().replaceAll(":8080$", "").replaceFirst("^127\\.0\\.0\\.1:", "");
                assertThat(config.auth().allowedOrigins())
                        .as(node + " origins")
                        .contains("http://127.0.0.1:" + host, "http://localhost:" + host);
            }
            assertThat(services.path(node)
                            .path("depends_on")
                            .path("redis")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_healthy");
        }
    }

    @Test
    void prometheusScrapesExactlyTheRelayNodesTheStackRuns() throws Exception {
        JsonNode prometheus =
                YAML.readTree(DOCKER.resolve("../prometheus/prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (!job.path("job_name").asText().equals("alert-relay")) continue;
            for (JsonNode sc : job.path("static_configs")) sc.path("targets").forEach(t -> targets.add(t.asText()));
        }
        List<String> relays = new ArrayList<>();
        compose().path("services").fieldNames().forEachRemaining(n -> {
            if (n.startsWith("relay")) relays.add(n + ":8080");
        });
        assertThat(targets).containsExactlyInAnyOrderElementsOf(relays);
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheRelayDashboard() throws Exception {
        Path provisioning = DOCKER.resolve("grafana/provisioning");
        JsonNode ds = YAML.readTree(
                provisioning.resolve("datasources/prometheus.yaml").toFile());
        assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode prometheus = ds.path("datasources").get(0);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("url").asText())
                .as("the compose service and its port")
                .isEqualTo("http://prometheus:9090");
        assertThat(compose().path("services").has("prometheus")).isTrue();

        JsonNode dashboards = YAML.readTree(
                provisioning.resolve("dashboards/alert-relay.yaml").toFile());
        JsonNode provider = dashboards.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        String inContainer = provider.path("options").path("path").asText();
        // the provider reads the folder compose mounts dashboards/grafana on
        String mount = null;
        for (JsonNode v : compose().path("services").path("grafana").path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].equals("../../dashboards/grafana")) mount = parts[1];
        }
        assertThat(mount).isEqualTo(inContainer);
        try (Stream<Path> files = Files.list(DOCKER.resolve("../../dashboards/grafana"))) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(json).isNotEmpty();
            for (Path f : json) {
                JsonNode d = new ObjectMapper().readTree(f.toFile());
                assertThat(d.path("templating").path("list").findValuesAsText("query"))
                        .as("%s picks a Prometheus", f)
                        .contains("prometheus");
            }
        }
    }
}
