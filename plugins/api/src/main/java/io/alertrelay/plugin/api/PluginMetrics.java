package io.alertrelay.plugin.api;

import java.util.function.DoubleSupplier;

/**
 * Metrics a plugin can export on the relay's {@code /metrics}, tagged with {@code plugin=<id>}.
 * Names are dotted lower case ({@code files.watched}); the relay prefixes {@code relay.plugin.} and exports
 * {@code relay_plugin_files_watched}; a counter's exported name gains {@code _total} (Prometheus' rule):
 * {@code counter("probes.failed", ...)} is scraped as {@code relay_plugin_probes_failed_total}. Keep tag values
 * few (never a file name per line, never user input). Tags are given as {@link Tags} (since API 1.2) or, as in
 * API 1.0, as a flat list of names and values: {@code "target", "web", "kind", "tls"}.
 */
public interface PluginMetrics {

    /** A counter that only goes up; {@code tags} are name/value pairs ({@code "target", "web"}). */
    Counter counter(String name, String description, String... tags);

    /** A gauge read at scrape time; {@code tags} are name/value pairs. */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /** A counter that only goes up. Since API 1.2. */
    default Counter counter(String name, String description, Tags tags) {
        return counter(name, description, tags.pairs());
    }

    /** A gauge read at scrape time. Since API 1.2. */
    default void gauge(String name, String description, DoubleSupplier value, Tags tags) {
        gauge(name, description, value, tags.pairs());
    }

    /** A monotonically increasing count. */
    interface Counter {
        void increment(double amount);

        default void increment() {
            increment(1);
        }
    }
}
