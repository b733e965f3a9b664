package io.alertrelay.plugin.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.plugin.api.Json;
import io.alertrelay.plugin.testkit.RunningRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/plugin-guide.md followed literally, from outside the repository: install the SDK with its one command,
 * scaffold a source plugin into a temporary folder, build it with Maven offline against the local repository
 * (its unit test and its end-to-end test run too), drop the zip into a running relay and see the sample alert fire
 * and clear, then change the source, rebuild, drop the new build in and see the new behaviour without a restart.
 */
class SdkGuideIT {

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path outside;

    @TempDir
    Path relayData;

    @Test
    void anOutsideAuthorGoesFromNothingToAnUpgradedPlugin() throws Exception {
        // 1. install the SDK (the guide's first step)
        run(REPO, 600, "./relay", "sdk", "install");
        // 2. scaffold
        Path project = outside.resolve("cert-check");
        run(REPO, 120, "./relay", "plugin", "new", "cert-check", "--dir", project.toString());
        // 3. build and test it: unit test, zip, end-to-end test on a real relay, offline
        String built = run(project, 600, "./mvnw", "-B", "-o", "verify");
        assertThat(built).contains("Tests run: 2, Failures: 0", "Tests run: 1, Failures: 0", "BUILD SUCCESS");
        Path zip = project.resolve("target/cert-check-0.1.0-plugin.zip");
        assertThat(zip).isRegularFile();

        // 4. install it in a relay and see its alert fire and clear
        Path spool = Files.createDirectories(outside.resolve("spool"));
        try (RunningRelay relay = RunningRelay.builder(relayData)
                .jar(REPO.resolve("relay-core/target/relay.jar"))
                .pluginConfig("cert-check", Map.of("dir", spool.toString(), "interval", "1s", "warnAt", 2))
                .start()) {
            Files.copy(zip, relay.pluginDir().resolve(zip.getFileName()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.plugin("cert-check")
                            .map(p -> "started".equals(p.get("state")))
                            .orElse(false));
            String firstBuild =
                    (String) relay.plugin("cert-check").orElseThrow().get("sha256");
            Files.writeString(spool.resolve("a"), "a");
            Files.writeString(spool.resolve("b"), "b");
            Map<String, Object> fired = await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.firing("SpoolBacklog").orElse(null), a -> a != null);
            assertThat(Json.text(fired, "annotations", "summary")).isEqualTo("2 files wait in " + spool);
            assertThat(Json.text(fired, "annotations", "description")).startsWith("oldest: ");
            Files.delete(spool.resolve("a"));
            Files.delete(spool.resolve("b"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.firing("SpoolBacklog").isEmpty());

            // 5. change it, rebuild, drop the new build in: the running plugin is replaced
            Path source = project.resolve("src/main/java/com/example/certcheck/CertCheckSource.java");
            String java = Files.readString(source);
            Files.writeString(source, java.replace("files wait in", "files are queued in"));
            run(project, 300, "./mvnw", "-B", "-o", "-q", "package", "-DskipTests");
            Path staged = outside.resolve("staged.zip");
            Files.copy(zip, staged);
            Files.move(staged, relay.pluginDir().resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.plugin("cert-check")
                            .map(p -> "started".equals(p.get("state")) && !firstBuild.equals(p.get("sha256")))
                            .orElse(false));
            Files.writeString(spool.resolve("c"), "c");
            Files.writeString(spool.resolve("d"), "d");
            Map<String, Object> again = await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.firing("SpoolBacklog").orElse(null), a -> a != null);
            assertThat(Json.text(again, "annotations", "summary")).isEqualTo("2 files are queued in " + spool);
        }
    }

    /** Runs a command to its end within {@code seconds}; its output, or a failure that shows it. */
    static String run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("sdk-guide", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!done || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " in " + dir
                    + (done ? " exited " + p.exitValue() : " did not finish in " + seconds + " s") + ":\n" + out);
        }
        return out;
    }
}
