package io.alertrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.jwt} in the config file and from the environment; every error names its key. */
class JwtConfigTest {

    @TempDir
    Path dir;

    private RelayConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("relay.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env);
    }

    @Test
    void absentMeansNoJwts() throws Exception {
        assertThat(load("auth: {}\n", Map.of()).auth().jwt()).isNull();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        JwtConfig j = load("""
                auth:
                  jwt:
                    algorithm: RS256
                    publicKeyFile: /etc/relay/jwt.pem
                    issuer: https://id.example
                    audience: alert-relay
                    roleClaim: relay_role
                    nameClaim: email
                    clockSkew: 30s
                """, Map.of()).auth().jwt();

        assertThat(j)
                .isEqualTo(new JwtConfig(
                        "RS256",
                        null,
                        Path.of("/etc/relay/jwt.pem"),
                        "https://id.example",
                        "alert-relay",
                        "relay_role",
                        "email",
                        Duration.ofSeconds(30)));
    }

    @Test
    void theDefaultsAreRoleSubAndAMinuteOfSkew() throws Exception {
        JwtConfig j = load("auth: {jwt: {algorithm: HS256, secretEnv: RELAY_JWT_SECRET}}\n", Map.of())
                .auth()
                .jwt();

        assertThat(j).isEqualTo(JwtConfig.hs256("RELAY_JWT_SECRET"));
    }

    @Test
    void environmentVariablesSetTheKeys() throws Exception {
        JwtConfig j = load(
                        "",
                        Map.of(
                                "RELAY_AUTH_JWT",
                                "{algorithm: HS256}",
                                "RELAY_AUTH_JWT_SECRET_ENV",
                                "MY_SECRET",
                                "RELAY_AUTH_JWT_AUDIENCE",
                                "relay"))
                .auth()
                .jwt();

        assertThat(j.secretEnv()).isEqualTo("MY_SECRET");
        assertThat(j.audience()).isEqualTo("relay");
    }

    @Test
    void algNoneIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: none}}\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at auth.jwt.algorithm: \"none\" is not an algorithm the relay accepts")
                .hasMessageContaining("HS256")
                .hasMessageContaining("RS256");
    }

    @Test
    void eachAlgorithmNeedsItsOwnKeySourceAndOnlyThatOne() {
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: HS256}}\n", Map.of()))
                .hasMessageContaining("at auth.jwt.secretEnv: missing");
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: RS256, secretEnv: X}}\n", Map.of()))
                .hasMessageContaining("at auth.jwt.publicKeyFile: missing")
                .hasMessageContaining("at auth.jwt.secretEnv: is for HS256");
        assertThatThrownBy(() -> load("auth: {jwt: {secretEnv: X}}\n", Map.of()))
                .hasMessageContaining("at auth.jwt.algorithm: missing");
    }

    @Test
    void aSecretPastedInsteadOfAVariableNameIsNotEchoed() {
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: HS256, secretEnv: \"s3cr3t value!\"}}\n", Map.of()))
                .hasMessageContaining("auth.jwt.secretEnv")
                .hasMessageContaining("is not an environment variable name")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void unknownKeysAndBadDurationsAreErrors() {
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: HS256, secretEnv: S, leeway: 5s}}\n", Map.of()))
                .hasMessageContaining("unknown key auth.jwt.leeway: known keys under auth.jwt are algorithm,");
        assertThatThrownBy(() -> load("auth: {jwt: {algorithm: HS256, secretEnv: S, clockSkew: 1h}}\n", Map.of()))
                .hasMessageContaining("at auth.jwt.clockSkew")
                .hasMessageContaining("too long");
    }
}
