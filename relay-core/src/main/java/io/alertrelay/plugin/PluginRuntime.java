package io.alertrelay.plugin;

import io.alertrelay.rule.RuleEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every running plugin shares from the relay.
 *
 * @param config          plugin id -> its config section as plain Java values
 * @param limits          how long a plugin may take and how much it may emit
 * @param gaugeSources    plugin gauges by name and tags, kept across restarts (see HostPluginMetrics)
 */
record PluginRuntime(SignalDispatcher dispatcher, RuleEngine rules, MeterRegistry registry, Clock clock,
                     String hostName, Function<String, java.util.Map<String, Object>> config, PluginLimits limits,
                     java.util.Map<String, java.util.concurrent.atomic.AtomicReference<java.util.function.DoubleSupplier>> gaugeSources) {}
