package io.alertrelay.plugin;

import java.time.Duration;

/**
 * How much a plugin is trusted before the host steps in.
 *
 * @param startTimeout     how long {@code EventSource.start} may take before the plugin is failed
 * @param blockedAfter     how long one task may run before the plugin counts as blocked and is failed
 * @param signalsPerSecond a plugin's emit budget; more is dropped, and a second's worth dropped within 10 s fails it
 * @param pollEvery        how often the host checks for blocked plugins and new plugin files
 */
public record PluginLimits(Duration startTimeout, Duration blockedAfter, int signalsPerSecond, Duration pollEvery) {

    public static final PluginLimits DEFAULT =
            new PluginLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 5_000, Duration.ofSeconds(5));
}
