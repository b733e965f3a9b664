package io.alertrelay.plugins.logpatterns;

import io.alertrelay.plugin.api.PluginHealth;
import io.alertrelay.plugin.api.PluginMetrics;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports paths the plugin cannot follow (missing, unreadable, not a file) and their recovery: on the plugin's
 * health (shown in {@code /api/plugins}; the relay logs each new problem and its resolution once), and as metrics:
 * the gauge {@code log.files.problems} (paths with a problem now) and the counter {@code log.files.problems.reported}
 * (problems that appeared). Called from the polling thread; the gauge is read from any thread.
 */
final class FileProblems {

    private final PluginHealth health;
    private final PluginMetrics.Counter reported;
    private final Map<String, String> current = new HashMap<>();
    private volatile int count;

    FileProblems(PluginHealth health, PluginMetrics metrics) {
        this.health = health;
        this.reported = metrics.counter(
                "log.files.problems.reported",
                "Log paths that became missing or unreadable (each is retried every poll)");
        metrics.gauge("log.files.problems", "Log paths that are missing or unreadable now", () -> count);
    }

    /** Records or updates the problem of {@code key} (a configured path or glob, or a file it matched). */
    void problem(String key, String message) {
        String before = current.put(key, message);
        if (before == null) reported.increment();
        if (!message.equals(before)) health.problem(key, message);
        count = current.size();
    }

    /** {@code key} is fine (again). */
    void ok(String key) {
        if (current.remove(key) != null) health.resolved(key);
        count = current.size();
    }
}
