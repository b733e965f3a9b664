package io.alertrelay;

import io.alertrelay.cli.PluginCommand;
import io.alertrelay.cli.StoreCommands;
import io.alertrelay.cli.TokenCommand;
import io.alertrelay.config.ConfigException;
import io.alertrelay.config.ConfigLoader;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.rule.RuleException;
import io.alertrelay.store.StoreException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./relay}: starts the relay with embedded defaults, or with {@code --config FILE}; {@code ./relay token ...}
 * manages access tokens, {@code ./relay backup} / {@code restore} the store and {@code ./relay plugin new} writes a
 * plugin project, without starting a server.
 */
@Command(
        name = "relay",
        mixinStandardHelpOptions = true,
        versionProvider = RelayMain.Version.class,
        description = "Alert Relay: streams alerts from servers to a live wall over WebSocket.",
        subcommands = {TokenCommand.class, StoreCommands.Backup.class, StoreCommands.Restore.class, PluginCommand.class
        })
public final class RelayMain implements Callable<Integer> {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "YAML config file (docs/configuration.md). Every key can also be set with RELAY_... env vars.")
    Path config;

    /** RELAY_* variables read by the launcher and logging, not by the config. */
    private static final Set<String> LAUNCHER_ENV =
            Set.of("RELAY_JVM_DEFAULTS", "RELAY_JAVA_OPTS", "RELAY_LOG_LEVEL", "RELAY_LOG_FORMAT");

    /** The system property logback.xml picks its appender file by: relay-log-text.xml or relay-log-json.xml. */
    static final String LOG_FORMAT_PROPERTY = "relay.logFormat";

    /** text or json; unset or empty means text (as an empty RELAY_* variable means the default); null when invalid. */
    static String logFormat(String env) {
        if (env == null || env.isBlank()) return "text";
        String f = env.strip();
        return f.equals("text") || f.equals("json") ? f : null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"alert-relay " + Relay.VERSION};
        }
    }

    public static void main(String[] args) {
        // before anything logs: logback.xml reads the format from this property when Logback starts
        String format = logFormat(System.getenv("RELAY_LOG_FORMAT"));
        if (format == null) {
            System.err.println(
                    "config error in environment variable RELAY_LOG_FORMAT: \"" + System.getenv("RELAY_LOG_FORMAT")
                            + "\" is not a log format; expected text (the default) or json, in lower case");
            System.exit(2);
        }
        System.setProperty(LOG_FORMAT_PROPERTY, format);
        int code = new CommandLine(new RelayMain()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        RelayConfig cfg;
        try {
            cfg = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        for (String name : ConfigLoader.unusedEnv(System.getenv())) {
            if (LAUNCHER_ENV.contains(name)) continue;
            if (cfg.auth().jwt() != null && name.equals(cfg.auth().jwt().secretEnv())) continue; // named by auth.jwt
            System.err.println("warning: ignoring environment variable " + name
                    + ": it names no config key (docs/configuration.md lists them)");
        }
        Relay relay;
        try {
            relay = Relay.start(cfg, Clock.systemUTC());
        } catch (RuleException e) {
            System.err.println("rule error: " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (StoreException e) {
            System.err.println("relay failed to start: " + e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            System.err.println("relay failed to start: " + e.getMessage());
            return 1;
        }
        printBanner(relay, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            relay.close();
            stopped.countDown();
        };
        // SIGTERM and Ctrl-C: close sessions with 1001, then exit 0 (a JVM killed by a signal would exit 143)
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> new Thread(stop, "relay-stop").start());
        }
        stopped.await();
        return 0;
    }

    static void printBanner(Relay relay, PrintStream out) {
        String base = relay.baseUrl();
        out.println();
        out.println("Alert Relay " + Relay.VERSION + " is serving on " + base);
        out.println("  alert wall   " + base + "/");
        out.println("  WebSocket    " + base.replaceFirst("^http", "ws") + "/ws");
        out.println("  push alerts  POST " + base + "/api/v2/alerts   (Alertmanager format)");
        out.println("  metrics      " + base + "/metrics");
        relay.firstStartToken()
                .ifPresentOrElse(
                        token -> {
                            out.println();
                            out.println("First start: an admin token was created. It is shown once; only its SHA-256 is"
                                    + " stored.");
                            out.println("  open the wall:  " + base + "/#token=" + token);
                            out.println("  or use it:      curl -H 'Authorization: Bearer " + token + "' " + base
                                    + "/api/alerts");
                        },
                        () -> out.println(
                                "  tokens       ./relay token list  (create one: ./relay token create --role viewer"
                                        + " --name wall-1)"));
        out.println();
        out.flush();
    }
}
