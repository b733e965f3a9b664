package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.config.ConfigLoader;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.testing.ExternalProgram;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd: systemd's own tools accept the unit and the sysusers file, the unit says what docs/operations.md
 * promises (no restart on exit 2 or 3, a stop longer than the relay's graceful one, hardening without
 * MemoryDenyWriteExecute), install.sh lays out every path the unit names, and the example config and environment
 * are a configuration the relay accepts.
 */
class SystemdUnitTest {

    static final Path DIR = Path.of("../deploy/systemd");

    @TempDir
    Path tmp;

    record Run(int exit, String output) {}

    static Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", List.of(cmd))
                .isTrue();
        return new Run(p.exitValue(), out);
    }

    /** The [Service] and [Unit] settings as key -> values (a key may repeat). */
    static Map<String, List<String>> unit() throws Exception {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("alert-relay.service"))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) continue;
            int eq = line.indexOf('=');
            keys.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return keys;
    }

    static String one(Map<String, List<String>> unit, String key) {
        assertThat(unit).as("alert-relay.service sets %s", key).containsKey(key);
        return unit.get(key).get(0);
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Path analyze = ExternalProgram.require("systemd-analyze", "systemd");
        Run r = run(
                Map.of(),
                analyze.toString(),
                "verify",
                DIR.resolve("alert-relay.service").toAbsolutePath().toString());
        assertThat(r.exit()).as("systemd-analyze verify: %s", r.output()).isZero();
        // unknown keys and bad values are only warnings to systemd: none may mention the unit
        assertThat(r.output().lines().filter(l -> l.contains("alert-relay")))
                .as("warnings")
                .isEmpty();
    }

    @Test
    void systemdSysusersCreatesTheServiceUser() throws Exception {
        Path sysusers = ExternalProgram.require("systemd-sysusers", "systemd");
        Files.createDirectories(tmp.resolve("etc"));
        Run r = run(
                Map.of(),
                sysusers.toString(),
                "--root=" + tmp,
                DIR.resolve("sysusers.d/alert-relay.conf").toAbsolutePath().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readString(tmp.resolve("etc/passwd")))
                .containsPattern("(?m)^alert-relay:x:[0-9]+:[0-9]+:Alert Relay:/var/lib/alert-relay:");
        assertThat(one(unit(), "User")).isEqualTo("alert-relay");
    }

    @Test
    void theUnitStopsGracefullyAndDoesNotRestartWhatARestartCannotFix() throws Exception {
        Map<String, List<String>> u = unit();
        assertThat(one(u, "Type")).isIn("exec", "simple");
        assertThat(one(u, "Restart")).isEqualTo("on-failure");
        // RelayMain: 2 = invalid configuration, 3 = the store needs an operator (docs/operations.md, exit codes)
        assertThat(one(u, "RestartPreventExitStatus").split(" ")).containsExactlyInAnyOrder("2", "3");
        assertThat(one(u, "KillSignal")).isEqualTo("SIGTERM");
        // the relay gives close frames 5 s, then stops the server and the store
        assertThat(Duration.ofSeconds(Long.parseLong(one(u, "TimeoutStopSec").replace("s", ""))))
                .isGreaterThan(Duration.ofSeconds(15));
        assertThat(Long.parseLong(one(u, "LimitNOFILE")))
                .isGreaterThan(LimitsConfig.defaults().maxConnections() + 100L);
    }

    @Test
    void theUnitIsHardenedWithoutBreakingTheJit() throws Exception {
        Map<String, List<String>> u = unit();
        for (String key :
                List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "RestrictSUIDSGID")) {
            assertThat(one(u, key)).as(key).isEqualTo("yes");
        }
        assertThat(one(u, "ProtectSystem")).isEqualTo("strict");
        assertThat(one(u, "ReadWritePaths")).isEqualTo("/var/lib/alert-relay");
        assertThat(one(u, "CapabilityBoundingSet")).isEmpty();
        assertThat(u).as("MemoryDenyWriteExecute stops the JIT").doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void installShLaysOutEveryPathTheUnitNames() throws Exception {
        Path jar = Files.writeString(tmp.resolve("relay.jar"), "stands in for relay-core/target/relay.jar");
        Path root = tmp.resolve("root");
        Run r = run(
                Map.of("DESTDIR", root.toString(), "RELAY_JAR", jar.toString()),
                "bash",
                DIR.resolve("install.sh").toString());
        assertThat(r.exit()).as(r.output()).isZero();

        Map<String, List<String>> u = unit();
        List<String> exec = List.of(one(u, "ExecStart").split("\\s+"));
        assertThat(Path.of(exec.get(0))).as("the unit's java, on this machine").isExecutable();
        Path installedJar = Path.of(exec.get(exec.indexOf("-jar") + 1));
        assertThat(root.resolve(installedJar.toString().substring(1))).hasContent(Files.readString(jar));
        // Relay.pluginRoots: the built-in plugins are the folder "plugins" next to the jar
        assertThat(root.resolve(
                        installedJar.resolveSibling("plugins").toString().substring(1)))
                .isDirectory();
        Path config = Path.of(exec.get(exec.indexOf("--config") + 1));
        assertThat(root.resolve(config.toString().substring(1))).isRegularFile();
        Path env = root.resolve(one(u, "EnvironmentFile").substring(1));
        assertThat(env).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
        assertThat(root.resolve("etc/systemd/system/alert-relay.service"))
                .hasSameTextualContentAs(DIR.resolve("alert-relay.service"));
        assertThat(root.resolve("etc/sysusers.d/alert-relay.conf")).isRegularFile();

        // the data directory the environment names is the one systemd creates and lets the relay write
        Map<String, String> vars = envFile(env);
        assertThat(vars.get("RELAY_DATA_DIR"))
                .isEqualTo("/var/lib/" + one(u, "StateDirectory"))
                .isEqualTo(one(u, "ReadWritePaths"))
                .isEqualTo(one(u, "WorkingDirectory"));
        assertThat(one(u, "ExecStart")).contains("$RELAY_JAVA_OPTS");
    }

    @Test
    void installShRefusesAMissingJarAndSaysHowToBuildIt() throws Exception {
        Run r = run(
                Map.of(
                        "DESTDIR",
                        tmp.toString(),
                        "RELAY_JAR",
                        tmp.resolve("nope.jar").toString()),
                "bash",
                DIR.resolve("install.sh").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("nope.jar is missing; build it first: ./mvnw -B -DskipTests package");
    }

    @Test
    void theExampleConfigAndEnvironmentAreAConfigurationTheRelayAccepts() throws Exception {
        Map<String, String> vars = envFile(DIR.resolve("relay.env.example"));
        RelayConfig c = ConfigLoader.load(DIR.resolve("relay.yaml.example"), vars);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/alert-relay"));
        assertThat(c.server().trustedProxies().isEmpty()).isFalse();
        assertThat(ConfigLoader.unusedEnv(vars))
                .as("RELAY_* variables that are neither a key nor the launcher's")
                .containsOnly("RELAY_JAVA_OPTS", "RELAY_LOG_FORMAT");
    }

    /** KEY=value lines, as systemd's EnvironmentFile reads them (no quotes used in ours). */
    static Map<String, String> envFile(Path file) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return vars;
    }
}
