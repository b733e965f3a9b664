package io.alertrelay.config;

import static io.alertrelay.config.ConfigLoaderTest.HASH;
import static io.alertrelay.config.ConfigLoaderTest.HASH2;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every check the loader makes, with the message an operator sees. */
class ConfigValidationTest {

    @TempDir
    Path dir;

    Path file;

    Path write(String yaml) throws IOException {
        file = Files.writeString(dir.resolve("relay.yaml"), yaml);
        return file;
    }

    /** "limits.maxAge" with "5" -> "limits:\n  maxAge: 5\n". */
    Path writeKey(String path, String value) throws IOException {
        int dot = path.indexOf('.');
        return write(
                dot < 0
                        ? path + ": " + value + "\n"
                        : path.substring(0, dot) + ":\n  " + path.substring(dot + 1) + ": " + value + "\n");
    }

    String error(String yaml) throws IOException {
        return ConfigLoaderTest.catchConfig(write(yaml), Map.of()).getMessage();
    }

    String errorAt(String path, String value) throws IOException {
        return ConfigLoaderTest.catchConfig(writeKey(path, value), Map.of()).getMessage();
    }

    @ParameterizedTest(name = "{0} accepts {1} and {2}, rejects {3} and {4}")
    @CsvSource(delimiter = '|', textBlock = """
            server.port                     | 0     | 65535      | -1    | 65536      | a port number from 0 to 65535 (0 picks any free port)
            server.heartbeatInterval        | 1s    | 1h         | 999ms | 3601s      | a duration from 1s to 1h
            limits.maxMessageBytes          | 1024  | 16777216   | 1023  | 16777217   | a number of bytes from 1024 (1 KiB) to 16777216 (16 MiB)
            limits.maxWebhookBytes          | 1024  | 67108864   | 1023  | 67108865   | a number of bytes from 1024 (1 KiB) to 67108864 (64 MiB)
            limits.sendQueueBytes           | 65536 | 1073741824 | 65535 | 1073741825 | a number of bytes from 65536 (64 KiB) to 1073741824 (1 GiB)
            limits.maxConnections           | 1     | 1000000    | 0     | 1000001    | a number of connections from 1 to 1000000
            limits.maxConnectionsPerIp      | 1     | 1000000    | 0     | 1000001    | a number of connections from 1 to 1000000
            limits.framesPerSecond          | 1     | 10000      | 0     | 10001      | a number of frames per second from 1 to 10000
            limits.authTimeout              | 1s    | 60s        | 0s    | 61s        | a duration from 1s to 1m
            limits.maxMatchers         | 1     | 1000       | 0     | 1001       | a number of matchers from 1 to 1000
            limits.subscribesPerMinute      | 1     | 10000      | 0     | 10001      | a number of subscribe requests per minute from 1 to 10000
            limits.requestHeaderTimeout     | 1s    | 5m         | 999ms | 301s       | a duration from 1s to 5m
            limits.requestBodyTimeout       | 1s    | 5m         | 999ms | 301s       | a duration from 1s to 5m
            limits.maxBodiesPerIp           | 1     | 10000      | 0     | 10001      | a number of bodies from 1 to 10000
            limits.authFailuresPerMinute    | 1     | 100000     | 0     | 100001     | a number of failures per minute from 1 to 100000
            limits.maxBodyBytesInFlight     | 2097152 | 17179869184 | 2097151 | 17179869185 | a number of bytes from 2097152 (2 MiB) to 17179869184 (16 GiB)
            journal.maxEntries              | 100   | 10000000   | 99    | 10000001   | a number of entries from 100 to 10000000
            journal.maxAge                  | 1m    | 30d        | 59s   | 30d1s      | a duration from 1m to 30d
            alerts.resolveTimeout           | 10s   | 7d         | 9s    | 7d1ms      | a duration from 10s to 7d
            alerts.resolvedRetention        | 0     | 30d        |       | 721h       | a duration from 0s to 30d
            alerts.expiredSilenceRetention  | 0s    | 720h       |       | 31d        | a duration from 0s to 30d
            alerts.ackExpiry                | 1m    | 30d        | 59s   | 30d1s      | a duration from 1m to 30d
            plugins.staleResolveAfter       | 1s    | 30d        | 999ms | 30d1s      | a duration from 1s to 30d
            plugins.startTimeout            | 1s    | 10m        | 999ms | 601s       | a duration from 1s to 10m
            plugins.taskTimeout             | 1s    | 1h         | 999ms | 3601s      | a duration from 1s to 1h
            plugins.threads                 | 1     | 32         | 0     | 33         | a number of threads from 1 to 32
            plugins.signalsPerSecond        | 1     | 1000000    | 0     | 1000001    | a number of signals per second from 1 to 1000000
            """)
    void everyRangeIsEnforcedAtBothEndsAndNamedInTheMessage(
            String path, String min, String max, String below, String above, String expected) throws IOException {
        ConfigLoader.load(writeKey(path, min), Map.of());
        ConfigLoader.load(writeKey(path, max), Map.of());
        boolean duration = expected.contains("duration");
        if (below != null) {
            String shown = duration ? "\"" + below + "\"" : below;
            assertThat(errorAt(path, below))
                    .isEqualTo("config error in " + file + " at " + path + ": " + shown
                            + (duration ? " is too short" : " is too small") + "; expected " + expected);
        }
        String shown = duration ? "\"" + above + "\"" : above;
        assertThat(errorAt(path, above))
                .isEqualTo("config error in " + file + " at " + path + ": " + shown
                        + (duration ? " is too long" : " is too large") + "; expected " + expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "server.port",
                "limits.maxMessageBytes",
                "limits.maxWebhookBytes",
                "limits.sendQueueBytes",
                "limits.maxConnections",
                "limits.maxConnectionsPerIp",
                "limits.framesPerSecond",
                "limits.maxMatchers",
                "limits.subscribesPerMinute",
                "journal.maxEntries"
            })
    void aNumberKeyRejectsTextFractionsAndUnits(String path) throws IOException {
        assertThat(errorAt(path, "64k"))
                .startsWith("config error in " + file + " at " + path + ": \"64k\" is not a whole number; expected a ");
        assertThat(errorAt(path, "1.5")).contains("at " + path + ": 1.5 is not a whole number; expected");
        assertThat(errorAt(path, "true")).contains("at " + path + ": true is not a whole number; expected");
        assertThat(errorAt(path, "[1]")).contains("at " + path + ": a list is not a whole number; expected");
    }

    @Test
    void theBodyBudgetHoldsTwoBodiesOfTheLargestSizeAndItsDefaultGrowsWithThem() throws IOException {
        assertThat(error("limits: {maxWebhookBytes: 67108864, maxBodyBytesInFlight: 67108864}\n"))
                .isEqualTo("config error in " + file + " at limits.maxBodyBytesInFlight: 67108864 is less than twice"
                        + " limits.maxWebhookBytes (67108864): a signed webhook of the largest size could never be"
                        + " read; raise it to at least 134217728");
        assertThat(ConfigLoader.load(write("limits: {maxWebhookBytes: 67108864}\n"), Map.of())
                        .limits()
                        .maxBodyBytesInFlight())
                .isEqualTo(4L * 67108864);
    }

    @Test
    void theExampleMessageOfTheBriefIsWhatTheOperatorSees() throws IOException {
        assertThat(errorAt("limits.maxMessageBytes", "64k"))
                .isEqualTo("config error in " + file
                        + " at limits.maxMessageBytes: \"64k\" is not a whole number; expected a number of bytes from"
                        + " 1024"
                        + " (1 KiB) to 16777216 (16 MiB)");
    }

    @Test
    void aNumberBeyondAnyIntegerIsStillTooLargeOrTooSmall() throws IOException {
        assertThat(errorAt("limits.maxConnections", "99999999999999999999999"))
                .endsWith("at limits.maxConnections: 99999999999999999999999 is too large; expected a number of"
                        + " connections from 1 to 1000000");
        assertThat(errorAt("limits.maxConnections", "\"99999999999999999999999\""))
                .contains("is too large");
        assertThat(errorAt("limits.maxConnections", "-99999999999999999999999")).contains("is too small");
        assertThat(errorAt("limits.maxConnections", "\"-99999999999999999999999\""))
                .contains("is too small");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "server.heartbeatInterval",
                "limits.authTimeout",
                "limits.requestHeaderTimeout",
                "journal.maxAge",
                "alerts.resolveTimeout",
                "alerts.resolvedRetention",
                "alerts.expiredSilenceRetention"
            })
    void aDurationKeyRejectsWhatIsNotADuration(String path) throws IOException {
        assertThat(errorAt(path, "5x"))
                .startsWith("config error in " + file + " at " + path
                        + ": \"5x\" is not a duration; expected a duration from ")
                .endsWith(", written like 500ms, 30s, 2m," + " 24h, 7d, 1h30m, or a bare number of seconds");
        assertThat(errorAt(path, "1.5")).contains(": 1.5 is not a duration");
        assertThat(errorAt(path, "-5")).contains(": -5 is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\" \"", "\"local host\""})
    void theHostMustBeAHostName(String value) throws IOException {
        assertThat(errorAt("server.host", value))
                .isEqualTo("config error in " + file + " at server.host: " + value
                        + " is not a host; expected a host name or IP address to bind, like 127.0.0.1 (this machine"
                        + " only)"
                        + " or 0.0.0.0 (every interface)");
    }

    @Test
    void textThatYamlReadsAsANumberOrABooleanMustBeQuoted() throws IOException {
        assertThat(error("auth:\n  tokens: [{name: 007, role: viewer, sha256: \"" + HASH + "\"}]\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[0].name: YAML read this value as the number 7,"
                        + " not as text; put it in quotes");
        assertThat(error("server: {host: yes}\n"))
                .isEqualTo("config error in " + file + " at server.host: YAML read"
                        + " this value as the boolean true, not as text; put it in quotes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dataDir", "plugins.dir"})
    void aDirectoryMustNotBeEmpty(String path) throws IOException {
        assertThat(errorAt(path, "\"\""))
                .isEqualTo("config error in " + file + " at " + path
                        + ": \"\" is empty; expected a directory path, like ./data or /var/lib/relay");
        assertThat(errorAt(path, "{a: 1}")).contains("at " + path + ": a mapping is not text");
    }

    @Test
    void aSectionMustBeAMapping() throws IOException {
        assertThat(error("server: 8080\n"))
                .isEqualTo("config error in " + file + " at server: 8080 is not a mapping;"
                        + " expected keys such as host, port, heartbeatInterval, tls, trustedProxies");
    }

    @Test
    void tokensMustBeAListOfMappings() throws IOException {
        assertThat(error("auth: {tokens: wall-1}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens:"
                        + " \"wall-1\" is not a list; expected a list, like [{name: wall-1, role: viewer,"
                        + " sha256: \"<64 hex>\"}]");
        assertThat(error("auth: {tokens: [wall-1]}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[0]:"
                        + " \"wall-1\" is not a token; expected a mapping with name, role, sha256");
    }

    @Test
    void everyTokenNeedsNameRoleAndHash() throws IOException {
        String message = error("auth: {tokens: [{}]}\n");
        assertThat(message.split("\n"))
                .containsExactly(
                        "config error in " + file
                                + " at auth.tokens[0].name: missing; every token needs name, role, sha256",
                        "config error in " + file
                                + " at auth.tokens[0].role: missing; every token needs name, role, sha256",
                        "config error in " + file
                                + " at auth.tokens[0].sha256: missing; every token needs name, role, sha256");
    }

    @Test
    void tokenNamesAreNonEmptyAndUnique() throws IOException {
        assertThat(error("auth: {tokens: [{name: \" \", role: viewer, sha256: " + HASH + "}]}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[0].name: the name is empty; every token needs"
                        + " a name, unique in auth.tokens");
        assertThat(error("auth:\n  tokens:\n    - {name: wall, role: viewer, sha256: " + HASH + "}\n"
                        + "    - {name: wall, role: admin, sha256: " + HASH2 + "}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[1].name: \"wall\" is already the name of"
                        + " auth.tokens[0]; token names must be unique");
    }

    @Test
    void aRoleIsOneOfTheWireNames() throws IOException {
        assertThat(error("auth: {tokens: [{name: a, role: superuser, sha256: " + HASH + "}]}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[0].role: \"superuser\" is not a role;"
                        + " expected one of viewer, ingest, operator, admin");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my-secret-token-value",
                "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d",
                "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542dz"
            })
    void aHashIs64HexCharactersAndTheValueIsNeverEchoed(String value) throws IOException {
        assertThat(error("auth: {tokens: [{name: a, role: viewer, sha256: \"" + value + "\"}]}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[0].sha256: the value (" + value.length()
                        + " characters) is not a SHA-256 hash; expected 64 hex characters, the hex SHA-256 of the"
                        + " token (never the token itself)")
                .doesNotContain(value);
    }

    @Test
    void twoTokensCannotShareAHashWhateverItsCase() throws IOException {
        assertThat(error("auth:\n  tokens:\n    - {name: a, role: viewer, sha256: " + HASH2 + "}\n"
                        + "    - {name: b, role: admin, sha256: " + HASH2.toLowerCase() + "}\n"))
                .isEqualTo("config error in " + file + " at auth.tokens[1].sha256: the same hash as auth.tokens[0];"
                        + " every token needs its own secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            localhost:8080          | is not an origin
            http://                 | is not an origin
            http://localhost:0      | is not an origin
            http://localhost:65536  | is not an origin
            http://user@localhost   | is not an origin
            *.example.com           | is not an origin
            """)
    void anOriginIsStarOrSchemeHostPort(String origin, String problem) throws IOException {
        assertThat(error("auth: {allowedOrigins: [\"" + origin + "\"]}\n"))
                .isEqualTo("config error in " + file
                        + " at auth.allowedOrigins[0]: \"" + origin + "\" " + problem + "; expected \"*\" or"
                        + " scheme://host[:port] with no path, like \"https://alerts.example.com\" or"
                        + " \"http://localhost:8080\"");
    }

    @Test
    void anOriginHasNoPathAndTheMessageShowsTheFix() throws IOException {
        assertThat(error("auth: {allowedOrigins: [\"http://localhost:8080/\", \"https://a.example/wall?x=1\"]}\n")
                        .split("\n"))
                .containsExactly(
                        "config error in " + file
                                + " at auth.allowedOrigins[0]: \"http://localhost:8080/\" has a path; an"
                                + " origin is scheme://host[:port] with nothing after it, like"
                                + " \"http://localhost:8080\"",
                        "config error in " + file
                                + " at auth.allowedOrigins[1]: \"https://a.example/wall?x=1\" has a path;"
                                + " an origin is scheme://host[:port] with nothing after it, like \"https://a.example\"");
    }

    @Test
    void allowedOriginsIsAListOfText() throws IOException {
        assertThat(error("auth: {allowedOrigins: \"*\"}\n"))
                .isEqualTo("config error in " + file
                        + " at auth.allowedOrigins: \"*\" is not a list; expected a list, like"
                        + " [\"http://localhost:8080\"]"
                        + " or [\"*\"]");
        assertThat(error("auth: {allowedOrigins: [8080]}\n"))
                .contains("at auth.allowedOrigins[0]: 8080 is not an" + " origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379", "rediss://cache.internal:6380/2", "redis://:secret@h"})
    void aRedisUrlIsAccepted(String url) throws IOException {
        assertThat(ConfigLoader.load(writeKey("cluster.redis", "\"" + url + "\""), Map.of())
                        .cluster()
                        .redis())
                .isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:6379", "http://redis:6379", "redis://", "REDIS://h", ""})
    void aRedisUrlStartsWithRedisOrRediss(String url) throws IOException {
        assertThat(errorAt("cluster.redis", "\"" + url + "\""))
                .isEqualTo("config error in " + file
                        + " at cluster.redis: \"" + url + "\" is not a Redis URL; expected redis://host[:port][/db] or"
                        + " rediss://host[:port][/db] (TLS), or no cluster.redis at all to run a single node");
    }

    @Test
    void aBadRedisUrlDoesNotPrintItsPassword() throws IOException {
        assertThat(errorAt("cluster.redis", "\"http://admin:hunter2@redis:6379\""))
                .contains("\"http://***@redis:6379\" is not a Redis URL")
                .doesNotContain("hunter2");
    }

    @Test
    void aPluginSectionMustBeAMapping() throws IOException {
        assertThat(error("plugins:\n  dri: ./plugins\n"))
                .isEqualTo("config error in " + file + " at plugins.dri:"
                        + " \"./plugins\" is not a plugin section; every key under plugins except dir,"
                        + " staleResolveAfter, startTimeout, taskTimeout, threads, signalsPerSecond"
                        + " is a plugin id holding a mapping of that plugin's settings");
    }

    @Test
    void longValuesAreCutShortInMessages() throws IOException {
        String longText = "x".repeat(500);
        assertThat(errorAt("server.port", longText))
                .contains("\"" + "x".repeat(59) + "...\" is not a whole number")
                .hasSizeLessThan(300);
    }
}
