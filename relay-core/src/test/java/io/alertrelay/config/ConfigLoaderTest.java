package io.alertrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String HASH = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    static final String HASH2 = "A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3";

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("relay.yaml"), yaml);
    }

    RelayConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml), Map.of());
    }

    @Test
    void noFileAndNoEnvironmentGiveTheDocumentedDefaults() {
        RelayConfig c = ConfigLoader.load(null, Map.of());

        assertThat(c).isEqualTo(RelayConfig.defaults());
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 8080, Duration.ofSeconds(30)));
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.auth()).isEqualTo(new AuthConfig(List.of(), List.of()));
        assertThat(c.limits())
                .isEqualTo(new LimitsConfig(65536, 1048576, 1048576L, 20000, 1000, 50, Duration.ofSeconds(5), 32));
        assertThat(c.journal()).isEqualTo(new JournalConfig(100000, Duration.ofHours(24)));
        assertThat(c.alerts())
                .isEqualTo(new AlertsConfig(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(24)));
        assertThat(c.plugins()).isEqualTo(new PluginsConfig(null, Map.of()));
        assertThat(c.cluster().redis()).isNull();
        assertThat(c.cluster().enabled()).isFalse();
    }

    @Test
    void anEmptyFileACommentOnlyFileAndEmptySectionsGiveTheDefaults() throws IOException {
        assertThat(load("")).isEqualTo(RelayConfig.defaults());
        assertThat(load("# nothing set yet\n")).isEqualTo(RelayConfig.defaults());
        assertThat(load("server:\nlimits:\nauth: {}\ncluster:\n  redis:\n")).isEqualTo(RelayConfig.defaults());
    }

    @Test
    void aFullFileSetsEveryKey() throws IOException {
        RelayConfig c = load("""
                server: {host: 0.0.0.0, port: 9090, heartbeatInterval: 15s}
                dataDir: /var/lib/relay
                auth:
                  tokens:
                    - {name: wall-1, role: viewer, sha256: "%s"}
                    - name: ci
                      role: ingest
                      sha256: %s
                  allowedOrigins: ["https://alerts.example.com", "http://localhost:8080"]
                limits:
                  maxMessageBytes: 131072
                  maxWebhookBytes: 2097152
                  sendQueueBytes: 4194304
                  maxConnections: 50000
                  maxConnectionsPerIp: 200
                  framesPerSecond: 20
                  authTimeout: 10s
                  maxMatchers: 8
                  subscribesPerMinute: 5
                  requestHeaderTimeout: 3s
                  requestBodyTimeout: 20s
                  maxBodiesPerIp: 4
                  authFailuresPerMinute: 60
                  maxBodyBytesInFlight: 33554432
                journal: {maxEntries: 5000, maxAge: 2h}
                alerts: {resolveTimeout: 10m, resolvedRetention: 0s, expiredSilenceRetention: 7d}
                plugins:
                  dir: /opt/relay/plugins
                cluster: {redis: "rediss://user:pw@redis.internal:6380/2"}
                """.formatted(HASH, HASH2));

        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090, Duration.ofSeconds(15)));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/relay"));
        assertThat(c.auth().tokens())
                .containsExactly(
                        new TokenConfig("wall-1", Role.VIEWER, HASH),
                        new TokenConfig("ci", Role.INGEST, HASH2.toLowerCase()));
        assertThat(c.auth().allowedOrigins()).containsExactly("https://alerts.example.com", "http://localhost:8080");
        assertThat(c.auth().allowsAnyOrigin()).isFalse();
        assertThat(c.limits())
                .isEqualTo(new LimitsConfig(
                        131072,
                        2097152,
                        4194304L,
                        50000,
                        200,
                        20,
                        Duration.ofSeconds(10),
                        8,
                        5,
                        Duration.ofSeconds(3),
                        LimitsConfig.DEFAULT_MAX_REGEX_PROGRAM,
                        LimitsConfig.DEFAULT_FILTER_BUDGET,
                        Duration.ofSeconds(20),
                        4,
                        60,
                        32L << 20));
        assertThat(c.journal()).isEqualTo(new JournalConfig(5000, Duration.ofHours(2)));
        assertThat(c.alerts()).isEqualTo(new AlertsConfig(Duration.ofMinutes(10), Duration.ZERO, Duration.ofDays(7)));
        assertThat(c.plugins().dir()).isEqualTo(Path.of("/opt/relay/plugins"));
        assertThat(c.plugins().sections()).isEmpty();
        assertThat(c.cluster().redis()).isEqualTo("rediss://user:pw@redis.internal:6380/2");
        assertThat(c.cluster().enabled()).isTrue();
    }

    @Test
    void theExampleInTheDesignLoads() throws IOException {
        RelayConfig c = load("""
                server:   {host: 127.0.0.1, port: 8080}
                dataDir:  ./data
                auth:
                  tokens:                      # sha256 = hex SHA-256 of the token
                    - {name: wall-1, role: viewer, sha256: "%s"}
                  allowedOrigins: ["http://localhost:8080"]
                limits:
                  maxMessageBytes: 65536
                  maxWebhookBytes: 1048576
                  sendQueueBytes: 1048576
                  maxConnections: 20000
                  maxConnectionsPerIp: 1000
                  framesPerSecond: 50
                journal:  {maxEntries: 100000, maxAge: 24h}
                plugins:
                  dir: ./plugins
                  host-metrics: {interval: 10s}
                cluster:  {redis: "redis://127.0.0.1:6379"}
                """.formatted(HASH));

        assertThat(c.limits()).isEqualTo(LimitsConfig.defaults());
        assertThat(c.plugins().sections()).containsOnlyKeys("host-metrics");
        assertThat(c.cluster().redis()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void numbersAndDurationsMayBeWrittenAsQuotedTextOrWithUnderscores() throws IOException {
        RelayConfig c = load("""
                server: {port: "9000", heartbeatInterval: 45}
                limits: {maxWebhookBytes: 2_097_152, authTimeout: "2500ms"}
                """);

        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().heartbeatInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.limits().maxWebhookBytes()).isEqualTo(2_097_152);
        assertThat(c.limits().authTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void portZeroIsAllowedForAnyFreePort() throws IOException {
        assertThat(load("server: {port: 0}").server().port()).isZero();
    }

    @Test
    void originsAreKeptAsABrowserSendsThem() throws IOException {
        RelayConfig c = load("""
                auth:
                  allowedOrigins: ["*", "HTTP://LocalHost:80", "https://Alerts.Example.com:443",
                                   "http://localhost:8443", "http://[::1]:8080", "app://wall"]
                """);

        assertThat(c.auth().allowedOrigins())
                .containsExactly(
                        "*",
                        "http://localhost",
                        "https://alerts.example.com",
                        "http://localhost:8443",
                        "http://[::1]:8080",
                        "app://wall");
        assertThat(c.auth().allowsAnyOrigin()).isTrue();
    }

    @Test
    void pluginSectionsAreKeptRawInFileOrderForThePlugin() throws IOException {
        RelayConfig c = load("""
                plugins:
                  dir: ./my-plugins
                  webhooks:
                    hooks:
                      - {name: alertmanager, format: alertmanager, tokenSha256: "abc"}
                  host-metrics:
                    interval: 10s
                    rules:
                      - {name: HostOutOfDiskSpace, warning: 0.85, for: 2m, enabled: true}
                    anything: {nested: [1, 2]}
                  log-patterns:
                """);

        PluginsConfig p = c.plugins();
        assertThat(p.dir()).isEqualTo(Path.of("./my-plugins"));
        assertThat(p.sections().keySet()).containsExactly("webhooks", "host-metrics", "log-patterns");
        JsonNode hm = p.section("host-metrics");
        assertThat(hm.get("interval").textValue()).isEqualTo("10s");
        assertThat(hm.at("/rules/0/warning").doubleValue()).isEqualTo(0.85);
        assertThat(hm.at("/rules/0/enabled").booleanValue()).isTrue();
        assertThat(hm.at("/anything/nested/1").intValue()).isEqualTo(2);
        assertThat(p.section("webhooks").at("/hooks/0/tokenSha256").textValue()).isEqualTo("abc");
        assertThat(p.section("log-patterns").isObject()).isTrue();
        assertThat(p.section("log-patterns").isEmpty()).isTrue();
        assertThat(p.section("not-configured").isObject()).isTrue();
        assertThat(p.section("not-configured").isEmpty()).isTrue();
    }

    @Test
    void anUnknownKeyIsAnErrorListingTheKnownKeys() throws IOException {
        Path file = write("server: {host: 127.0.0.1, prot: 8080}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config error in " + file + ": unknown key server.prot: known keys under server are"
                        + " host, port, heartbeatInterval, tls, trustedProxies");
    }

    @Test
    void unknownKeysAreCaughtAtEveryLevelButInsidePluginSections() throws IOException {
        Path file = write("""
                data_dir: ./data
                limits: {maxMessageByte: 1}
                auth:
                  tokens: [{name: a, role: viewer, sha256: "%s", rol: admin}]
                plugins:
                  host-metrics: {whatever: {the: plugin, decides: 1}}
                """.formatted(HASH));

        ConfigException e = catchConfig(file, Map.of());
        assertThat(e.problems())
                .containsExactly(
                        "config error in " + file
                                + ": unknown key data_dir: known keys at the top level are server, dataDir,"
                                + " auth, limits, journal, alerts, plugins, store, cluster",
                        "config error in " + file
                                + ": unknown key auth.tokens[0].rol: known keys under auth.tokens[0] are"
                                + " name, role, sha256",
                        "config error in " + file + ": unknown key limits.maxMessageByte: known keys under limits are"
                                + " maxMessageBytes, maxWebhookBytes, sendQueueBytes, maxConnections,"
                                + " maxConnectionsPerIp,"
                                + " framesPerSecond, authTimeout, maxMatchers, subscribesPerMinute,"
                                + " requestHeaderTimeout,"
                                + " maxRegexProgram, filterBudget, requestBodyTimeout, maxBodiesPerIp,"
                                + " authFailuresPerMinute,"
                                + " maxBodyBytesInFlight");
    }

    @Test
    void everyProblemIsReportedAtOnceOnePerLine() throws IOException {
        Path file = write("server: {port: 70000, heartbeatInterval: soon}\njournal: {maxEntries: 1}\n");
        ConfigException e = catchConfig(file, Map.of());
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage().split("\n")).hasSize(3);
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileLineAndColumn() throws IOException {
        Path file = write("server:\n  host: 127.0.0.1\n  port: [8080\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error in " + file + ": invalid YAML at line 4, column 1:")
                .hasMessageContaining("expected ',' or ']'")
                .hasMessageContaining("flow sequence that starts at line 3, column 9");
    }

    @Test
    void aBadIndentIsReportedWithItsLine() throws IOException {
        Path file = write("server:\n  host: 127.0.0.1\n port: 8080\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("config error in " + file + ": invalid YAML at line 3, column 2:");
    }

    @Test
    void aKeyWrittenTwiceIsAnError() throws IOException {
        Path file = write("server:\n  port: 8080\n  port: 9090\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("config error in " + file + ": invalid YAML at line 3")
                .hasMessageContaining("key 'port' is written twice in the same mapping");
    }

    @Test
    void theFileMustBeAMapping() throws IOException {
        Path file = write("- server\n- limits\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("config error in " + file + ": the file must be a mapping of keys (server:, limits:, ...);"
                        + " got a list");
    }

    @Test
    void aMissingFileIsNamedWithItsFullPath() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config error: cannot read config file " + file + ": no such file");
    }

    @Test
    void aRelativeMissingFileAlsoShowsWhereItWasLookedFor() {
        Path file = Path.of("no-such-relay-config.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("config error: cannot read config file no-such-relay-config.yaml (" + file.toAbsolutePath()
                        + "): no such file");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
                .hasMessage("config error: cannot read config file " + dir + ": it is a directory, not a file");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path file = write("server: {port: 1}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file))
                .as("running as root: every file is readable")
                .isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("config error: cannot read config file " + file + ": permission denied");
    }

    static ConfigException catchConfig(Path file, Map<String, String> env) {
        try {
            ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }
}
