package io.alertrelay.plugin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A pattern matched something (a log line, typically). Count rules name the pattern they count.
 *
 * @param pattern the name of the pattern that matched, e.g. {@code SshBruteForce}
 * @param labels  labels taken from the match (named regex groups), plus any the source adds
 * @param text    the matched text, kept short (the relay truncates it for annotations)
 */
public record Match(String pattern, Map<String, String> labels, String text, Instant at) implements Signal {

    public Match {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(at, "at");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        text = text == null ? "" : text;
    }
}
