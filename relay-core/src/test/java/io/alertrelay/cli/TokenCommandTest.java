package io.alertrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.RelayMain;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.Tokens;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteTokenStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code relay token create|list|revoke} in-process, against a real dataDir, with what they print captured. */
class TokenCommandTest {

    static final Pattern TOKEN_LINE = Pattern.compile("(?m)^  (ar_[A-Za-z0-9_-]{43})$");
    static final String CONFIG_HASH = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

    @TempDir
    Path dir;

    Path config;
    Path dataDir;

    /** What one command printed, and its exit code. */
    record Run(int code, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        dataDir = dir.resolve("data");
        config = dir.resolve("relay.yaml");
        Files.writeString(
                config,
                "server: {host: 127.0.0.1, port: 8099}\ndataDir: " + dataDir + "\n"
                        + "auth:\n  tokens:\n    - {name: grafana, role: viewer, sha256: \"" + CONFIG_HASH + "\"}\n");
    }

    static Run relay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RelayMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String tokenIn(Run created) {
        Matcher m = TOKEN_LINE.matcher(created.out());
        assertThat(m.find()).as("a token line in %s", created.out()).isTrue();
        return m.group(1);
    }

    @Test
    void createPrintsTheTokenOnceWithHowToUseItAndStoresOnlyItsHash() throws Exception {
        Run r = relay("token", "create", "--role", "operator", "--name", "wall-1", "--config", config.toString());

        assertThat(r.code()).as(r.err()).isZero();
        String token = tokenIn(r);
        assertThat(r.out())
                .contains("open the wall:  http://127.0.0.1:8099/#token=" + token)
                .contains("curl -H 'Authorization: Bearer " + token + "' http://127.0.0.1:8099/api/alerts")
                .contains("relay token revoke wall-1");
        try (SqliteTokenStore store = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL)) {
            assertThat(store.active()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("wall-1");
                assertThat(t.role()).isEqualTo(Role.OPERATOR);
                assertThat(t.sha256()).isEqualTo(Tokens.sha256Hex(token));
            });
        }
        String db = Files.readString(dataDir.resolve("relay.db"), StandardCharsets.ISO_8859_1)
                + (Files.exists(dataDir.resolve("relay.db-wal"))
                        ? Files.readString(dataDir.resolve("relay.db-wal"), StandardCharsets.ISO_8859_1)
                        : "");
        assertThat(db).doesNotContain(token);
    }

    @Test
    void anIngestTokenIsShownWithAPushExampleInsteadOfTheWall() {
        Run r = relay("--config", config.toString(), "token", "create", "--role", "ingest", "--name", "prometheus");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("push alerts:    curl -X POST")
                .contains("/api/v2/alerts")
                .doesNotContain("#token=");
    }

    @Test
    void listShowsNameRoleDatesAndSourceButNeverASecretOrAWholeHash() {
        String token =
                tokenIn(relay("token", "create", "--role", "viewer", "--name", "wall-1", "-c", config.toString()));
        assertThat(relay("token", "create", "--role", "admin", "--name", "old", "-c", config.toString())
                        .code())
                .isZero();
        assertThat(relay("token", "revoke", "old", "-c", config.toString()).code())
                .isZero();

        Run r = relay("token", "list", "--config", config.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("NAME +ROLE +CREATED +REVOKED +SHA256 +SOURCE")
                .containsPattern("grafana +viewer +- +- +5e884898… +config " + Pattern.quote(config.toString()))
                .containsPattern("wall-1 +viewer +20\\d\\d-\\S+Z +- +"
                        + Tokens.sha256Hex(token).substring(0, 8) + "… +store")
                .containsPattern("old +admin +20\\d\\d-\\S+Z +20\\d\\d-\\S+Z +\\S+ +store")
                .doesNotContain(token)
                .doesNotContain(Tokens.sha256Hex(token))
                .doesNotContain(CONFIG_HASH);
    }

    @Test
    void aSecondActiveTokenWithTheSameNameIsRefusedUntilTheFirstIsRevoked() {
        assertThat(relay("token", "create", "--role", "viewer", "--name", "wall-1", "-c", config.toString())
                        .code())
                .isZero();

        Run again = relay("token", "create", "--role", "admin", "--name", "wall-1", "-c", config.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err())
                .contains("a token named 'wall-1' exists already")
                .contains("relay token revoke wall-1");
        assertThat(again.out()).doesNotContain("ar_");

        assertThat(relay("token", "revoke", "wall-1", "-c", config.toString()).code())
                .isZero();
        assertThat(relay("token", "create", "--role", "admin", "--name", "wall-1", "-c", config.toString())
                        .code())
                .isZero();
    }

    @Test
    void theNameOfAConfiguredTokenIsRefused() {
        Run r = relay("token", "create", "--role", "viewer", "--name", "grafana", "-c", config.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("'grafana' is configured in config " + config)
                .contains("pick another name");
    }

    @Test
    void aBadRoleOrNameIsAUsageErrorThatSaysWhatIsAllowed() {
        Run role = relay("token", "create", "--role", "root", "--name", "x", "-c", config.toString());
        assertThat(role.code()).isEqualTo(2);
        assertThat(role.err()).contains("unknown role 'root'").contains("viewer, ingest, operator, admin");

        Run name = relay("token", "create", "--role", "viewer", "--name", "wall 1\nINFO fake", "-c", config.toString());
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("is not a token name").contains("like wall-1");
    }

    @Test
    void revokingAnUnknownNameFailsListingTheKnownOnes() {
        relay("token", "create", "--role", "viewer", "--name", "wall-1", "-c", config.toString());

        Run r = relay("token", "revoke", "wall-2", "-c", config.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no token named 'wall-2'").contains("Known tokens: wall-1, grafana (config)");
    }

    @Test
    void aConfiguredTokenCannotBeRevokedHereAndTheMessageSaysWhereItLives() {
        Run r = relay("token", "revoke", "grafana", "-c", config.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("configured in config " + config).contains("remove it there and restart");
    }

    @Test
    void revokingTwiceIsNotAnError() {
        relay("token", "create", "--role", "viewer", "--name", "wall-1", "-c", config.toString());
        assertThat(relay("token", "revoke", "wall-1", "-c", config.toString()).code())
                .isZero();

        Run again = relay("token", "revoke", "wall-1", "-c", config.toString());

        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already revoked");
    }

    @Test
    void listWithoutAStoreShowsTheConfiguredTokensAndCreatesNothing() {
        Run r = relay("token", "list", "-c", config.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("grafana").contains("no store at");
        assertThat(dataDir.resolve("relay.db")).doesNotExist();
    }

    @Test
    void aBadConfigIsAConfigErrorWithExitCode2() throws Exception {
        Files.writeString(config, "server: {port: 70000}\n");

        Run r = relay("token", "list", "-c", config.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("server.port").contains("70000");
    }

    @Test
    void tokenAloneShowsTheSubcommands() {
        Run r = relay("token");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("create").contains("list").contains("revoke");
    }
}
