package io.alertrelay.cli;

import io.alertrelay.auth.StoredToken;
import io.alertrelay.config.ConfigLoader;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.config.TokenConfig;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteTokenStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * What every token command shares: {@code --config FILE} (also accepted before {@code token}, as the server takes
 * it), the configuration read exactly as the server reads it (file, then {@code RELAY_*} variables), and the store.
 */
final class TokenSetup {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "the relay's YAML config file, for dataDir and the configured tokens (RELAY_* variables"
                    + " apply as for the server)")
    Path config;

    /** One command's body: prints to {@code out}, problems to {@code ctx.err()}, returns the exit code. */
    interface Body {
        int run(Context ctx, PrintWriter out);
    }

    /** The loaded configuration and where things are, for one command. */
    record Context(RelayConfig relayConfig, Path configFile, Map<String, String> env, PrintWriter err) {

        Path storeFile() {
            return Database.file(relayConfig.dataDir());
        }

        boolean storeExists() {
            return Files.exists(storeFile());
        }

        /** Opens the token table without the dataDir lock: a running relay keeps its lock and its store open. */
        SqliteTokenStore openStore() {
            return SqliteTokenStore.open(
                    relayConfig.dataDir(), relayConfig.store().sync());
        }

        List<StoredToken> configTokens() {
            return relayConfig.auth().tokens().stream()
                    .map(t -> new StoredToken(t.name(), t.role(), t.sha256(), null))
                    .toList();
        }

        List<String> configTokenNames() {
            return relayConfig.auth().tokens().stream().map(TokenConfig::name).toList();
        }

        /** Where the configured tokens come from, in words the operator can act on. */
        String configSource() {
            if (env.containsKey("RELAY_AUTH_TOKENS") || env.containsKey("RELAY_AUTH")) return "env RELAY_AUTH_TOKENS";
            return configFile != null ? "config " + configFile : "config";
        }

        /** The address people reach the relay at; like Relay.baseUrl, with PORT when the port is picked at start. */
        String baseUrl() {
            String host = relayConfig.server().host();
            if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
            if (host.contains(":")) host = "[" + host + "]";
            int port = relayConfig.server().port();
            String scheme = relayConfig.server().tls() == null ? "http://" : "https://";
            return scheme + host + ":" + (port == 0 ? "PORT" : String.valueOf(port));
        }
    }

    int run(CommandSpec spec, Body body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path file = config != null ? config : rootConfig(spec);
            Map<String, String> env = System.getenv();
            RelayConfig cfg = ConfigLoader.load(file, env);
            return body.run(new Context(cfg, file, env, err), out);
        } catch (RuntimeException e) {
            return TokenCommand.failure(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code relay --config FILE token list}: the option given to the top command. */
    private static Path rootConfig(CommandSpec spec) {
        OptionSpec root = spec.root().findOption("--config");
        return root == null ? null : root.getValue();
    }
}
