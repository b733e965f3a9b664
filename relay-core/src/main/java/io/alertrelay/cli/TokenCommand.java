package io.alertrelay.cli;

import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.ConfigException;
import io.alertrelay.store.SqliteTokenStore;
import io.alertrelay.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay token create|list|revoke}: access tokens kept as hashes in the store ({@code dataDir/relay.db}).
 *
 * <p>These commands open the store next to a running relay: SQLite's write-ahead log lets a second process read
 * and write while the relay works, and the relay re-reads the tokens within a second when the store changes. They
 * never take {@code relay.lock}, which only keeps a second <em>relay</em> off the directory.
 *
 * <p>Exit codes: 0 done, 2 a usage or config error, 1 anything else (the message says what and what to do).
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Create, list and revoke access tokens. Only a token's SHA-256 is stored; a running relay"
                    + " picks changes up within a second or two."
        },
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {

    /** What people call tokens: letters, digits and a few separators, so a name is safe in a log line and a URL. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}");

    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Makes a new token, prints it once, and stores only its SHA-256.",
                "Example: relay token create --role operator --name wall-1"
            })
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TokenSetup setup;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                converter = RoleConverter.class,
                description = "viewer (reads), ingest (pushes alerts over HTTP), operator (reads, acks, silences,"
                        + " pushes) or admin (everything)")
        Role role;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "who uses it, e.g. wall-1; shown in logs and as who acked. Letters, digits and . _ @ : -")
        String name;

        @Override
        public Integer call() {
            return setup.run(spec, (ctx, out) -> {
                if (!NAME.matcher(name).matches()) {
                    ctx.err()
                            .println("error: \"" + name + "\" is not a token name: use 1 to 64 letters, digits and"
                                    + " . _ @ : - (starting with a letter or digit), like wall-1");
                    return USAGE;
                }
                if (ctx.configTokenNames().contains(name)) {
                    ctx.err()
                            .println("error: a token named '" + name + "' is configured in " + ctx.configSource()
                                    + " (auth.tokens): pick another name");
                    return FAILED;
                }
                String token = Tokens.generate();
                try (SqliteTokenStore store = ctx.openStore()) {
                    store.add(new StoredToken(
                            name,
                            role,
                            Tokens.sha256Hex(token),
                            Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS)));
                } catch (IllegalArgumentException e) {
                    ctx.err().println("error: " + e.getMessage());
                    return FAILED;
                }
                printCreated(out, ctx, token);
                return 0;
            });
        }

        private void printCreated(PrintWriter out, TokenSetup.Context ctx, String token) {
            String base = ctx.baseUrl();
            out.println("Created token '" + name + "' with role " + role.wireName() + ". It is shown once, here;"
                    + " only its SHA-256 is stored (" + ctx.storeFile() + ").");
            out.println();
            out.println("  " + token);
            out.println();
            if (role.canRead()) {
                out.println("  open the wall:  " + base + "/#token=" + token);
                out.println("  or use it:      curl -H 'Authorization: Bearer " + token + "' " + base + "/api/alerts");
            } else {
                out.println("  push alerts:    curl -X POST -H 'Authorization: Bearer " + token + "' " + base
                        + "/api/v2/alerts -d '[{\"labels\":{\"alertname\":\"Test\"}}]'");
            }
            out.println();
            out.println(
                    "A running relay accepts it within a second or two. Revoke it with: relay token revoke " + name);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists every token: name, role, created, revoked and where it comes from. Never a secret.")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TokenSetup setup;

        @Override
        public Integer call() {
            return setup.run(spec, (ctx, out) -> {
                List<TokenTable.Line> lines = new ArrayList<>();
                for (StoredToken t : ctx.configTokens()) lines.add(TokenTable.Line.of(t, null, ctx.configSource()));
                if (ctx.storeExists()) {
                    try (SqliteTokenStore store = ctx.openStore()) {
                        for (SqliteTokenStore.Row r : store.all()) {
                            lines.add(TokenTable.Line.of(r.token(), r.revokedAt(), "store"));
                        }
                    }
                }
                if (lines.isEmpty()) {
                    out.println("No tokens yet. The relay makes an admin token at its first start, or run:"
                            + " relay token create --role operator --name wall-1");
                } else {
                    TokenTable.print(out, lines);
                }
                if (!ctx.storeExists()) {
                    out.println("(no store at " + ctx.storeFile() + " yet: the relay creates it when it first starts)");
                }
                return 0;
            });
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revokes a token by name. A running relay refuses it within a second or two and closes"
                        + " the WebSocket sessions that signed in with it (close code 4401)."
            })
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TokenSetup setup;

        @Parameters(paramLabel = "NAME", description = "the token's name, as `relay token list` shows it")
        String name;

        @Override
        public Integer call() {
            return setup.run(spec, (ctx, out) -> {
                if (!ctx.storeExists()) return unknown(ctx, List.of());
                try (SqliteTokenStore store = ctx.openStore()) {
                    List<SqliteTokenStore.Row> rows = store.all();
                    int revoked = store.revoke(name, Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS));
                    if (revoked > 0) {
                        out.println("Revoked token '" + name + "'. A running relay refuses it within a second or two"
                                + " and closes its open WebSocket sessions with 4401.");
                        return 0;
                    }
                    Optional<SqliteTokenStore.Row> old = rows.stream()
                            .filter(r -> r.token().name().equals(name))
                            .reduce((a, b) -> b);
                    if (old.isPresent()) {
                        out.println("Token '" + name + "' was already revoked at "
                                + old.get().revokedAt() + "; nothing to do.");
                        return 0;
                    }
                    return unknown(ctx, rows);
                }
            });
        }

        private int unknown(TokenSetup.Context ctx, List<SqliteTokenStore.Row> rows) {
            if (ctx.configTokenNames().contains(name)) {
                ctx.err()
                        .println("error: token '" + name + "' is configured in " + ctx.configSource()
                                + " (auth.tokens), not in the store: remove it there and restart the relay");
                return FAILED;
            }
            List<String> known = new ArrayList<>();
            rows.stream()
                    .filter(SqliteTokenStore.Row::active)
                    .forEach(r -> known.add(r.token().name()));
            known.addAll(
                    ctx.configTokenNames().stream().map(n -> n + " (config)").toList());
            ctx.err()
                    .println("error: no token named '" + name + "'. "
                            + (known.isEmpty()
                                    ? "There are no tokens."
                                    : "Known tokens: " + String.join(", ", known) + ".")
                            + " `relay token list` shows them all");
            return FAILED;
        }
    }

    /** Parses a role by its wire name, so a typo gets the list of roles (and exit code 2). */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The failures the commands expect, as exit codes; anything else is a bug and keeps its stack trace. */
    static int failure(RuntimeException e, PrintWriter err) {
        if (e instanceof ConfigException) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (e instanceof StoreException) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
        throw e;
    }
}
