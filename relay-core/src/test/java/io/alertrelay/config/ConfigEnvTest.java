package io.alertrelay.config;

import static io.alertrelay.config.ConfigLoaderTest.HASH;
import static io.alertrelay.config.ConfigLoaderTest.HASH2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELAY_* environment variables over the file. */
class ConfigEnvTest {

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("relay.yaml"), yaml);
    }

    static RelayConfig env(Map<String, String> env) {
        return ConfigLoader.load(null, env);
    }

    static String error(Path file, Map<String, String> env) {
        return ConfigLoaderTest.catchConfig(file, env).getMessage();
    }

    @Test
    void aScalarKeyIsSetByItsVariable() {
        RelayConfig c = env(Map.of(
                "RELAY_SERVER_PORT",
                "9000",
                "RELAY_SERVER_HOST",
                "0.0.0.0",
                "RELAY_DATA_DIR",
                "/var/lib/relay",
                "RELAY_CLUSTER_REDIS",
                "redis://cache:6379/1"));

        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/relay"));
        assertThat(c.cluster().redis()).isEqualTo("redis://cache:6379/1");
    }

    @Test
    void theRequestBodyLimitsHaveTheirVariables() {
        RelayConfig c = env(Map.of(
                "RELAY_LIMITS_REQUEST_BODY_TIMEOUT", "7s",
                "RELAY_LIMITS_MAX_BODIES_PER_IP", "3",
                "RELAY_LIMITS_AUTH_FAILURES_PER_MINUTE", "12",
                "RELAY_LIMITS_MAX_BODY_BYTES_IN_FLIGHT", "8388608"));

        assertThat(c.limits().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.limits().maxBodiesPerIp()).isEqualTo(3);
        assertThat(c.limits().authFailuresPerMinute()).isEqualTo(12);
        assertThat(c.limits().maxBodyBytesInFlight()).isEqualTo(8L << 20);
    }

    @Test
    void nestedCamelCaseKeysSplitIntoWords() {
        RelayConfig c = env(Map.of(
                "RELAY_SERVER_HEARTBEAT_INTERVAL", "10s",
                "RELAY_LIMITS_MAX_MESSAGE_BYTES", "131072",
                "RELAY_LIMITS_MAX_CONNECTIONS_PER_IP", "7",
                "RELAY_LIMITS_AUTH_TIMEOUT", "2",
                "RELAY_LIMITS_SUBSCRIBES_PER_MINUTE", "6",
                "RELAY_LIMITS_REQUEST_HEADER_TIMEOUT", "4s",
                "RELAY_JOURNAL_MAX_AGE", "1h30m",
                "RELAY_ALERTS_EXPIRED_SILENCE_RETENTION", "0s",
                "RELAY_PLUGINS_DIR", "/opt/plugins"));

        assertThat(c.server().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.limits().maxMessageBytes()).isEqualTo(131072);
        assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(7);
        assertThat(c.limits().authTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.limits().subscribesPerMinute()).isEqualTo(6);
        assertThat(c.limits().requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.journal().maxAge()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.alerts().expiredSilenceRetention()).isZero();
        assertThat(c.plugins().dir()).isEqualTo(Path.of("/opt/plugins"));
    }

    @Test
    void tlsFilesAreSetByTheirVariablesAndOneWithoutTheOtherIsAnError() {
        RelayConfig c = env(Map.of(
                "RELAY_SERVER_TLS_CERT_FILE",
                "/etc/relay/fullchain.pem",
                "RELAY_SERVER_TLS_KEY_FILE",
                "/etc/relay/privkey.pem"));
        assertThat(c.server().tls())
                .isEqualTo(new TlsConfig(Path.of("/etc/relay/fullchain.pem"), Path.of("/etc/relay/privkey.pem")));
        assertThat(env(Map.of()).server().tls()).isNull();
        assertThat(error(null, Map.of("RELAY_SERVER_TLS_CERT_FILE", "/etc/relay/fullchain.pem")))
                .isEqualTo("config error at server.tls.keyFile: missing; HTTPS needs both server.tls.certFile (the PEM"
                        + " certificate chain) and server.tls.keyFile (its PEM private key), or neither for"
                        + " plain HTTP");
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = write("server: {host: 0.0.0.0, port: 8081}\nlimits: {framesPerSecond: 10}\n");
        RelayConfig c = ConfigLoader.load(file, Map.of("RELAY_SERVER_PORT", "9000"));

        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9000, Duration.ofSeconds(30)));
        assertThat(c.limits().framesPerSecond()).isEqualTo(10);
    }

    @Test
    void aListOfTokensIsAYamlFlowList() {
        RelayConfig c = env(Map.of(
                "RELAY_AUTH_TOKENS",
                "[{name: a, role: viewer, sha256: " + HASH + "}, {name: b, role: admin, sha256: " + HASH2 + "}]"));

        assertThat(c.auth().tokens())
                .containsExactly(
                        new TokenConfig("a", Role.VIEWER, HASH), new TokenConfig("b", Role.ADMIN, HASH2.toLowerCase()));
    }

    @Test
    void aListOfStringsIsCommaSeparatedOrAYamlList() {
        assertThat(env(Map.of("RELAY_AUTH_ALLOWED_ORIGINS", "https://a.example, http://localhost:8080,"))
                        .auth()
                        .allowedOrigins())
                .containsExactly("https://a.example", "http://localhost:8080");
        assertThat(env(Map.of("RELAY_AUTH_ALLOWED_ORIGINS", "[\"https://a.example\", \"*\"]"))
                        .auth()
                        .allowedOrigins())
                .containsExactly("https://a.example", "*");
        assertThat(env(Map.of("RELAY_AUTH_ALLOWED_ORIGINS", "*")).auth().allowedOrigins())
                .containsExactly("*");
    }

    @Test
    void aListFromTheEnvironmentReplacesTheFileList() throws IOException {
        Path file = write("auth: {allowedOrigins: [\"https://a.example\", \"https://b.example\"]}\n");
        assertThat(ConfigLoader.load(file, Map.of("RELAY_AUTH_ALLOWED_ORIGINS", "https://c.example"))
                        .auth()
                        .allowedOrigins())
                .containsExactly("https://c.example");
    }

    @Test
    void aSectionVariableIsAMappingMergedIntoTheFile() throws IOException {
        Path file = write("server: {host: 0.0.0.0, port: 8081}\n");
        RelayConfig c = ConfigLoader.load(file, Map.of("RELAY_SERVER", "{port: 9000, heartbeatInterval: 5s}"));

        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9000, Duration.ofSeconds(5)));
    }

    @Test
    void aKeyVariableWinsOverItsSectionVariable() {
        RelayConfig c = env(Map.of("RELAY_SERVER", "{port: 9000}", "RELAY_SERVER_PORT", "9001"));
        assertThat(c.server().port()).isEqualTo(9001);
    }

    @Test
    void anEmptyValuePutsTheDefaultBack() throws IOException {
        Path file = write("server: {port: 8081}\ncluster: {redis: \"redis://h\"}\nauth: {allowedOrigins: [\"*\"]}\n");
        RelayConfig c = ConfigLoader.load(
                file, Map.of("RELAY_SERVER_PORT", "", "RELAY_CLUSTER_REDIS", "", "RELAY_AUTH_ALLOWED_ORIGINS", ""));

        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.cluster().redis()).isNull();
        assertThat(c.auth().allowedOrigins()).isEmpty();
    }

    @Test
    void aScalarIsTakenAsWrittenAndLosesYamlQuotes() {
        RelayConfig c = env(Map.of(
                "RELAY_DATA_DIR",
                "/data/#1: relay",
                "RELAY_PLUGINS_DIR",
                "\"/opt/plug ins\"",
                "RELAY_SERVER_HOST",
                " localhost "));

        assertThat(c.dataDir()).isEqualTo(Path.of("/data/#1: relay"));
        assertThat(c.plugins().dir()).isEqualTo(Path.of("/opt/plug ins"));
        assertThat(c.server().host()).isEqualTo("localhost");
    }

    @Test
    void aPluginKeyInTheFileIsSetByItsVariableAsAYamlValue() throws IOException {
        Path file = write("""
                plugins:
                  host-metrics:
                    interval: 10s
                    maxDisks: 4
                    rules: []
                """);
        RelayConfig c = ConfigLoader.load(
                file,
                Map.of(
                        "RELAY_PLUGINS_HOST_METRICS_INTERVAL", "5s",
                        "RELAY_PLUGINS_HOST_METRICS_MAX_DISKS", "8",
                        "RELAY_PLUGINS_HOST_METRICS_RULES", "[{name: HighLoad, warning: 4.5}]"));

        JsonNode hm = c.plugins().section("host-metrics");
        assertThat(hm.get("interval").textValue()).isEqualTo("5s");
        assertThat(hm.get("maxDisks").isInt()).isTrue();
        assertThat(hm.get("maxDisks").intValue()).isEqualTo(8);
        assertThat(hm.at("/rules/0/warning").doubleValue()).isEqualTo(4.5);
    }

    @Test
    void aWholePluginSectionCanComeFromTheEnvironment() throws IOException {
        Path file = write("plugins:\n  webhooks: {hooks: [], strict: true}\n");
        RelayConfig c = ConfigLoader.load(
                file,
                Map.of(
                        "RELAY_PLUGINS_LOG_PATTERNS", "{files: [{path: /var/log/auth.log}]}",
                        "RELAY_PLUGINS_WEBHOOKS", "{strict: false}"));

        assertThat(c.plugins().sections()).containsOnlyKeys("webhooks", "log-patterns");
        assertThat(c.plugins().section("log-patterns").at("/files/0/path").textValue())
                .isEqualTo("/var/log/auth.log");
        assertThat(c.plugins().section("webhooks").get("strict").booleanValue()).isFalse();
        assertThat(c.plugins().section("webhooks").get("hooks").isArray()).isTrue();
    }

    @Test
    void aPluginKeyThatIsNowhereInTheFileIsAnError() throws IOException {
        Path file = write("plugins: {host-metrics: {interval: 10s}}\n");
        assertThat(error(file, Map.of("RELAY_PLUGINS_HOST_METRICS_INTERVALL", "5s")))
                .isEqualTo("config error in"
                        + " environment variable RELAY_PLUGINS_HOST_METRICS_INTERVALL: no config key has this name: a"
                        + " plugin's"
                        + " keys can be set from the environment only when they are in the config file; or set a whole"
                        + " section with RELAY_PLUGINS_<ID>='{key: value}'");
    }

    @Test
    void aMistypedVariableUnderAConfigSectionIsAnError() {
        assertThat(error(null, Map.of("RELAY_SERVER_PROT", "9000")))
                .isEqualTo("config error in environment variable"
                        + " RELAY_SERVER_PROT: no config key has this name; the variables for server are"
                        + " RELAY_SERVER_HOST,"
                        + " RELAY_SERVER_PORT, RELAY_SERVER_HEARTBEAT_INTERVAL,"
                        + " RELAY_SERVER_TLS, RELAY_SERVER_TLS_CERT_FILE, RELAY_SERVER_TLS_KEY_FILE,"
                        + " RELAY_SERVER_TRUSTED_PROXIES");
    }

    @Test
    void otherRelayVariablesAreIgnoredAndListedForAWarning() {
        Map<String, String> env = Map.of(
                "RELAY_DATADIR",
                "/x",
                "RELAY_HOME",
                "/opt/relay",
                "RELAY_SERVER_PORT",
                "1",
                "RELAY_PLUGINS_HOST_METRICS",
                "{}",
                "PATH",
                "/bin",
                "relay_server_port",
                "2");

        assertThat(env(env))
                .isEqualTo(RelayConfig.defaults()
                        .withServer(ServerConfig.defaults().withPort(1))
                        .withPlugins(new PluginsConfig(
                                null,
                                Map.of(
                                        "host-metrics",
                                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))));
        assertThat(ConfigLoader.unusedEnv(env)).containsExactly("RELAY_DATADIR", "RELAY_HOME");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() throws IOException {
        Path file = write("limits: {maxMessageBytes: 65536}\n");
        assertThat(error(file, Map.of("RELAY_LIMITS_MAX_MESSAGE_BYTES", "64k")))
                .isEqualTo("config error in"
                        + " environment variable RELAY_LIMITS_MAX_MESSAGE_BYTES at limits.maxMessageBytes: \"64k\" is"
                        + " not a"
                        + " whole number; expected a number of bytes from 1024 (1 KiB) to 16777216 (16 MiB)");
    }

    @Test
    void aBadItemOfAListFromTheEnvironmentNamesTheVariableAndTheItem() {
        assertThat(error(null, Map.of("RELAY_AUTH_TOKENS", "[{name: a, role: root, sha256: " + HASH + "}]")))
                .isEqualTo("config error in environment variable RELAY_AUTH_TOKENS at auth.tokens[0].role: \"root\" is"
                        + " not a role; expected one of viewer, ingest, operator, admin");
    }

    @Test
    void aBadKeyInsideASectionVariableNamesTheVariable() throws IOException {
        Path file = write("server: {port: 1}\n");
        assertThat(error(file, Map.of("RELAY_SERVER", "{prot: 2}")))
                .isEqualTo("config error in environment variable"
                        + " RELAY_SERVER: unknown key server.prot: known keys under server are host, port,"
                        + " heartbeatInterval, tls, trustedProxies");
    }

    @Test
    void invalidYamlInAVariableSaysWhereInTheValue() {
        assertThat(error(null, Map.of("RELAY_AUTH_TOKENS", "[{name: a, role: viewer")))
                .startsWith("config error in" + " environment variable RELAY_AUTH_TOKENS: invalid YAML at column ");
    }

    @Test
    void aListVariableMustHoldAList() {
        assertThat(error(null, Map.of("RELAY_AUTH_TOKENS", "{name: a}")))
                .isEqualTo("config error in environment"
                        + " variable RELAY_AUTH_TOKENS: expected a YAML list for auth.tokens, like [{name: wall-1,"
                        + " role:"
                        + " viewer, sha256: <64 hex>}]; got a mapping");
        assertThat(error(null, Map.of("RELAY_LIMITS", "[1]")))
                .isEqualTo("config error in environment variable"
                        + " RELAY_LIMITS: expected a YAML mapping for limits, like {key: value}; got a list");
    }

    @Test
    void everyProblemInTheFileAndTheEnvironmentIsReportedTogether() throws IOException {
        Path file = write("journal: {maxEntries: 5}\n");
        ConfigException e =
                ConfigLoaderTest.catchConfig(file, Map.of("RELAY_SERVER_PORT", "-1", "RELAY_LIMITS_NOPE", "1"));
        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void theEnvironmentAloneIsEnoughWithoutAFile() {
        RelayConfig c = env(Map.of("RELAY_AUTH", "{tokens: [{name: w, role: operator, sha256: " + HASH + "}]}"));
        assertThat(c.auth().tokens()).extracting(TokenConfig::role).isEqualTo(List.of(Role.OPERATOR));
    }
}
