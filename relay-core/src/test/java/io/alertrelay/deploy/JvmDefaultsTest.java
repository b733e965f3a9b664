package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM defaults everywhere a user starts the relay without tuning anything — ./relay, the systemd unit,
 * the container image — and in the load test, which measures what those users get; and a JVM that accepts them.
 */
class JvmDefaultsTest {

    static final Path ROOT = Path.of("..");

    static String one(Path file, String regex) throws Exception {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(ROOT.resolve(file)));
        assertThat(m.find()).as("%s has %s", file, regex).isTrue();
        return m.group(1);
    }

    @Test
    void theLauncherTheUnitTheImageAndTheLoadTestStartTheSameJvm() throws Exception {
        String launcher = one(Path.of("relay"), "(?m)^default_jvm=\"([^\"]+)\"$");
        assertThat(launcher).contains("-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=");
        assertThat(one(
                        Path.of("deploy/systemd/alert-relay.service"),
                        "(?m)^Environment=\"RELAY_JVM_DEFAULTS=([^\"]+)\"$"))
                .isEqualTo(launcher);
        assertThat(one(Path.of("deploy/docker/Dockerfile"), "RELAY_JVM_DEFAULTS=\"([^\"]+)\""))
                .isEqualTo(launcher);
        assertThat(one(
                        Path.of("loadtest/src/main/java/io/alertrelay/loadtest/server/RelayServer.java"),
                        "LAUNCHER_JVM_DEFAULTS =\\s+\"([^\"]+)\""))
                .isEqualTo(launcher);
        // each starts java with the defaults first, then the user's options, which may override them
        assertThat(Files.readString(ROOT.resolve("relay"))).contains("exec java $jvm_defaults ${RELAY_JAVA_OPTS:-}");
        assertThat(Files.readString(ROOT.resolve("deploy/systemd/alert-relay.service")))
                .contains("ExecStart=/usr/bin/java $RELAY_JVM_DEFAULTS $RELAY_JAVA_OPTS -jar");
        assertThat(Files.readString(ROOT.resolve("deploy/docker/Dockerfile")))
                .contains("exec java $RELAY_JVM_DEFAULTS $RELAY_JAVA_OPTS -jar");

        // this JVM takes them, and with an override after them (the example relay.env's -Xmx512m)
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(launcher.split(" ")));
        cmd.addAll(List.of("-Xmx512m", "-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("bool UseSerialGC\\s+= true").containsPattern("MaxHeapFreeRatio\\s+= 10");
    }
}
