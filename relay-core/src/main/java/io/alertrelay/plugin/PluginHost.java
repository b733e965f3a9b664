package io.alertrelay.plugin;

import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginApi;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.rule.RuleException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PF4J host: loads plugin zips and jars from the plugin folders, starts each plugin's sources on its own
 * threads, watches the folders for new plugins, and keeps a misbehaving plugin from taking the relay down.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final PluginManager manager;
    private final PluginRuntime rt;
    private final Map<String, RunningPlugin> plugins = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, PluginCounters> counters = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<String>> addedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-plugin-watch");
        t.setDaemon(true);
        return t;
    });
    private final PluginFolderWatcher folders;

    PluginHost(List<Path> roots, PluginRuntime rt) {
        this.rt = rt;
        DefaultPluginManager m = new DefaultPluginManager(roots.stream().filter(java.nio.file.Files::isDirectory).toList());
        m.setSystemVersion(PluginApi.VERSION);
        this.manager = m;
        this.folders = new PluginFolderWatcher(roots);
    }

    /**
     * Loads and starts every plugin found. A plugin that fails to load or start, or whose rules cannot work
     * (a {@link RuleException} naming them), is marked failed and the rest go on.
     */
    public void start() {
        folders.snapshot();
        manager.loadPlugins();
        for (PluginWrapper w : manager.getPlugins()) startOne(w, true);
        long every = rt.limits().pollEvery().toMillis();
        watch.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MILLISECONDS);
    }

    private void startOne(PluginWrapper w, boolean atStartUp) {
        String requires = w.getDescriptor().getRequires();
        if (!new DefaultVersionManager().checkVersionConstraint(PluginApi.VERSION, requires)) {
            String why = "plugin " + w.getPluginId() + " " + w.getDescriptor().getVersion() + " requires plugin API "
                    + requires + ", but this relay provides plugin API " + PluginApi.VERSION
                    + ": use a build of the plugin made for API " + PluginApi.VERSION.charAt(0) + ".x";
            refused.put(w.getPluginId(), why);
            countersOf(w.getPluginId()).errors.incrementAndGet();
            log.error(why);
            return;
        }
        RunningPlugin p = new RunningPlugin(w, rt, countersOf(w.getPluginId()));
        plugins.put(p.id, p);
        try {
            manager.startPlugin(p.id);
            if (w.getFailedException() != null) {
                p.fail("the plugin class failed to start: " + RunningPlugin.describe(w.getFailedException()), w.getFailedException());
                return;
            }
            p.start(manager.getExtensions(EventSource.class, p.id), manager.getExtensions(WebhookFormat.class, p.id));
        } catch (RuleException | PluginConfigException e) {
            // the plugin restart endpoint reads the same config: only a corrected config brings it back
            p.fail(e.getMessage(), null, "correct plugins." + p.id + " in the config, then restart the relay");
        } catch (RuntimeException | LinkageError e) {
            p.fail("failed to start: " + RunningPlugin.describe(e), e);
        }
    }

    private void housekeeping() {
        try {
            plugins.values().forEach(p -> p.checkBlocked(rt.limits().blockedAfter().toNanos()));
            for (Path added : folders.newPluginFiles()) loadNew(added);
        } catch (RuntimeException e) {
            log.error("plugin housekeeping failed; will retry", e);
        }
    }

    private void loadNew(Path file) {
        try {
            String id = manager.loadPlugin(file);
            log.info("new plugin file {} loaded as {}", file, id);
            startOne(manager.getPlugin(id), false);
        } catch (RuntimeException e) {
            refused.put(file.getFileName().toString(), "cannot load " + file + ": " + RunningPlugin.describe(e));
            countersOf(file.getFileName().toString()).errors.incrementAndGet();
            log.error("cannot load new plugin file {}: {}", file, RunningPlugin.describe(e));
        }
    }

    private PluginCounters countersOf(String id) {
        return counters.computeIfAbsent(id, k -> {
            addedListeners.forEach(l -> l.accept(k));
            return new PluginCounters();
        });
    }

    /** Called once for each plugin id the host sees, so metrics can be registered for it. */
    void onPluginAdded(java.util.function.Consumer<String> listener) {
        addedListeners.add(listener);
    }

    /** A counter of one plugin, for the metrics. */
    long count(String id, java.util.function.ToLongFunction<PluginCounters> which) {
        PluginCounters c = counters.get(id);
        return c == null ? 0 : which.applyAsLong(c);
    }

    boolean running(String id) {
        RunningPlugin p = plugins.get(id);
        return p != null && "started".equals(p.state());
    }

    void recordBadAlert(String pluginId, String problem) {
        RunningPlugin p = plugins.get(pluginId);
        if (p != null) p.recordError(problem, null);
    }

    /** Stops and starts one plugin again (admin). Empty when there is no such plugin. */
    public synchronized Optional<PluginStatus> restart(String id) {
        RunningPlugin p = plugins.get(id);
        if (p == null) return Optional.empty();
        p.stop("stopped");
        manager.stopPlugin(id);
        plugins.remove(id);
        startOne(manager.getPlugin(id), false);
        return Optional.of(plugins.get(id).status());
    }

    public List<PluginStatus> statuses() {
        List<PluginStatus> out = new ArrayList<>();
        plugins.values().forEach(p -> out.add(p.status()));
        refused.forEach((id, why) -> out.add(new PluginStatus(id, null, null, null, "refused", why, null,
                count(id, c -> c.errors.get()), 0, 0, Map.of(), List.of(), List.of())));
        out.sort(Comparator.comparing(PluginStatus::id));
        return out;
    }

    /** A webhook format that hung: its plugin is failed, as a source's blocked task fails it; a restart brings it back. */
    public void formatFailed(WebhookFormat format, String why) {
        plugins.values().stream().filter(p -> p.formats().contains(format)).findFirst().ifPresent(p -> p.fail(why, null));
    }

    /** The webhook format of that name from a started plugin. */
    public Optional<WebhookFormat> format(String name) {
        return plugins.values().stream().filter(p -> "started".equals(p.state()))
                .flatMap(p -> p.formats().stream()).filter(f -> f.name().equals(name)).findFirst();
    }

    @Override
    public void close() {
        watch.shutdownNow();
        plugins.values().forEach(p -> p.stop("stopped"));
        manager.stopPlugins();
        manager.unloadPlugins();
        rt.dispatcher().close();
    }
}
