package io.alertrelay.plugin.testkit;

import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginHealth;
import io.alertrelay.plugin.api.PluginMetrics;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.plugin.api.SourceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * A {@link SourceContext} for unit tests of a source: it records every emitted signal, every problem
 * reported, and every metric, and runs the scheduler on real threads (close it after the test).
 *
 * <pre>{@code
 * try (FakeSourceContext ctx = new FakeSourceContext("my-plugin", Map.of("url", "http://127.0.0.1:8081/"))) {
 *     source.start(ctx);
 *     await().until(() -> !ctx.signals().isEmpty());
 * }
 * }</pre>
 */
public final class FakeSourceContext implements SourceContext, AutoCloseable {

    private final String pluginId;
    private final PluginConfig config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<Signal> signals = new CopyOnWriteArrayList<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    public FakeSourceContext(String pluginId, Map<String, ?> config) {
        this(pluginId, config, Clock.systemUTC());
    }

    public FakeSourceContext(String pluginId, Map<String, ?> config, Clock clock) {
        this.pluginId = pluginId;
        this.config = new PluginConfig("plugins." + pluginId, config);
        this.clock = clock;
    }

    /** Every signal emitted so far, in order. */
    public List<Signal> signals() {
        return new ArrayList<>(signals);
    }

    /** Signals of one type, e.g. {@code ctx.signals(Sample.class)}. */
    public <T extends Signal> List<T> signals(Class<T> type) {
        return signals.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Problems the source reported and has not resolved, by key. */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /** A counter's value by name (tags ignored), 0 when never incremented. */
    public double counter(String name) {
        DoubleAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** A gauge's current value by name, or NaN when none was registered. */
    public double gauge(String name) {
        DoubleSupplier g = gauges.get(name);
        return g == null ? Double.NaN : g.getAsDouble();
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public void emit(Signal signal) {
        signals.add(signal);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public PluginMetrics metrics() {
        return new PluginMetrics() {
            @Override
            public Counter counter(String name, String description, String... tags) {
                DoubleAdder a = counters.computeIfAbsent(name, k -> new DoubleAdder());
                return a::add;
            }

            @Override
            public void gauge(String name, String description, DoubleSupplier value, String... tags) {
                gauges.put(name, value);
            }
        };
    }

    @Override
    public PluginHealth health() {
        return new PluginHealth() {
            @Override
            public void problem(String key, String message) {
                problems.put(key, message);
            }

            @Override
            public void resolved(String key) {
                problems.remove(key);
            }
        };
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("plugin." + pluginId);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String hostName() {
        return "test-host";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
