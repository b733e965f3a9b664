package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static io.alertrelay.plugins.logpatterns.Following.sshLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.plugin.api.Match;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Globs: the files there at start-up from their end, new ones from their start, each under its own file label. */
class GlobTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileMatchingTheGlobIsPickedUpAndReadFromItsStart() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("nginx"));
        Path old = logs.resolve("old.log");
        append(old, sshLines("before-start", 0, 5));
        try (Following f = Following.path(logs + "/*.log")) {
            f.awaitNothingMatched();
            Path fresh = logs.resolve("fresh.log");
            append(fresh, sshLines("fresh", 0, 3)); // written before the plugin may have seen the file
            append(old, sshLines("old", 0, 1));
            await().until(() -> f.matches().size() == 4);
            List<String> expected = new ArrayList<>(sshLines("fresh", 0, 3));
            expected.addAll(sshLines("old", 0, 1));
            f.awaitExactly(f.texts()); // and nothing more
            assertThat(f.texts()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(f.matches())
                    .filteredOn(m -> m.text().contains("fresh"))
                    .extracting(m -> m.labels().get("file"))
                    .containsOnly(fresh.toString());
            assertThat(f.matches())
                    .filteredOn(m -> m.text().contains("old0"))
                    .extracting(m -> m.labels().get("file"))
                    .containsOnly(old.toString());
            assertThat(f.ctx.gauge("log.files.followed")).isEqualTo(2);
        }
    }

    @Test
    void globsWorkInDirectoryLevelsToo() throws Exception {
        Path a = Files.createDirectories(dir.resolve("sites/a"));
        Path b = Files.createDirectories(dir.resolve("sites/b"));
        append(a.resolve("access.log"), "");
        try (Following f = Following.path(dir + "/sites/*/access.log")) {
            append(a.resolve("access.log"), sshLines("a", 0, 1));
            append(b.resolve("access.log"), sshLines("b", 0, 1));
            append(b.resolve("other.log"), sshLines("other", 0, 1));
            await().until(() -> f.matches().size() == 2);
            f.awaitExactly(f.texts());
            assertThat(f.matches())
                    .extracting(Match::text)
                    .containsExactlyInAnyOrderElementsOf(List.of(
                            sshLines("a", 0, 1).get(0), sshLines("b", 0, 1).get(0)));
        }
    }

    @Test
    void aFileThatLeavesTheGlobIsDroppedOnceRead() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("app"));
        Path log = logs.resolve("app.log");
        append(log, "");
        try (Following f = Following.path(logs + "/*.log")) {
            append(log, sshLines("a", 0, 1));
            Files.move(log, logs.resolve("app.log.1")); // renamed out of the glob, nothing created in its place
            f.awaitExactly(sshLines("a", 0, 1));
            await().until(() -> f.ctx.gauge("log.files.followed") == 0); // closed after the rotation grace
            assertThat(f.ctx.problems().get(logs + "/*.log")).startsWith("no file matches");
        }
    }
}
