package io.alertrelay.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The threads of stopped plugin instances that are still running a task: a task that ignores interrupts (a busy
 * loop) cannot be stopped in Java, only waited for. Counted per plugin for {@code relay_plugin_stuck_threads}, and
 * asked before a restart, so that restarting a plugin never leaves one more spinning thread behind.
 *
 * <p>Thread-safe.
 */
final class StuckThreads {

    private final Map<String, List<PluginScheduler>> retired = new ConcurrentHashMap<>();

    /** A plugin's scheduler that was shut down (its tasks interrupted): watched until its last thread ends. */
    void retire(String pluginId, PluginScheduler scheduler) {
        List<PluginScheduler> of = retired.computeIfAbsent(pluginId, k -> new CopyOnWriteArrayList<>());
        if (!of.contains(scheduler)) of.add(scheduler);
        of.removeIf(PluginScheduler::isTerminated);
    }

    /** Threads of the plugin's stopped instances still running a task. */
    int count(String pluginId) {
        List<PluginScheduler> of = retired.getOrDefault(pluginId, List.of());
        of.removeIf(PluginScheduler::isTerminated);
        return of.stream().mapToInt(PluginScheduler::getActiveCount).sum();
    }

    /**
     * Waits up to {@code grace} for the plugin's stopped instances to end. Returns null when they did, else what
     * is still running, in words ({@code thread plugin-x-1, in one task for 42 s}).
     */
    String await(String pluginId, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> stuck = new ArrayList<>();
        for (PluginScheduler s : retired.getOrDefault(pluginId, List.of())) {
            try {
                if (s.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.runningNanos()
                    .forEach((t, nanos) -> stuck.add("thread " + t.getName() + ", in one task for "
                            + TimeUnit.NANOSECONDS.toSeconds(nanos) + " s"));
        }
        count(pluginId); // prunes what ended
        return stuck.isEmpty() ? null : String.join("; ", stuck);
    }
}
