package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static io.alertrelay.plugins.logpatterns.Following.sshLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.plugin.api.Match;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following one file: from its end, line by line, whatever way the bytes arrive. */
class FollowingTest {

    @TempDir
    Path dir;

    @Test
    void startsFromTheEndSoLinesAlreadyThereAreNotAlertedOn() {
        Path log = dir.resolve("auth.log");
        append(log, sshLines("old", 0, 20));
        append(log, "sshd[9]: a line unfinished at start-up: "); // its end is not a line of its own
        try (Following f = Following.path(log)) {
            f.awaitNothingMatched();
            append(log, "Failed password for late from 9.9.9.9\n");
            append(log, sshLines("new", 0, 2));
            f.awaitExactly(sshLines("new", 0, 2));
        }
    }

    @Test
    void appendedLinesMatchWithTheirNamedGroupsAsLabels() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log)) {
            append(
                    log,
                    List.of(
                            "sshd[812]: Accepted publickey for deploy from 10.1.1.1 port 50022 ssh2",
                            "sshd[813]: Failed password for root from 203.0.113.7 port 40222 ssh2"));
            await().until(() -> f.matches().size() == 1);
            Match m = f.matches().get(0);
            assertThat(m.pattern()).isEqualTo("SshFailure");
            assertThat(m.text()).isEqualTo("sshd[813]: Failed password for root from 203.0.113.7 port 40222 ssh2");
            assertThat(m.labels())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "user", "root", "ip", "203.0.113.7", "file", log.toString(), "instance", "test-host"));
            assertThat(f.ctx.counter("log.lines")).isEqualTo(2);
            assertThat(f.ctx.counter("log.matches")).isEqualTo(1);
            assertThat(f.ctx.gauge("log.files.followed")).isEqualTo(1);
            assertThat(f.ctx.problems()).isEmpty();
        }
    }

    @Test
    void aPartialLineIsHeldUntilItsNewlineAndMatchedOnce() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log)) {
            append(log, "Failed password for root from 198.51.100.4");
            f.awaitNothingMatched(); // polled at least four times while the line was unfinished
            append(log, " port 22 ssh2\n");
            f.awaitExactly(List.of("Failed password for root from 198.51.100.4 port 22 ssh2"));
            assertThat(f.matches().get(0).labels()).containsEntry("ip", "198.51.100.4");
        }
    }

    @Test
    void aMultiByteCharacterSplitAcrossTwoWritesIsDecodedWhole() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        String line = "Failed password for jürgen€😀 from 192.0.2.1 port 22 ssh2";
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int splitInEmoji = line.substring(0, line.indexOf("😀")).getBytes(StandardCharsets.UTF_8).length + 2;
        assertThat(bytes[splitInEmoji] & 0xC0)
                .as("inside the emoji's four bytes")
                .isEqualTo(0x80);
        try (Following f = Following.path(log)) {
            int splitInU = "Failed password for j".length() + 1; // between ü's two bytes
            append(log, Arrays.copyOfRange(bytes, 0, splitInU));
            f.awaitNothingMatched();
            append(log, Arrays.copyOfRange(bytes, splitInU, splitInEmoji));
            f.awaitNothingMatched();
            append(log, Arrays.copyOfRange(bytes, splitInEmoji, bytes.length));
            f.awaitExactly(List.of(line));
            assertThat(f.matches().get(0).labels()).containsEntry("user", "jürgen€😀");
        }
    }

    @Test
    void crlfLineEndsAreDropped() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log)) {
            append(log, "Failed password for admin from 192.0.2.9\r\n");
            f.awaitExactly(List.of("Failed password for admin from 192.0.2.9"));
            assertThat(f.matches().get(0).labels()).containsEntry("ip", "192.0.2.9");
        }
    }

    @Test
    void aLineOverMaxLineBytesIsCutMatchedOnItsStartAndCounted() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log, "maxLineBytes", 256)) {
            String longLine =
                    "Failed password for root from 192.0.2.1 " + "x".repeat(5000) + " Failed password for b from c";
            append(log, List.of(longLine, "Failed password for after from 192.0.2.2"));
            await().until(() -> f.matches().size() == 2);
            List<Match> m = f.matches();
            assertThat(m.get(0).text()).startsWith("Failed password for root").hasSizeLessThanOrEqualTo(256);
            assertThat(m.get(1).text()).isEqualTo("Failed password for after from 192.0.2.2");
            assertThat(f.ctx.counter("log.lines.cut")).isEqualTo(1);
            assertThat(f.ctx.counter("log.lines")).isEqualTo(2);
        }
    }

    @Test
    void manyLinesWrittenInOneGoAreEachMatchedOnce() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log)) {
            List<String> lines = new ArrayList<>(sshLines("bulk", 0, 800)); // ~45 KiB: more than one read
            append(log, lines);
            f.awaitExactly(lines);
        }
    }

    @Test
    void matchesOverMaxMatchesPerSecondAreDroppedCountedAndReported() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = Following.path(log, "maxMatchesPerSecond", 5)) {
            append(log, sshLines("flood", 0, 50));
            await().until(() -> f.ctx.counter("log.lines") == 50);
            assertThat(f.matches()).hasSizeBetween(5, 10);
            assertThat(f.ctx.counter("log.matches.dropped"))
                    .isEqualTo(50 - f.matches().size());
            await().until(() -> f.ctx.problems().containsKey("maxMatchesPerSecond"));
        }
    }

    @Test
    void stopClosesEveryFileAndStopsPolling() throws Exception {
        Path log = dir.resolve("auth.log");
        Files.writeString(log, "");
        Following f = Following.path(log);
        f.close();
        append(log, sshLines("late", 0, 1));
        f.awaitNothingMatched();
    }
}
