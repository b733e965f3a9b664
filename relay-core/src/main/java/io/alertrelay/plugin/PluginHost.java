package io.alertrelay.plugin;

import io.alertrelay.logging.LogText;
import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginApi;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.rule.RuleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PF4J host: loads plugin zips and jars from the plugin folders, starts each plugin's sources on its own
 * threads, watches the folders for new plugins and new builds of loaded ones (a new build replaces the running
 * one: stop, unload, load, start), and keeps a misbehaving plugin from taking the relay down. A failed plugin is
 * shown on the wall ({@link PluginAlerts}); a plugin whose stopped threads still run is not restarted.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);
    /** How long a stopped plugin's tasks get to end after their interrupt, before a restart is refused. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final PluginManager manager;
    private final PluginRuntime rt;
    private final Map<String, RunningPlugin> plugins;
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, PluginCounters> counters = new ConcurrentHashMap<>();
    private final List<Consumer<String>> addedListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-plugin-watch");
        t.setDaemon(true);
        return t;
    });
    private final PluginFolderWatcher folders;
    private final List<Path> roots;

    /** @param plugins where the host keeps its running plugins, by id (the dispatcher reads it too) */
    PluginHost(List<Path> roots, PluginRuntime rt, Map<String, RunningPlugin> plugins) {
        this.rt = rt;
        this.plugins = plugins;
        this.roots = List.copyOf(roots);
        DefaultPluginManager m = new DefaultPluginManager(
                roots.stream().filter(Files::isDirectory).toList());
        m.setSystemVersion(PluginApi.VERSION);
        this.manager = m;
        this.folders = new PluginFolderWatcher(roots);
    }

    /**
     * Loads and starts every plugin found. A plugin that fails to load or start, or whose rules cannot work
     * (a {@link RuleException} naming them), is marked failed and the rest go on.
     */
    public void start() {
        PluginFiles.dropExpansions(roots);
        folders.snapshot();
        manager.loadPlugins();
        for (PluginWrapper w : manager.getPlugins()) startOne(w, true);
        Set<String> known = new HashSet<>(plugins.keySet());
        known.addAll(refused.keySet());
        rt.alerts().startedUp(known);
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
            rt.alerts().failed(w.getPluginId(), why);
            return;
        }
        RunningPlugin p = new RunningPlugin(w, rt, countersOf(w.getPluginId()));
        plugins.put(p.id, p);
        try {
            manager.startPlugin(p.id);
            if (w.getFailedException() != null) {
                p.fail(
                        "the plugin class failed to start: " + RunningPlugin.describe(w.getFailedException()),
                        w.getFailedException());
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
            plugins.values()
                    .forEach(p -> p.checkBlocked(rt.limits().blockedAfter().toNanos()));
            // the rules' tick runs on the signal dispatcher's thread, so a tick's resolve never overtakes a fire
            for (Path changed : folders.changedPluginFiles()) load(changed);
            rt.alerts().refresh();
        } catch (RuntimeException e) {
            log.error("plugin housekeeping failed; will retry", e);
        }
    }

    /**
     * Loads a plugin file that appeared or changed; a plugin of the same id that is loaded already is replaced
     * (its file, if another one, is set aside as {@code .replaced}).
     */
    private synchronized void load(Path file) {
        String id;
        try {
            id = PluginFiles.pluginId(file);
        } catch (RuntimeException e) {
            refuseFile(file, e);
            return;
        }
        PluginWrapper old = manager.getPlugin(id);
        Path replaced = old == null ? null : PluginFiles.sourceFile(old);
        if (old != null) unload(id, old, file, id);
        // the file held another plugin before: that one's code is being overwritten under it
        for (PluginWrapper other : List.copyOf(manager.getPlugins())) {
            if (PluginFiles.sourceFile(other).equals(file)) unload(other.getPluginId(), other, file, id);
        }
        refused.remove(id);
        refused.remove(file.getFileName().toString());
        PluginFiles.dropExpansion(file);
        try {
            String loaded = manager.loadPlugin(file);
            log.info(
                    "plugin file {} loaded as {} {}",
                    file,
                    loaded,
                    manager.getPlugin(loaded).getDescriptor().getVersion());
            if (replaced != null) setAside(id, replaced, file);
            startOne(manager.getPlugin(loaded), false);
        } catch (RuntimeException e) {
            refuseFile(file, e);
            // the build it replaced is unloaded already: that plugin is out of service now
            if (old != null)
                rt.alerts()
                        .failed(
                                id,
                                "its new build " + file.getFileName() + " could not be loaded: "
                                        + RunningPlugin.describe(e));
        }
    }

    /** Stops and unloads the running build of {@code id} for the one in {@code file}, which holds {@code newId}. */
    private void unload(String id, PluginWrapper old, Path file, String newId) {
        Path oldFile = PluginFiles.sourceFile(old);
        if (!id.equals(newId)) {
            log.info("plugin file {} now holds another plugin: unloading {}, which it held", file, id);
            rt.alerts()
                    .uninstalled(
                            id,
                            "plugin " + id + " was unloaded: its file " + file.getFileName() + " now holds plugin "
                                    + newId);
        } else {
            log.info(
                    "plugin file {} holds a new build of {} (running {} from {}): replacing it",
                    file,
                    id,
                    old.getDescriptor().getVersion(),
                    oldFile);
        }
        RunningPlugin p = plugins.remove(id);
        if (p != null) p.stop("stopped");
        String stuck = rt.stuck().await(id, STOP_GRACE);
        if (stuck != null) {
            // Java cannot stop a thread that ignores interrupts; the new build runs on threads of its own
            log.warn(
                    "plugin {}: its replaced build still runs ({}); relay_plugin_stuck_threads counts it until the"
                            + " relay restarts",
                    id,
                    stuck);
        }
        manager.unloadPlugin(id);
    }

    /** A build that loaded moves the one it replaced out of the way (only then: a broken one leaves it there). */
    private void setAside(String id, Path oldFile, Path file) {
        if (!oldFile.equals(file) && !oldFile.getParent().equals(file.getParent())) {
            log.warn(
                    "plugin {}: the replaced build {} stays where it is (another plugin folder); the relay runs the"
                            + " new one until it restarts, and loads the first one it finds after. Remove one of them",
                    id,
                    oldFile);
        } else if (!oldFile.equals(file)) {
            Path aside = PluginFiles.setAside(oldFile);
            if (aside != null) log.info("plugin {}: the replaced build {} was moved to {}", id, oldFile, aside);
            else
                log.warn(
                        "plugin {}: cannot move the replaced build {} aside; remove it, or the next start-up finds"
                                + " two plugins {}",
                        id,
                        oldFile,
                        id);
        }
    }

    private void refuseFile(Path file, RuntimeException e) {
        String name = file.getFileName().toString();
        String why = "cannot load " + file + ": " + RunningPlugin.describe(e);
        refused.put(name, why);
        countersOf(name).errors.incrementAndGet();
        log.error("cannot load plugin file {}: {}", file, LogText.quote(RunningPlugin.describe(e)));
        rt.alerts().failed(name, why);
    }

    private PluginCounters countersOf(String id) {
        return counters.computeIfAbsent(id, k -> {
            addedListeners.forEach(l -> l.accept(k));
            return new PluginCounters();
        });
    }

    /** Called once for each plugin id the host sees, so metrics can be registered for it. */
    void onPluginAdded(Consumer<String> listener) {
        addedListeners.add(listener);
    }

    /** A counter of one plugin, for the metrics. */
    long count(String id, ToLongFunction<PluginCounters> which) {
        PluginCounters c = counters.get(id);
        return c == null ? 0 : which.applyAsLong(c);
    }

    /** Threads of stopped instances of the plugin still running a task (relay_plugin_stuck_threads). */
    int stuckThreads(String id) {
        return rt.stuck().count(id);
    }

    boolean running(String id) {
        RunningPlugin p = plugins.get(id);
        return p != null && "started".equals(p.state());
    }

    /**
     * Stops and starts one plugin again (admin). Empty when there is no such plugin.
     *
     * @throws PluginBusyException when a thread of the plugin (this instance's or an earlier one's) does not end
     *                             within {@link #STOP_GRACE} of its interrupt: starting another would leave one
     *                             more running; the plugin is failed, and says why
     */
    public synchronized Optional<PluginStatus> restart(String id) {
        RunningPlugin p = plugins.get(id);
        if (p == null) return Optional.empty();
        p.stop("stopped");
        String stuck = rt.stuck().await(id, STOP_GRACE);
        if (stuck != null) {
            String why = "not restarted: a thread of an earlier start still runs and ignores interrupts (" + stuck
                    + "); restarting would add one more. Restart the relay, or drop a fixed build into plugins.dir";
            p.fail(why, null);
            throw new PluginBusyException("plugin " + id + " " + why);
        }
        manager.stopPlugin(id);
        plugins.remove(id);
        startOne(manager.getPlugin(id), false);
        return Optional.of(plugins.get(id).status());
    }

    public List<PluginStatus> statuses() {
        List<PluginStatus> out = new ArrayList<>();
        plugins.values().forEach(p -> out.add(p.status()));
        refused.forEach((id, why) -> out.add(new PluginStatus(
                id,
                null,
                null,
                null,
                null,
                "refused",
                why,
                null,
                count(id, c -> c.errors.get()),
                0,
                0,
                Map.of(),
                List.of(),
                List.of())));
        out.sort(Comparator.comparing(PluginStatus::id));
        return out;
    }

    /**
     * A webhook format that hung: its plugin is failed, as a source's blocked task fails it; a restart brings it
     * back.
     */
    public void formatFailed(WebhookFormat format, String why) {
        plugins.values().stream()
                .filter(p -> p.formats().contains(format))
                .findFirst()
                .ifPresent(p -> p.fail(why, null));
    }

    /** The webhook format of that name from a started plugin. */
    public Optional<WebhookFormat> format(String name) {
        return plugins.values().stream()
                .filter(p -> "started".equals(p.state()))
                .flatMap(p -> p.formats().stream())
                .filter(f -> f.name().equals(name))
                .findFirst();
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
