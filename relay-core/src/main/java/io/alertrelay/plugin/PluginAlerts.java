package io.alertrelay.plugin;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.alert.Stale;
import io.alertrelay.pipeline.AlertPipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the wall learns about the plugins themselves. A plugin that failed (or was refused) raises
 * {@value #FAILED}{plugin, instance, severity=warning} and its firing alerts are marked stale; a problem a running
 * plugin reports through its health (a log file it cannot read) raises {@value #PROBLEM} and marks stale the
 * plugin's alerts that carry the problem's key as a label value (the file's path). Both resolve, and the marks come
 * off, when the plugin runs again or the problem is gone; the stale alerts of a plugin that does not come back are
 * resolved by the alert state after {@code plugins.staleResolveAfter}.
 *
 * <p>Thread-safe: called from any thread. What should be firing is kept here (under this object's lock); every
 * write to the alerts runs on the signal dispatcher's thread, after the signals the plugin queued before it, so a
 * plugin's last samples cannot land after (and so undo) the stale mark its failure sets. A write the store refused
 * (or a full queue) is tried again at the next {@link #refresh}. The relay's own alerts carry {@code instance} (this
 * node's host name), so in a cluster each node raises and resolves only its own.
 */
final class PluginAlerts {

    static final String FAILED = "RelayPluginFailed";
    static final String PROBLEM = "RelayPluginProblem";
    /** The {@code source} of the relay's own alerts. */
    static final String SOURCE = "relay";
    /** The same severity as the Prometheus rule of the same name (deploy/prometheus): a blind spot, not an outage. */
    static final String SEVERITY = "warning";
    /** A firing relay alert is pushed with this end and pushed again well before it: no timeout resolves it. */
    private static final Duration HOLD = Duration.ofMinutes(10);

    private static final Duration RESEND_EVERY = Duration.ofMinutes(1);
    /** Writes kept for the next refresh while the store is down; past this, the oldest are dropped. */
    private static final int MAX_RETRY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PluginAlerts.class);

    private record Failure(String reason, Instant since) {}

    private final AlertPipeline pipeline;
    private final SignalDispatcher dispatcher;
    private final String instance;
    private final Clock clock;
    // what should be firing now; guarded by this
    private final Map<String, Failure> failed = new TreeMap<>();
    private final Map<String, Map<String, String>> problems = new TreeMap<>();
    private final List<Runnable> retry = new ArrayList<>();
    private Instant lastResend = Instant.MIN;

    PluginAlerts(AlertPipeline pipeline, SignalDispatcher dispatcher, String instance, Clock clock) {
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.instance = instance;
        this.clock = clock;
    }

    /** The plugin is out of service ({@code reason} may quote its exception; it is cleaned and cut here). */
    synchronized void failed(String pluginId, String reason) {
        Instant now = clock.instant();
        Failure f = new Failure(Stale.clean(reason), now);
        failed.put(pluginId, f);
        Map<String, String> gone = problems.remove(pluginId);
        run(() -> {
            raiseFailed(pluginId, f);
            if (gone != null) gone.keySet().forEach(key -> resolve(problemLabels(pluginId, key)));
            pipeline.markStale(pluginId, null, new Stale(now, "plugin " + pluginId + " failed: " + f.reason()));
        });
    }

    /** The plugin is gone (its file now holds another): it is not failed, but its alerts have no source now. */
    synchronized void uninstalled(String pluginId, String reason) {
        failed.remove(pluginId);
        Map<String, String> gone = problems.remove(pluginId);
        Instant now = clock.instant();
        run(() -> {
            resolve(failedLabels(pluginId));
            if (gone != null) gone.keySet().forEach(key -> resolve(problemLabels(pluginId, key)));
            pipeline.markStale(pluginId, null, new Stale(now, reason));
        });
    }

    /** A new instance of the plugin is starting: what the last one reported no longer holds. */
    synchronized void starting(String pluginId) {
        Map<String, String> gone = problems.remove(pluginId);
        if (gone != null) run(() -> gone.keySet().forEach(key -> resolve(problemLabels(pluginId, key))));
    }

    /** The plugin started: its failure resolves and its alerts are no longer stale (but for its problems). */
    synchronized void running(String pluginId) {
        failed.remove(pluginId);
        run(() -> {
            resolve(failedLabels(pluginId));
            pipeline.clearStale(pluginId, null);
            // problems it reported while starting (a missing file) still hold
            problemsOf(pluginId).forEach((key, message) -> pipeline.markStale(pluginId, key, problemStale(message)));
        });
    }

    /** The running plugin cannot do part of its work: {@code key} names it (a file's path), {@code message} why. */
    synchronized void problem(String pluginId, String key, String message) {
        String clean = Stale.clean(message);
        problems.computeIfAbsent(pluginId, k -> new TreeMap<>()).put(key, clean);
        run(() -> {
            raiseProblem(pluginId, key, clean);
            pipeline.markStale(pluginId, key, problemStale(clean));
        });
    }

    synchronized void problemResolved(String pluginId, String key) {
        Map<String, String> of = problems.get(pluginId);
        if (of == null || of.remove(key) == null) return;
        run(() -> {
            resolve(problemLabels(pluginId, key));
            pipeline.clearStale(pluginId, key);
        });
    }

    /**
     * After start-up: resolves what an earlier run of this node raised and no longer holds, and marks stale the
     * alerts of plugins that are not installed any more (nothing would ever clear them).
     *
     * @param known every plugin id the host loaded or refused
     */
    synchronized void startedUp(Set<String> known) {
        run(() -> {
            Instant now = clock.instant();
            for (Alert a : pipeline.alerts()) {
                if (!a.firing()) continue;
                if (SOURCE.equals(a.source()) && instance.equals(a.labels().get("instance")) && !wanted(a)) {
                    resolve(a.labels());
                } else if (pluginLike(a.source()) && !known.contains(a.source()) && a.stale() == null) {
                    pipeline.markStale(
                            a.source(),
                            null,
                            new Stale(
                                    now,
                                    "plugin " + a.source() + " is not installed:"
                                            + " no plugin of that id was found in the plugin folders at start-up"));
                }
            }
        });
    }

    /** From the host's housekeeping: writes that did not go through are tried again; firing ones pushed again. */
    void refresh() {
        List<Runnable> again;
        Instant now = clock.instant();
        synchronized (this) {
            again = new ArrayList<>(retry);
            retry.clear();
            if (now.isAfter(lastResend.plus(RESEND_EVERY))) {
                lastResend = now;
                Map<String, Failure> f = new LinkedHashMap<>(failed);
                Map<String, Map<String, String>> p = new LinkedHashMap<>();
                problems.forEach((id, of) -> p.put(id, new TreeMap<>(of)));
                again.add(() -> {
                    f.forEach(this::raiseFailed);
                    p.forEach((id, of) -> of.forEach((key, message) -> raiseProblem(id, key, message)));
                });
            }
        }
        again.forEach(this::run);
    }

    private synchronized boolean wanted(Alert a) {
        String plugin = a.labels().get("plugin");
        if (FAILED.equals(a.labels().get("alertname"))) return failed.containsKey(plugin);
        if (PROBLEM.equals(a.labels().get("alertname"))) {
            // the label holds the key as cleaned for a label value
            String key = a.labels().get("problem");
            return problemsOf(plugin).keySet().stream()
                    .anyMatch(k -> Stale.clean(k, 200).equals(key));
        }
        return true; // not one of ours to judge
    }

    private synchronized Map<String, String> problemsOf(String pluginId) {
        return new TreeMap<>(problems.getOrDefault(pluginId, Map.of()));
    }

    /** Plugin ids: not {@code api:...} or {@code hook:...} (pushed from outside), not the relay's own. */
    private static boolean pluginLike(String source) {
        return source != null && !source.contains(":") && !SOURCE.equals(source);
    }

    /** Runs {@code op} on the dispatcher's thread after what is queued; keeps it for the next refresh if it fails. */
    private void run(Runnable op) {
        Runnable guarded = () -> {
            try {
                op.run();
            } catch (RuntimeException e) {
                log.debug("plugin alert not written, trying again at the next housekeeping: {}", e.toString());
                keep(op);
            }
        };
        if (!dispatcher.afterQueued(guarded)) keep(op);
    }

    private synchronized void keep(Runnable op) {
        if (retry.size() >= MAX_RETRY) {
            retry.remove(0);
            log.warn("more than {} plugin alert writes wait for the store; dropping the oldest", MAX_RETRY);
        }
        retry.add(op);
    }

    private void raiseFailed(String pluginId, Failure f) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Plugin " + shown(pluginId) + " failed: " + f.reason());
        annotations.put(
                "description",
                "Its alerts are shown stale and resolve after plugins.staleResolveAfter"
                        + " unless it runs again. Fix the cause, then POST /api/plugins/" + shown(pluginId) + "/restart"
                        + " (admin), or drop a fixed build into plugins.dir; GET /api/plugins has the details.");
        push(failedLabels(pluginId), annotations, f.since());
    }

    private void raiseProblem(String pluginId, String key, String message) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Plugin " + shown(pluginId) + ": " + message);
        annotations.put(
                "description",
                "The plugin runs but cannot do this part of its work; its alerts that carry " + Stale.clean(key, 200)
                        + " are shown stale until it can. GET /api/plugins lists its problems.");
        push(problemLabels(pluginId, key), annotations, null);
    }

    private void push(Map<String, String> labels, Map<String, String> annotations, Instant since) {
        Instant now = clock.instant();
        pipeline.ingest(List.of(new PostableAlert(labels, annotations, since, now.plus(HOLD), null)), SOURCE);
    }

    private void resolve(Map<String, String> labels) {
        Instant now = clock.instant();
        // ignored when it is not firing; a resolve that carries annotations replaces the firing text, and
        // resolved_reason tells the wall this is resolved text, not the firing sentence kept
        boolean problem = labels.containsKey("problem");
        String summary = "Plugin " + labels.get("plugin") + (problem ? ": the problem is gone" : " runs again");
        String reason = problem
                ? "the plugin reported the problem gone"
                : "the plugin started again (a restart, a new build or a relay restart)";
        pipeline.ingest(
                List.of(new PostableAlert(
                        labels, Map.of("summary", summary, "resolved_reason", reason), null, now, null)),
                SOURCE);
    }

    private Map<String, String> failedLabels(String pluginId) {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", FAILED);
        labels.put("plugin", shown(pluginId));
        labels.put("instance", instance);
        labels.put("severity", SEVERITY);
        return labels;
    }

    private Map<String, String> problemLabels(String pluginId, String key) {
        Map<String, String> labels = failedLabels(pluginId);
        labels.put("alertname", PROBLEM);
        labels.put("problem", Stale.clean(key, 200));
        return labels;
    }

    /** A plugin id (or a refused file's name) as a label value: valid Unicode, one line, not too long. */
    private static String shown(String pluginId) {
        return Stale.clean(pluginId, 200);
    }

    private Stale problemStale(String message) {
        return new Stale(clock.instant(), message);
    }
}
