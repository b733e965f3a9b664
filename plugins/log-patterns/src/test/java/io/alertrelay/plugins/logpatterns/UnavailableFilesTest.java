package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static io.alertrelay.plugins.logpatterns.Following.sshLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path that cannot be followed is reported with what to do, retried every poll, and resolved when it can. */
class UnavailableFilesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsReportedThenFollowedFromItsStartWhenCreated() {
        Path log = dir.resolve("auth.log");
        try (Following f = Following.path(log)) {
            assertThat(f.ctx.problems()).containsOnlyKeys(log.toString());
            assertThat(f.ctx.problems().get(log.toString()))
                    .contains(
                            log + " does not exist", "checking again every poll", "plugins.log-patterns.files[0].path");
            assertThat(f.ctx.gauge("log.files.problems")).isEqualTo(1);
            assertThat(f.ctx.counter("log.files.problems.reported")).isEqualTo(1);
            append(log, sshLines("first", 0, 2)); // a new file: its lines are all after start-up
            f.awaitExactly(sshLines("first", 0, 2));
            assertThat(f.ctx.problems()).isEmpty();
            assertThat(f.ctx.gauge("log.files.problems")).isZero();
            assertThat(f.ctx.counter("log.files.problems.reported")).isEqualTo(1);
        }
    }

    /** The problem's key is the path the alerts' file label carries, so the relay can mark exactly those stale. */
    @Test
    void aRelativePathIsReportedByItsAbsolutePathAsTheFileLabelIs() {
        Path log = dir.resolve("relative.log");
        String relative = Path.of("").toAbsolutePath().relativize(log).toString();
        try (Following f = Following.path(relative)) {
            assertThat(f.ctx.problems())
                    .containsOnlyKeys(log.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsReportedThenResolved() throws Exception {
        // running as root, chmod cannot make a file unreadable; a directory at the path cannot be read as a log either
        Path log = Files.createDirectory(dir.resolve("auth.log"));
        try (Following f = Following.path(log)) {
            assertThat(f.ctx.problems().get(log.toString()))
                    .contains("is a directory, not a log file", "checking again every poll", "/*.log");
            Files.delete(log);
            append(log, sshLines("x", 0, 1));
            f.awaitExactly(sshLines("x", 0, 1));
            assertThat(f.ctx.problems()).isEmpty();
        }
    }

    @Test
    void anUnreadableFileIsReportedThenFollowedFromItsEndAtStartUpOnceReadable() throws Exception {
        Assumptions.assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "running as root: chmod does not stop root from reading, so the file cannot be made unreadable"
                        + " (aDirectoryWhereTheFileShouldBeIsReportedThenResolved covers a path that cannot be read)");
        Path log = dir.resolve("auth.log");
        append(log, sshLines("old", 0, 3));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("-w-------")); // written, not readable
        try (Following f = Following.path(log)) {
            assertThat(f.ctx.problems().get(log.toString()))
                    .contains("cannot be read", "permission denied", "read access");
            append(log, sshLines("while-unreadable", 0, 2));
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
            append(log, sshLines("after", 0, 1));
            List<String> expected = new ArrayList<>(sshLines("while-unreadable", 0, 2));
            expected.addAll(sshLines("after", 0, 1));
            f.awaitExactly(expected); // from where the file ended at start-up, not from its start
            assertThat(f.ctx.problems()).isEmpty();
        }
    }

    @Test
    void aGlobThatMatchesNothingIsReportedUntilAFileAppears() throws Exception {
        Path logs = dir.resolve("nginx");
        String glob = logs + "/*.log";
        try (Following f = Following.path(glob)) {
            assertThat(f.ctx.problems().get(glob)).contains("the directory " + logs + " does not exist");
            Files.createDirectory(logs);
            await().until(() -> f.ctx.problems().getOrDefault(glob, "").startsWith("no file matches " + glob + " yet"));
            append(logs.resolve("error.txt"), sshLines("not-matched-by-the-glob", 0, 1));
            append(logs.resolve("access.log"), sshLines("a", 0, 1));
            f.awaitExactly(sshLines("a", 0, 1));
            assertThat(f.ctx.problems()).isEmpty();
        }
    }

    @Test
    void oneMissingFileOfAListIsReportedAndTheOthersAreFollowed() {
        Path present = dir.resolve("present.log");
        append(present, "");
        Path missing = dir.resolve("missing.log");
        try (Following f = Following.with(Map.of(
                "pollInterval",
                "100ms",
                "files",
                List.of(Map.of(
                        "path",
                        List.of(present.toString(), missing.toString()),
                        "patterns",
                        List.of(Following.SSH)))))) {
            append(present, sshLines("p", 0, 1));
            f.awaitExactly(sshLines("p", 0, 1));
            assertThat(f.ctx.problems()).containsOnlyKeys(missing.toString());
            assertThat(f.ctx.problems().get(missing.toString())).contains("plugins.log-patterns.files[0].path[1]");
        }
    }
}
