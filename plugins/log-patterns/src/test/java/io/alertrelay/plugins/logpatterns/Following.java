package io.alertrelay.plugins.logpatterns;

import static org.awaitility.Awaitility.await;

import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.testkit.FakeSourceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A started {@link LogPatternsSource} on a {@link FakeSourceContext}, polling every 100 ms, and helpers to write
 * log files the way programs and logrotate do.
 */
final class Following implements AutoCloseable {

    /** One sshd failure per line; {@code user} and {@code ip} are named groups. */
    static final Map<String, Object> SSH =
            Map.of("name", "SshFailure", "regex", "Failed password for (?<user>\\S+) from (?<ip>\\S+)");

    final FakeSourceContext ctx;
    final LogPatternsSource source = new LogPatternsSource();

    private Following(Map<String, Object> config) {
        ctx = new FakeSourceContext("log-patterns", config);
        source.start(ctx);
    }

    /** Follows {@code path} (a file or glob) with the sshd pattern; {@code extra} adds top-level keys. */
    static Following path(String path, Object... extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("pollInterval", "100ms");
        config.put("rotationGrace", "300ms");
        for (int i = 0; i < extra.length; i += 2) config.put((String) extra[i], extra[i + 1]);
        config.put("files", List.of(Map.of("path", path, "patterns", List.of(SSH))));
        return new Following(config);
    }

    /** Any config, as the relay would pass it. */
    static Following with(Map<String, Object> config) {
        return new Following(config);
    }

    static Following path(Path path, Object... extra) {
        return path(path.toString(), extra);
    }

    List<Match> matches() {
        return ctx.signals(Match.class);
    }

    List<String> texts() {
        return matches().stream().map(Match::text).toList();
    }

    /** Waits until exactly these lines were matched, in this order, and no other line comes for half a second. */
    void awaitExactly(List<String> lines) {
        await().atMost(Duration.ofSeconds(10)).until(() -> texts().size() >= lines.size());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> texts().equals(lines));
    }

    /** Asserts for half a second (five polls) that nothing was matched. */
    void awaitNothingMatched() {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> texts().isEmpty());
    }

    @Override
    public void close() {
        source.stop();
        ctx.close();
    }

    /** {@code Failed password for user<i> from 10.0.0.<i> port 22 ssh2}, for i in [from, to). */
    static List<String> sshLines(String tag, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "Failed password for " + tag + i + " from 10.0." + (i / 250) + "." + (i % 250)
                        + " port 22 ssh2")
                .toList();
    }

    /** Appends lines (each with its newline) the way a logging program does: O_APPEND. */
    static void append(Path file, List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        append(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void append(Path file, String text) {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void append(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
