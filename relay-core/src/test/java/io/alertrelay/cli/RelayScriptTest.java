package io.alertrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.ExternalProgram;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code relay} script's first build, with a stand-in {@code mvnw} that prints what Maven 3.9 prints (module
 * headers, downloads, warnings, errors) and a stand-in {@code java}: a new user sees one line per module and a dot
 * per ten downloads instead of two silent minutes or Maven's hundreds of lines, and a failed build shows Maven's
 * errors and where its whole output is.
 */
class RelayScriptTest {

    private static final List<String> MODULES = List.of(
            "Alert Relay",
            "Alert Relay wall",
            "Alert Relay plugins",
            "Alert Relay plugin API",
            "Alert Relay core",
            "Alert Relay plugin testkit",
            "Alert Relay plugin: host metrics",
            "Alert Relay plugin: webhook formats",
            "Alert Relay plugin: HTTP probe",
            "Alert Relay plugin: log patterns",
            "Alert Relay load test");

    @TempDir
    Path root;

    @TempDir
    Path tmp;

    private Path mavenOutput;

    record Run(int exit, String stdout, String stderr) {}

    @BeforeEach
    void checkout() throws Exception {
        Path bash = ExternalProgram.require("bash", "bash");
        assertThat(bash).exists();
        Files.copy(Path.of("../relay"), root.resolve("relay"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("plugins"));
        Files.createDirectories(root.resolve("dashboards"));
        mavenOutput = tmp.resolve("maven-output.txt");
        // prints the canned output; on success makes the jar, as "package" would
        executable(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                cat "$FAKE_MAVEN_OUTPUT"
                [ "${FAKE_MAVEN_EXIT:-0}" -eq 0 ] || exit "$FAKE_MAVEN_EXIT"
                mkdir -p "$(dirname "$0")/relay-core/target" && echo jar > "$(dirname "$0")/relay-core/target/relay.jar"
                """);
        executable(tmp.resolve("bin").resolve("java"), """
                #!/usr/bin/env bash
                echo "java ran: $*"
                """);
    }

    @Test
    void firstBuildShowsOneLinePerModuleAndDotsForDownloadsThenStartsTheRelay() throws Exception {
        Files.writeString(mavenOutput, maven(MODULES.size(), null));

        Run run = relay("--help");

        assertThat(run.exit()).as("stderr: %s", run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("java ran: -XX:+UseSerialGC -Xmn24m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10"
                        + " -Drelay.builtinPlugins="
                        + root.resolve("relay-core/target/builtin-plugins") + " -jar "
                        + root.resolve("relay-core/target/relay.jar") + " --help");
        List<String> lines = run.stderr().lines().toList();
        assertThat(lines.get(0)).startsWith("relay: building (the first build downloads dependencies");
        for (int i = 0; i < MODULES.size(); i++) {
            assertThat(lines).contains("relay: [" + (i + 1) + "/11] " + MODULES.get(i));
        }
        // 37 downloads in the core's section: three dots, on a line of their own before the next module
        assertThat(run.stderr())
                .contains("relay: [5/11] Alert Relay core\nrelay: downloading ...\n"
                        + "relay: [6/11] Alert Relay plugin testkit\n");
        assertThat(lines.get(lines.size() - 1)).matches("relay: built in \\d+s");
        assertThat(lines)
                .as("Maven's own lines stay out of sight")
                .hasSize(1 + 11 + 1 + 1)
                .noneMatch(l -> l.startsWith("[INFO]") || l.startsWith("[WARNING]") || l.contains("Downloading"));
        assertThat(leftLogs()).as("the log of a good build is removed").isEmpty();

        Run again = relay("--version");
        assertThat(again.stderr()).as("the jar is fresh: no build").doesNotContain("relay: building");
        assertThat(again.stdout()).contains("java ran:").contains("--version");
    }

    @Test
    void failedBuildShowsMavensErrorsAndKeepsItsWholeOutputAndDoesNotStartTheRelay() throws Exception {
        String output = maven(5, """
                [ERROR] COMPILATION ERROR :
                [ERROR] /src/Relay.java:[12,1] class, interface, enum, or record expected
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile
                """);
        Files.writeString(mavenOutput, output);

        Run run = relay(Map.of("FAKE_MAVEN_EXIT", "1"), "--help");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).doesNotContain("java ran");
        assertThat(run.stderr())
                .contains(
                        "relay: [5/11] Alert Relay core\n",
                        "[ERROR] COMPILATION ERROR :\n",
                        "Relay.java:[12,1] class, interface, enum, or record expected\n")
                .doesNotContain("[WARNING]", "built in");
        Matcher where = Pattern.compile("relay: the build failed; Maven's whole output is in (\\S+)")
                .matcher(run.stderr());
        assertThat(where.find()).as("stderr: %s", run.stderr()).isTrue();
        assertThat(Files.readString(Path.of(where.group(1)))).isEqualTo(output);
        Files.delete(Path.of(where.group(1)));
    }

    /** What Maven 3.9 prints for the first {@code modules} modules, with downloads in the core's section. */
    private static String maven(int modules, String errors) {
        StringBuilder b = new StringBuilder("[INFO] Scanning for projects...\n[INFO] Reactor Build Order:\n");
        for (String m : MODULES) b.append(String.format("[INFO] %-66s [jar]%n", m));
        for (int i = 0; i < modules; i++) {
            b.append("[INFO] \n[INFO] ------------< io.alertrelay:module-")
                    .append(i)
                    .append(" >------------\n");
            b.append(String.format("[INFO] Building %-56s [%d/11]%n", MODULES.get(i) + " 0.1.0-SNAPSHOT", i + 1));
            b.append("[INFO]   from pom.xml\n[INFO] --------------------------------[ jar ]------------------------\n");
            if (i == 4) {
                for (int d = 0; d < 37; d++) {
                    String url = "https://repo.maven.apache.org/maven2/io/undertow/undertow-core/2.3." + d + "/x.jar";
                    b.append("[INFO] Downloading from central: ").append(url).append('\n');
                    b.append("[INFO] Downloaded from central: ").append(url).append(" (2.4 MB at 3.1 MB/s)\n");
                }
                b.append("[WARNING] /src/relay-core/src/main/java/WsSession.java:[230,39] redundant cast\n");
            }
            b.append("[INFO] --- compiler:3.14.0:compile (default-compile) @ module ---\n");
        }
        if (errors != null) b.append(errors);
        else b.append("[INFO] BUILD SUCCESS\n[INFO] Total time:  20.859 s\n");
        return b.toString();
    }

    private Run relay(String... args) throws Exception {
        return relay(Map.of(), args);
    }

    private Run relay(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("relay").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PATH", tmp.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("FAKE_MAVEN_OUTPUT", mavenOutput.toString());
        pb.environment().remove("RELAY_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        // the outputs are small: Maven's goes to the log, not through the pipes
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private List<Path> leftLogs() throws Exception {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("relay-build."))
                    .toList();
        }
    }

    private static void executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
