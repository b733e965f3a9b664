package io.alertrelay.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The threads of one plugin: named after it, with the plugin's class loader as context class loader (so
 * Jackson or ServiceLoader inside the plugin find its classes), reporting every task that throws, and
 * remembering when each running task started so a watchdog can tell a blocked plugin.
 */
final class PluginScheduler extends ScheduledThreadPoolExecutor {

    private final Consumer<Throwable> onTaskFailure;
    private final Map<Thread, Long> runningSince = new ConcurrentHashMap<>();

    PluginScheduler(String pluginId, ClassLoader loader, int threads, Consumer<Throwable> onTaskFailure) {
        super(threads, threadFactory(pluginId, loader));
        this.onTaskFailure = onTaskFailure;
        setRemoveOnCancelPolicy(true);
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private static ThreadFactory threadFactory(String pluginId, ClassLoader loader) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "plugin-" + pluginId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }

    /**
     * Runs {@code task} for a caller that waits for it (a source's start()): what it throws is the future's value,
     * for the caller to report, not a failed task (which would report the same failure a second time).
     */
    Future<Throwable> submitAwaited(Callable<?> task) {
        return submit(() -> {
            try {
                task.call();
                return null;
            } catch (Throwable t) { // NOPMD: handed to the caller, who fails the plugin with it
                return t;
            }
        });
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        runningSince.put(t, System.nanoTime());
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        runningSince.remove(Thread.currentThread());
        Throwable failure = t;
        // a periodic task that threw is cancelled for good: that is a failure of the plugin, not a detail
        if (failure == null && r instanceof Future<?> f && f.isDone()) {
            try {
                f.get();
            } catch (CancellationException ignored) {
                // cancelled by the plugin or by shutdown
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null && !isShutdown()) onTaskFailure.accept(failure);
    }

    /** The threads running a task now, each with how long (in nanoseconds) it has been running that task. */
    Map<Thread, Long> runningNanos() {
        long now = System.nanoTime();
        Map<Thread, Long> out = new LinkedHashMap<>();
        runningSince.forEach((t, since) -> out.put(t, now - since));
        return out;
    }

    /** Nanoseconds the longest-running task has been running, or 0 when none runs. */
    long longestRunningNanos() {
        long now = System.nanoTime();
        return runningSince.values().stream()
                .mapToLong(since -> now - since)
                .max()
                .orElse(0);
    }
}
