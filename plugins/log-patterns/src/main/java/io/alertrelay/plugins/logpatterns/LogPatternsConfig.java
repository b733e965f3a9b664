package io.alertrelay.plugins.logpatterns;

import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Durations;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The plugin's section, {@code plugins.log-patterns}, read and checked. Every problem throws a
 * {@link PluginConfigException} that names the key path ({@code plugins.log-patterns.files[0].patterns[1].regex}),
 * what is wrong and what is allowed. docs/plugins/log-patterns.md describes every key.
 */
record LogPatternsConfig(
        Duration pollInterval,
        int maxLineBytes,
        Duration rotationGrace,
        int maxMatchesPerSecond,
        List<FileSpec> files) {

    static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    static final Duration DEFAULT_ROTATION_GRACE = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_MATCHES_PER_SECOND = 1000;
    static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(10);

    private static final Set<String> KEYS =
            Set.of("files", "pollInterval", "maxLineBytes", "rotationGrace", "maxMatchesPerSecond", "rules");
    private static final Set<String> FILE_KEYS = Set.of("path", "patterns");
    private static final Set<String> PATTERN_KEYS =
            Set.of("name", "regex", "severity", "threshold", "resolveAfter", "labels", "annotations");
    private static final Set<String> THRESHOLD_KEYS = Set.of("count", "window");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info", "none");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One entry of {@code files}: the paths (globs allowed) and the patterns matched against their lines. */
    record FileSpec(String key, List<String> paths, List<PatternSpec> patterns) {}

    /** One pattern; it becomes a {@link CountRule} of the same name. */
    record PatternSpec(
            String name,
            Pattern regex,
            String severity,
            int count,
            Duration window,
            Duration resolveAfter,
            Map<String, String> labels,
            Map<String, String> annotations) {

        CountRule rule() {
            return new CountRule(name, name, count, window, resolveAfter, severity, labels, annotations, true);
        }
    }

    static LogPatternsConfig parse(PluginConfig c) {
        unknownKeys(c, KEYS);
        Duration poll = c.duration("pollInterval", DEFAULT_POLL);
        if (poll.compareTo(Duration.ofMillis(100)) < 0 || poll.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new PluginConfigException(c.path() + ".pollInterval: " + Durations.format(poll)
                    + " is out of range; use 100ms to 1m (default 1s)");
        }
        int maxLine = c.integer("maxLineBytes", DEFAULT_MAX_LINE_BYTES);
        if (maxLine < 256 || maxLine > 1024 * 1024) {
            throw new PluginConfigException(
                    c.path() + ".maxLineBytes: " + maxLine + " is out of range; use 256 to 1048576 (default 65536)");
        }
        Duration grace = c.duration("rotationGrace", DEFAULT_ROTATION_GRACE);
        if (grace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new PluginConfigException(c.path() + ".rotationGrace: " + Durations.format(grace)
                    + " is too long; use 0s to 10m (default 10s)");
        }
        int rate = c.integer("maxMatchesPerSecond", DEFAULT_MAX_MATCHES_PER_SECOND);
        if (rate < 1 || rate > 5000) {
            throw new PluginConfigException(c.path() + ".maxMatchesPerSecond: " + rate
                    + " is out of range; use 1 to 5000 (the relay drops a plugin's signals past 5000/s; default 1000)");
        }
        Map<String, String> namesSeen = new HashMap<>();
        List<FileSpec> files =
                c.sections("files").stream().map(f -> file(f, namesSeen)).toList();
        return new LogPatternsConfig(poll, maxLine, grace, rate, files);
    }

    /** The count rule of every pattern, in config order. */
    List<CountRule> rules() {
        return files.stream()
                .flatMap(f -> f.patterns().stream())
                .map(PatternSpec::rule)
                .toList();
    }

    private static FileSpec file(PluginConfig f, Map<String, String> namesSeen) {
        unknownKeys(f, FILE_KEYS);
        List<String> paths = f.strings("path");
        if (paths.isEmpty() || paths.stream().anyMatch(String::isBlank)) {
            throw new PluginConfigException(
                    f.path() + ".path is required: the log file to follow, e.g. /var/log/auth.log"
                            + " (a glob such as /var/log/nginx/*.log, or a list of them)");
        }
        for (String p : paths) {
            if (p.contains("**")) {
                throw new PluginConfigException(f.path() + ".path: " + p + ": ** is not supported; use * within one"
                        + " directory level, e.g. /var/log/*/access.log");
            }
        }
        List<PluginConfig> patterns = f.sections("patterns");
        if (patterns.isEmpty()) {
            throw new PluginConfigException(f.path() + ".patterns: list at least one pattern for this file,"
                    + " e.g. {name: SshBruteForce, regex: 'Failed password for .* from (?<ip>\\S+)'}");
        }
        return new FileSpec(
                f.path(),
                paths,
                patterns.stream().map(p -> pattern(p, namesSeen)).toList());
    }

    private static PatternSpec pattern(PluginConfig p, Map<String, String> namesSeen) {
        unknownKeys(p, PATTERN_KEYS);
        String name = p.string("name");
        if (!NAME.matcher(name).matches()) {
            throw new PluginConfigException(p.path() + ".name: \"" + name + "\" becomes the alertname label, so it must"
                    + " match [a-zA-Z_][a-zA-Z0-9_]*, e.g. SshBruteForce");
        }
        String earlier = namesSeen.putIfAbsent(name, p.path());
        if (earlier != null) {
            throw new PluginConfigException(p.path() + ".name: " + name + " is already the name of " + earlier
                    + "; pattern names must be unique in the plugin (each is a rule and the alertname)");
        }
        Pattern regex;
        try {
            regex = Pattern.compile(p.string("regex"));
        } catch (PatternSyntaxException e) {
            throw new PluginConfigException(p.path() + ".regex: bad regex: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + " in " + e.getPattern()
                    + " (Java regex syntax; named groups are written (?<name>...))");
        }
        String severity = p.string("severity", "warning");
        if (!SEVERITIES.contains(severity)) {
            throw new PluginConfigException(p.path() + ".severity: \"" + severity
                    + "\" is not a severity; use critical, error, warning, info or none (default warning)");
        }
        PluginConfig t = p.section("threshold");
        unknownKeys(t, THRESHOLD_KEYS);
        int count = t.integer("count", 1);
        if (count < 1) throw new PluginConfigException(t.path() + ".count: " + count + " must be at least 1");
        Duration window = t.duration("window", Duration.ZERO);
        if (count > 1 && window.isZero()) {
            throw new PluginConfigException(t.path() + ".window is required when count is above 1: " + count
                    + " matches within how long? e.g. window: 1m");
        }
        Duration resolveAfter = p.duration("resolveAfter", DEFAULT_RESOLVE_AFTER);
        if (resolveAfter.isZero()) {
            throw new PluginConfigException(p.path() + ".resolveAfter must be more than 0s: the quiet time after the"
                    + " last match before the alert resolves (default 10m)");
        }
        return new PatternSpec(
                name, regex, severity, count, window, resolveAfter, labels(p, "labels"), labels(p, "annotations"));
    }

    private static Map<String, String> labels(PluginConfig p, String key) {
        Map<String, String> m = p.stringMap(key);
        m.forEach((k, v) -> {
            if (!NAME.matcher(k).matches()) {
                throw new PluginConfigException(
                        p.path() + "." + key + "." + k + ": a name must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (v.isEmpty()) {
                throw new PluginConfigException(
                        p.path() + "." + key + "." + k + " is empty: give it a value or leave it out");
            }
        });
        return m;
    }

    private static void unknownKeys(PluginConfig c, Set<String> known) {
        for (String k : c.keys()) {
            if (!known.contains(k)) {
                throw new PluginConfigException(c.path() + "." + k + " is not a known key; known keys here are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
