package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.TestRelay;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/Dockerfile without a Docker engine: a real Dockerfile linter (dockerfile-utils from npm, installed
 * by the test into target/ with the committed lockfile), the rules this project holds it to (two stages on the
 * named images, a non-root user, a data volume, a health check), and the health check itself, compiled and run
 * against a real relay.
 */
class DockerfileTest {

    static final Path DOCKER = Path.of("../deploy/docker");
    static final Path ROOT = Path.of("..");

    @TempDir
    Path tmp;

    record Run(int exit, String output) {}

    static Run run(Path log, List<String> cmd, Path cwd) throws Exception {
        // never Maven's stdin or stdout: those are the test runner's channel to the build
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", cmd).isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    static List<String> instructions() throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKER.resolve("Dockerfile"))) {
            if (current.length() == 0 && (line.isBlank() || line.startsWith("#"))) continue;
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                current.append(' ');
            } else {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        return out;
    }

    @Test
    void aDockerfileLinterFindsNothing() throws Exception {
        ExternalProgram.require("node", "nodejs");
        Path npm = ExternalProgram.require("npm", "npm");
        Path lint = Path.of("target/dockerfile-lint").toAbsolutePath();
        Files.createDirectories(lint);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(DOCKER.resolve("lint/" + f), lint.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path bin = lint.resolve("node_modules/dockerfile-utils/bin/dockerfile-utils");
        if (!Files.exists(bin)) {
            Run ci = run(lint.resolve("npm-ci.log"), List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), lint);
            assertThat(ci.exit()).as("npm ci in %s: %s", lint, ci.output()).isZero();
        }
        Run r = run(
                lint.resolve("lint.log"),
                List.of(
                        "node",
                        bin.toString(),
                        "lint",
                        "--json",
                        DOCKER.resolve("Dockerfile").toAbsolutePath().toString()),
                lint);
        JsonNode diagnostics = new ObjectMapper().readTree(r.output());
        assertThat(diagnostics).as("dockerfile-utils lint: %s", r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void twoStagesOnTheNamedImagesAndTheRuntimeRunsAsAnUnprivilegedUser() throws Exception {
        List<String> ins = instructions();
        List<String> froms = ins.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms).containsExactly("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
        List<String> runtime = ins.subList(ins.indexOf(froms.get(1)), ins.size());
        List<String> users = runtime.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        assertThat(users.get(0)).isNotIn("USER root", "USER 0");
        assertThat(runtime.indexOf(users.get(0)))
                .as("USER before ENTRYPOINT")
                .isLessThan(runtime.indexOf(runtime.stream()
                        .filter(i -> i.startsWith("ENTRYPOINT"))
                        .findFirst()
                        .orElseThrow()));
        assertThat(runtime).anyMatch(i -> i.startsWith("RUN groupadd --system --gid 10001 relay"));
    }

    @Test
    void theDataDirectoryIsAVolumeAndThePortIsTheRelays() throws Exception {
        List<String> ins = instructions();
        String env = ins.stream().filter(i -> i.startsWith("ENV ")).findFirst().orElseThrow();
        assertThat(env)
                .contains("RELAY_DATA_DIR=/var/lib/alert-relay")
                .contains("RELAY_SERVER_PORT=8080")
                .contains("RELAY_SERVER_HOST=0.0.0.0");
        assertThat(ins).contains("VOLUME [\"/var/lib/alert-relay\"]", "EXPOSE 8080");
        assertThat(ins).anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("Healthcheck"));
        // the built-in plugins next to relay.jar (Relay.pluginRoots), in the layout the build stage makes
        assertThat(ins)
                .anyMatch(i -> i.contains("cp relay-core/target/relay.jar /out/")
                        && i.contains("cp plugins/*/target/*-plugin.zip /out/plugins/"));
        assertThat(ins).contains("COPY --from=build /out/ /opt/alert-relay/");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.dockerignore"))).contains("**/target");
    }

    @Test
    void theHealthCheckPassesOnAServingRelayAndFailsWhenNothingAnswers() throws Exception {
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "--release",
                        "17",
                        "-d",
                        tmp.toString(),
                        DOCKER.resolve("Healthcheck.java").toString());
        assertThat(compiled).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (TestRelay relay = TestRelay.start(tmp.resolve("data"))) {
            Run ok = run(
                    tmp.resolve("ok.log"),
                    List.of(java, "-cp", tmp.toString(), "Healthcheck", Integer.toString(relay.relay.port())),
                    tmp);
            assertThat(ok.exit()).as(ok.output()).isZero();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run down = run(
                tmp.resolve("down.log"),
                List.of(java, "-cp", tmp.toString(), "Healthcheck", Integer.toString(closed)),
                tmp);
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.output()).contains("unhealthy: http://127.0.0.1:" + closed + "/healthz did not answer");
    }
}
