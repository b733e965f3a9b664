package io.alertrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKeysTest {

    @ParameterizedTest
    @CsvSource({
        "maxMessageBytes, MAX_MESSAGE_BYTES",
        "dataDir, DATA_DIR",
        "port, PORT",
        "host-metrics, HOST_METRICS",
        "tokenSha256, TOKEN_SHA256",
        "sha256, SHA256",
        "maxIPs, MAX_IPS",
        "org.example.plugin, ORG_EXAMPLE_PLUGIN"
    })
    void aKeyBecomesUpperCaseWordsJoinedWithUnderscores(String key, String segment) {
        assertThat(ConfigKeys.envSegment(key)).isEqualTo(segment);
    }

    @Test
    void everyKeyHasTheVariableNameTheDesignPromises() {
        assertThat(ConfigKeys.ALL)
                .extracting(ConfigKeys.Key::envName)
                .containsExactly(
                        "RELAY_SERVER",
                        "RELAY_SERVER_HOST",
                        "RELAY_SERVER_PORT",
                        "RELAY_SERVER_HEARTBEAT_INTERVAL",
                        "RELAY_SERVER_TLS",
                        "RELAY_SERVER_TLS_CERT_FILE",
                        "RELAY_SERVER_TLS_KEY_FILE",
                        "RELAY_SERVER_TRUSTED_PROXIES",
                        "RELAY_DATA_DIR",
                        "RELAY_AUTH",
                        "RELAY_AUTH_TOKENS",
                        "RELAY_AUTH_ALLOWED_ORIGINS",
                        "RELAY_AUTH_JWT",
                        "RELAY_AUTH_JWT_ALGORITHM",
                        "RELAY_AUTH_JWT_SECRET_ENV",
                        "RELAY_AUTH_JWT_PUBLIC_KEY_FILE",
                        "RELAY_AUTH_JWT_ISSUER",
                        "RELAY_AUTH_JWT_AUDIENCE",
                        "RELAY_AUTH_JWT_ROLE_CLAIM",
                        "RELAY_AUTH_JWT_NAME_CLAIM",
                        "RELAY_AUTH_JWT_CLOCK_SKEW",
                        "RELAY_LIMITS",
                        "RELAY_LIMITS_MAX_MESSAGE_BYTES",
                        "RELAY_LIMITS_MAX_WEBHOOK_BYTES",
                        "RELAY_LIMITS_SEND_QUEUE_BYTES",
                        "RELAY_LIMITS_MAX_CONNECTIONS",
                        "RELAY_LIMITS_MAX_CONNECTIONS_PER_IP",
                        "RELAY_LIMITS_FRAMES_PER_SECOND",
                        "RELAY_LIMITS_AUTH_TIMEOUT",
                        "RELAY_LIMITS_MAX_MATCHERS",
                        "RELAY_LIMITS_SUBSCRIBES_PER_MINUTE",
                        "RELAY_LIMITS_REQUEST_HEADER_TIMEOUT",
                        "RELAY_LIMITS_MAX_REGEX_PROGRAM",
                        "RELAY_LIMITS_FILTER_BUDGET",
                        "RELAY_LIMITS_REQUEST_BODY_TIMEOUT",
                        "RELAY_LIMITS_MAX_BODIES_PER_IP",
                        "RELAY_LIMITS_AUTH_FAILURES_PER_MINUTE",
                        "RELAY_LIMITS_MAX_BODY_BYTES_IN_FLIGHT",
                        "RELAY_JOURNAL",
                        "RELAY_JOURNAL_MAX_ENTRIES",
                        "RELAY_JOURNAL_MAX_AGE",
                        "RELAY_ALERTS",
                        "RELAY_ALERTS_RESOLVE_TIMEOUT",
                        "RELAY_ALERTS_RESOLVED_RETENTION",
                        "RELAY_ALERTS_EXPIRED_SILENCE_RETENTION",
                        "RELAY_ALERTS_INHIBIT_RULES",
                        "RELAY_ALERTS_GROUP_BY",
                        "RELAY_ALERTS_ACK_EXPIRY",
                        "RELAY_PLUGINS",
                        "RELAY_PLUGINS_DIR",
                        "RELAY_PLUGINS_STALE_RESOLVE_AFTER",
                        "RELAY_PLUGINS_START_TIMEOUT",
                        "RELAY_PLUGINS_TASK_TIMEOUT",
                        "RELAY_PLUGINS_THREADS",
                        "RELAY_PLUGINS_SIGNALS_PER_SECOND",
                        "RELAY_STORE",
                        "RELAY_STORE_SYNC",
                        "RELAY_CLUSTER",
                        "RELAY_CLUSTER_REDIS",
                        "RELAY_CLUSTER_KEY_PREFIX");
    }

    @Test
    void theSectionPrefixesAreReserved() {
        assertThat(ConfigKeys.reservedEnvPrefixes())
                .containsExactly(
                        "RELAY_SERVER_",
                        "RELAY_AUTH_",
                        "RELAY_LIMITS_",
                        "RELAY_JOURNAL_",
                        "RELAY_ALERTS_",
                        "RELAY_PLUGINS_",
                        "RELAY_STORE_",
                        "RELAY_CLUSTER_");
    }

    @Test
    void theConfigurationReferenceDocumentsEveryKeyAndVariable() throws IOException {
        Path doc = Path.of("../docs/configuration.md");
        assertThat(doc).as("run from relay-core/, as Maven does").exists();
        String text = Files.readString(doc);
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            assertThat(text).as("docs/configuration.md names %s", key.path()).contains("`" + key.path() + "`");
            assertThat(text).as("docs/configuration.md names %s", key.envName()).contains("`" + key.envName() + "`");
        }
        for (String tokenKey : ConfigKeys.TOKEN_KEYS) {
            assertThat(text).contains("`auth.tokens[]." + tokenKey + "`");
        }
    }
}
