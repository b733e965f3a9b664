package io.alertrelay.plugin.api;

import java.util.function.DoubleSupplier;

/**
 * Metrics a plugin can export on the relay's {@code /metrics}, tagged with {@code plugin=<id>}.
 * Names are dotted lower case ({@code files.watched}); the relay prefixes {@code relay.plugin.} and exports
 * {@code relay_plugin_files_watched}. Keep tag values few (never a file name per line, never user input).
 */
public interface PluginMetrics {

    /** A counter that only goes up. */
    Counter counter(String name, String description, String... tags);

    /** A gauge read at scrape time. */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /** A monotonically increasing count. */
    interface Counter {
        void increment(double amount);

        default void increment() {
            increment(1);
        }
    }
}
