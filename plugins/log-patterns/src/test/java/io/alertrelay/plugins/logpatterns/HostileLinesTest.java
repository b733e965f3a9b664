package io.alertrelay.plugins.logpatterns;

import static io.alertrelay.plugins.logpatterns.Following.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.plugin.api.Match;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines an attacker can get into a log (a user name, a request path, a file name in a watched folder), read by
 * the real plugin from a real file: what reaches the relay is one line, escaped, within its limit, valid Unicode.
 */
class HostileLinesTest {

    private static final Map<String, Object> ANY_FAILURE =
            Map.of("name", "Failure", "regex", "Failed password for (?<user>\\S+)");

    @TempDir
    Path dir;

    private Following follow(String path) {
        return Following.with(Map.of(
                "pollInterval", "100ms", "files", List.of(Map.of("path", path, "patterns", List.of(ANY_FAILURE)))));
    }

    @Test
    void controlCharactersAnsiEscapesAndSeparatorsInALineAreEscaped() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = follow(log.toString())) {
            append(
                    log,
                    "Failed password for ro\u001b[8mot\r2026-01-01 INFO all good\u0085NEL\u2028LS"
                            + " \u001b[2K\u001b[32mOK\u001b[0m \u202eredro\u202c\t\u0000end\n");
            Match m = await().until(() -> f.matches().stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(m.text())
                    .isEqualTo("Failed password for ro\\u001b[8mot\\r2026-01-01 INFO all good"
                            + "\\u0085NEL\\u2028LS \\u001b[2K\\u001b[32mOK\\u001b[0m \\u202eredro\\u202c\\t\\u0000end");
            assertThat(m.labels()).containsEntry("user", "ro\\u001b[8mot"); // \S+ stops at the CR
        }
    }

    @Test
    void aHugeLineIsCutToTheLineLimitAndItsGroupToTheLabelLimit() {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = follow(log.toString())) {
            append(log, "Failed password for " + "u".repeat(100_000) + " from 192.0.2.1\n");
            Match m = await().until(() -> f.matches().stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(m.text())
                    .hasSize(SafeText.MAX_LINE_CHARS)
                    .startsWith("Failed password for uuu")
                    .endsWith("u…");
            assertThat(m.labels().get("user")).hasSize(SafeText.MAX_LABEL_CHARS).endsWith("u…");
            assertThat(f.ctx.counter("log.lines.cut")).isEqualTo(1);
        }
    }

    @Test
    void surrogatesWrittenAsBytesAndInvalidUtf8BecomeReplacementCharactersNeverLoneSurrogates() throws Exception {
        Path log = dir.resolve("auth.log");
        append(log, "");
        try (Following f = follow(log.toString())) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes("Failed password for a".getBytes(StandardCharsets.UTF_8));
            line.writeBytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}); // U+D800 as CESU-8: not UTF-8
            line.writeBytes(new byte[] {(byte) 0xff, 'b', (byte) 0xf0, (byte) 0x9f, (byte) 0x98}); // bad; emoji cut
            line.writeBytes(" 😀 done\n".getBytes(StandardCharsets.UTF_8));
            append(log, line.toByteArray());
            Match m = await().until(() -> f.matches().stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(m.text())
                    .startsWith("Failed password for a\ufffd")
                    .contains("b\ufffd")
                    .endsWith(" 😀 done");
            for (String s : List.of(m.text(), m.labels().get("user"))) {
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    boolean paired = Character.isHighSurrogate(c)
                            ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    assertThat(paired).as("char %d of %s", i, s).isTrue();
                }
            }
        }
    }

    @Test
    void aFileNameWithALineBreakAndAnEscapeInAWatchedFolderIsEscapedInTheFileLabel() throws Exception {
        Path evil = dir.resolve("evil\u001b[31m\nINFO fake.log");
        try (Following f = follow(dir.resolve("*.log").toString())) {
            Files.writeString(evil, "Failed password for root\n");
            Match m = await().until(() -> f.matches().stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(m.labels().get("file")).isEqualTo(dir + "/evil\\u001b[31m\\nINFO fake.log");
        }
    }
}
