package io.alertrelay.cli;

import io.alertrelay.config.ConfigException;
import io.alertrelay.config.ConfigLoader;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.store.Backups;
import io.alertrelay.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./relay backup FILE} and {@code ./relay restore FILE}: the operator's side of the store. */
public final class StoreCommands {

    private StoreCommands() {}

    /** Finds the dataDir the way the server does: config file, then RELAY_* variables. */
    abstract static class UsesConfig {
        @Option(
                names = {"-c", "--config"},
                paramLabel = "FILE",
                description = "the relay's YAML config, to find dataDir (RELAY_DATA_DIR works too)")
        Path config;

        @Spec
        CommandSpec spec;

        RelayConfig load() {
            return ConfigLoader.load(config, System.getenv());
        }

        int run(Action action) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                action.run(load(), out);
                return 0;
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 2;
            } catch (StoreException e) {
                err.println(spec.name() + " failed: " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        interface Action {
            void run(RelayConfig config, PrintWriter out);
        }
    }

    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = "Copies the store (dataDir/relay.db) to FILE while the relay runs, then checks the copy.")
    public static final class Backup extends UsesConfig implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "where to write the copy; must not exist")
        Path target;

        @Override
        public Integer call() {
            return run((cfg, out) -> {
                Backups.Summary s = Backups.backup(cfg.dataDir(), target);
                out.println("backup written to " + target.toAbsolutePath() + " and checked: " + s);
                out.println("restore it with: ./relay restore " + target + " (with the relay stopped)");
            });
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Puts a backup in place of the store. Stop the relay first; the current store is kept"
                    + " beside it as relay.db.before-restore-*. Clients get a full snapshot at their next connect.")
    public static final class Restore extends UsesConfig implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a file made by ./relay backup")
        Path backup;

        @Override
        public Integer call() {
            return run((cfg, out) -> {
                Backups.Restored r = Backups.restore(cfg.dataDir(), backup, Clock.systemUTC());
                out.println("restored " + backup.toAbsolutePath() + " into "
                        + cfg.dataDir().toAbsolutePath() + ": " + r.summary());
                out.println(r.tokens());
                out.println("the restored history has a new epoch, so every client starts from a fresh snapshot");
            });
        }
    }
}
