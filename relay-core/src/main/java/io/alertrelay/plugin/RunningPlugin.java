package io.alertrelay.plugin;

import io.alertrelay.alert.Stale;
import io.alertrelay.logging.LogText;
import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.rule.RuleParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded plugin and its sources: starts and stops them on the plugin's own threads, and takes the
 * plugin down, not the relay, when it throws, blocks or floods. The state and counters here are what
 * {@code /api/plugins} and {@code relay_plugin_*} metrics show.
 */
final class RunningPlugin {

    private static final Logger log = LoggerFactory.getLogger(RunningPlugin.class);
    /** The longest failure text kept (lastError, the log line, the wall): a plugin's exception message is its own. */
    static final int MAX_ERROR_CHARS = 1000;

    final String id;
    final PluginWrapper wrapper;
    private final PluginRuntime rt;
    private final PluginCounters counters;
    final Map<String, String> problems = new ConcurrentHashMap<>();
    private final EmitBudget budget;
    private volatile String state = "loaded";
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile List<EventSource> sources = List.of();
    private volatile List<WebhookFormat> formats = List.of();
    private volatile PluginScheduler scheduler;
    private final String sha256;

    RunningPlugin(PluginWrapper wrapper, PluginRuntime rt, PluginCounters counters) {
        this.id = wrapper.getPluginId();
        this.wrapper = wrapper;
        this.rt = rt;
        this.counters = counters;
        this.budget = new EmitBudget(rt.limits().signalsPerSecond());
        this.sha256 = PluginFiles.sha256(PluginFiles.sourceFile(wrapper));
    }

    String state() {
        return state;
    }

    List<WebhookFormat> formats() {
        return formats;
    }

    /**
     * Builds its rules and starts every source. Returns normally even when the plugin fails (it is then
     * marked failed) except for bad rules or config, which throw {@link io.alertrelay.rule.RuleException} or
     * {@link io.alertrelay.plugin.api.PluginConfigException} for the host to fail the plugin with.
     */
    void start(List<EventSource> sourcesFound, List<WebhookFormat> formatsFound) {
        PluginConfig config = new PluginConfig("plugins." + id, rt.config().apply(id));
        List<RuleSpec> shipped = new ArrayList<>();
        for (EventSource s : sourcesFound) shipped.addAll(withPluginLoader(() -> s.rules(config)));
        rt.rules().setRules(id, RuleParser.merge(shipped, config));
        this.sources = List.copyOf(sourcesFound);
        this.formats = List.copyOf(formatsFound);
        PluginScheduler sched = new PluginScheduler(
                id, wrapper.getPluginClassLoader(), rt.limits().threads(), this::taskFailed);
        this.scheduler = sched;
        state = "starting";
        rt.alerts().starting(id);
        HostSourceContext ctx = new HostSourceContext(this, config, sched, rt);
        for (EventSource s : sourcesFound) {
            Future<Throwable> f = sched.submitAwaited(() -> {
                s.start(ctx);
                return null;
            });
            try {
                Throwable thrown = f.get(rt.limits().startTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (thrown != null) {
                    fail("start() of " + s.getClass().getName() + " threw " + describe(thrown), thrown);
                    return;
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                fail(
                        "start() of " + s.getClass().getName() + " did not return within "
                                + rt.limits().startTimeout().toSeconds()
                                + " s: do recurring work on context.scheduler() and return",
                        null);
                return;
            } catch (ExecutionException e) {
                fail("start() of " + s.getClass().getName() + " threw " + describe(e.getCause()), e.getCause());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while starting", e);
                return;
            }
        }
        state = "started";
        rt.alerts().running(id);
        log.info(
                "plugin {} {} started ({} sources, {} webhook formats)",
                id,
                wrapper.getDescriptor().getVersion(),
                sourcesFound.size(),
                formatsFound.size());
    }

    /** Stops the sources (each gets a chance even if another throws) and the plugin's threads. */
    void stop(String newState) {
        PluginScheduler sched = scheduler;
        for (EventSource s : sources) {
            try {
                withPluginLoader(() -> {
                    s.stop();
                    return null;
                });
            } catch (RuntimeException e) {
                recordError("stop() of " + s.getClass().getName() + " threw " + describe(e), e);
            }
        }
        if (sched != null) {
            sched.shutdownNow();
            rt.stuck().retire(id, sched);
        }
        rt.rules().removeRules(id);
        sources = List.of();
        if (!"failed".equals(state) || !"stopped".equals(newState)) state = newState;
    }

    /** From a plugin thread: a signal on its way to the rules. */
    void emit(Signal signal) {
        if (!"started".equals(state) && !"starting".equals(state)) return;
        if (!budget.tryTake(System.nanoTime())) {
            counters.dropped.incrementAndGet();
            if (budget.flooding()) {
                fail("flooding: more than " + rt.limits().signalsPerSecond() + " signals per second for 10 s", null);
            }
            return;
        }
        if (rt.dispatcher().offer(id, signal)) counters.signals.incrementAndGet();
        else counters.dropped.incrementAndGet();
    }

    void taskFailed(Throwable t) {
        fail("a task threw " + describe(t), t);
    }

    /** Called by the host's watchdog. */
    void checkBlocked(long limitNanos) {
        PluginScheduler s = scheduler;
        if ("started".equals(state) && s != null && s.longestRunningNanos() > limitNanos) {
            fail(
                    "a task has been running for more than " + TimeUnit.NANOSECONDS.toSeconds(limitNanos)
                            + " s: the plugin looks blocked",
                    null);
        }
    }

    synchronized void fail(String why, Throwable t) {
        fail(
                why,
                t,
                "it stays failed until POST /api/plugins/" + id + "/restart (admin) or a new build in plugins.dir");
    }

    /**
     * Takes the plugin out of service: counted, logged once, shown in /api/plugins, and on the wall (a
     * RelayPluginFailed alert; the plugin's alerts marked stale) once its threads were told to stop.
     *
     * @param why     what happened; may quote the plugin's own exception message, so it is cut to one line here
     * @param howBack what brings the plugin back, for the one log line that says it failed
     */
    synchronized void fail(String why, Throwable t, String howBack) {
        if ("failed".equals(state)) return;
        String message = Stale.clean(why, MAX_ERROR_CHARS);
        counted(message);
        state = "failed";
        // one line that says the plugin is now out of service and how to bring it back, whatever was logged before
        String line = "plugin " + id + " failed: " + LogText.quote(message) + "; " + howBack;
        if (t != null) log.error(line, t);
        else log.error(line);
        // stopping from one of the plugin's own threads must not wait for itself
        Thread stopper = new Thread(
                () -> {
                    stop("failed");
                    rt.alerts().failed(id, message);
                },
                "plugin-" + id + "-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    void recordError(String why, Throwable t) {
        String message = Stale.clean(why, MAX_ERROR_CHARS);
        if (counted(message)) return; // the same problem again: counted, not logged again
        if (t != null) log.warn("plugin {}: {}", id, LogText.quote(message), t);
        else log.warn("plugin {}: {}", id, LogText.quote(message));
    }

    /** Starting or started: what the plugin reports about itself still counts. */
    boolean live() {
        return "started".equals(state) || "starting".equals(state);
    }

    /** Counts an error and remembers it for /api/plugins; true when it is the same as the last one. */
    private boolean counted(String message) {
        counters.errors.incrementAndGet();
        boolean repeat = message.equals(lastError);
        lastError = message;
        lastErrorAt = rt.clock().instant();
        return repeat;
    }

    PluginStatus status() {
        var d = wrapper.getDescriptor();
        return new PluginStatus(
                id,
                d.getVersion(),
                d.getPluginDescription(),
                String.valueOf(wrapper.getPluginPath()),
                sha256,
                state,
                lastError,
                lastErrorAt,
                counters.errors.get(),
                counters.signals.get(),
                counters.dropped.get(),
                new TreeMap<>(problems),
                sources.stream().map(s -> s.getClass().getName()).toList(),
                formats.stream().map(WebhookFormat::name).toList());
    }

    private <T> T withPluginLoader(Supplier<T> call) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(wrapper.getPluginClassLoader());
        try {
            return call.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    static String describe(Throwable t) {
        return t == null ? "" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
