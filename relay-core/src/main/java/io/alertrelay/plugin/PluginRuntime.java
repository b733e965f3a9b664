package io.alertrelay.plugin;

import io.alertrelay.rule.RuleEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What every running plugin shares from the relay.
 *
 * @param config          plugin id -> its config section as plain Java values
 * @param limits          how long a plugin may take and how much it may emit
 * @param gaugeSources    plugin gauges by name and tags, kept across restarts (see HostPluginMetrics)
 * @param alerts          what the wall is told about plugins failing, running again and their problems
 * @param stuck           threads of stopped plugin instances that ignore interrupts
 */
record PluginRuntime(
        SignalDispatcher dispatcher,
        RuleEngine rules,
        MeterRegistry registry,
        Clock clock,
        String hostName,
        Function<String, Map<String, Object>> config,
        PluginLimits limits,
        Map<String, AtomicReference<DoubleSupplier>> gaugeSources,
        PluginAlerts alerts,
        StuckThreads stuck) {}
