package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static io.alertrelay.plugins.logpatterns.Following.sshLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation both ways logrotate does it, at whatever moment the poll happens to come: every line written after
 * start-up is matched exactly once.
 */
class RotationTest {

    @TempDir
    Path dir;

    @Test
    void renameAndCreateLosesNoLineAndReadsNoneTwice() throws Exception {
        Path log = dir.resolve("auth.log");
        append(log, sshLines("before-start", 0, 3));
        try (Following f = Following.path(log)) {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                List<String> old = sshLines("r" + round + "-old", 0, 40);
                List<String> fresh = sshLines("r" + round + "-new", 0, 40);
                append(log, old);
                Files.move(log, dir.resolve("auth.log." + (round + 1))); // logrotate: rename ...
                append(log, fresh); // ... and create
                expected.addAll(old);
                expected.addAll(fresh);
                f.awaitExactly(expected);
            }
            assertThat(f.ctx.counter("log.rotations")).isEqualTo(3);
            assertThat(f.ctx.problems()).isEmpty();
        }
    }

    @Test
    void linesTheOldFileGetsAfterTheRenameAreStillReadDuringTheGrace() throws Exception {
        Path log = dir.resolve("access.log");
        append(log, "");
        try (Following f = Following.path(log, "rotationGrace", "1m")) {
            Path rotated = dir.resolve("access.log.1");
            Files.move(log, rotated);
            append(log, sshLines("new", 0, 1));
            await().until(() -> f.texts().size() == 1);
            append(rotated, sshLines("late-write-to-old", 0, 1)); // nginx writes here until it reopens its log
            List<String> expected = new ArrayList<>(sshLines("new", 0, 1));
            expected.addAll(sshLines("late-write-to-old", 0, 1));
            f.awaitExactly(expected);
            assertThat(f.ctx.gauge("log.files.followed"))
                    .as("both files open during the grace")
                    .isEqualTo(2);
        }
    }

    @Test
    void copytruncateLosesNoLineWrittenAfterTheTruncation() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, sshLines("before-start", 0, 3));
        try (Following f = Following.path(log)) {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                List<String> before = sshLines("r" + round + "-before", 0, 30);
                append(log, before);
                expected.addAll(before);
                f.awaitExactly(expected); // lines written between the last poll and the truncation are lost by design
                Files.copy(log, dir.resolve("app.log." + (round + 1))); // logrotate copytruncate: copy ...
                try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(0); // ... then truncate in place
                }
                List<String> after = sshLines("r" + round + "-after", 0, round == 0 ? 2 : 60);
                append(log, after); // round 0: shorter than before; then longer, maybe before any poll saw it short
                expected.addAll(after);
                f.awaitExactly(expected);
            }
            assertThat(f.ctx.counter("log.rotations")).isEqualTo(3);
        }
    }

    @Test
    void aTruncationOverwrittenPastTheOldEndBeforeAPollIsStillNoticed() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "");
        // a long poll interval, so the file is truncated and rewritten longer between two polls
        try (Following f = Following.path(log, "pollInterval", "1s")) {
            append(log, sshLines("first", 0, 2));
            f.awaitExactly(sshLines("first", 0, 2));
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            append(log, sshLines("second", 0, 10));
            List<String> expected = new ArrayList<>(sshLines("first", 0, 2));
            expected.addAll(sshLines("second", 0, 10));
            f.awaitExactly(expected);
        }
    }

    @Test
    void aGlobThatAlsoMatchesTheRotatedFileDoesNotReadItTwice() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("app"));
        Path log = logs.resolve("app.log");
        append(log, sshLines("before-start", 0, 3));
        try (Following f = Following.path(logs + "/*")) {
            List<String> old = sshLines("old", 0, 20);
            List<String> fresh = sshLines("new", 0, 20);
            append(log, old);
            Files.move(log, logs.resolve("app.log.1"));
            append(log, fresh);
            List<String> expected = new ArrayList<>(old);
            expected.addAll(fresh);
            f.awaitExactly(expected);
            // after the grace, app.log.1 is followed as a file of the glob, from where the reading of it stopped
            await().until(() -> f.ctx.gauge("log.files.followed") == 2);
            append(logs.resolve("app.log.1"), sshLines("very-late", 0, 1));
            expected.addAll(sshLines("very-late", 0, 1));
            f.awaitExactly(expected);
        }
    }

    @Test
    void aFileDeletedAndCreatedAgainIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (Following f = Following.path(log, "rotationGrace", "0s")) {
            append(log, sshLines("a", 0, 1));
            f.awaitExactly(sshLines("a", 0, 1));
            Files.delete(log);
            await().until(() -> f.ctx.problems().containsKey(log.toString()));
            append(log, sshLines("b", 0, 2));
            List<String> expected = new ArrayList<>(sshLines("a", 0, 1));
            expected.addAll(sshLines("b", 0, 2));
            f.awaitExactly(expected);
            await().until(() -> f.ctx.problems().isEmpty());
        }
    }
}
