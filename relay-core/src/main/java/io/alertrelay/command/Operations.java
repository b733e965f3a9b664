package io.alertrelay.command;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.alert.Silence;
import io.alertrelay.alert.SilenceRequest;
import io.alertrelay.auth.Principal;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryEntry;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.plugin.PluginStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Carries out decoded commands for an authenticated caller, through the pipeline's, the history's and the plugin
 * host's public methods. The front doors (REST, WebSocket) decode with {@link #decoder()}, call one method here, and
 * answer its result or its exception as {@link Failure} says. Authorisation is checked by each front door before
 * decoding ({@link Action#authorise}), so a refused caller costs no parsing.
 */
public final class Operations {

    /** A query's filter gets this many times {@code limits.filterBudget}: it holds a worker, not the lock. */
    public static final int QUERY_BUDGET_FACTOR = 20;

    public static final int DEFAULT_HISTORY_LIMIT = 100;

    /**
     * The one receiver the relay has, as Alertmanager's API names it: every alert goes to the wall and its clients,
     * never to notification routes.
     */
    public static final String RECEIVER = "alert-relay";

    private final AlertPipeline pipeline;
    private final Duration ackExpiry;
    private final HistoryRecorder history;
    private final PluginHost plugins;
    private final LimitsConfig limits;
    private final Decoder decoder;

    public Operations(AlertPipeline pipeline, HistoryRecorder history, PluginHost plugins, LimitsConfig limits) {
        this(pipeline, history, plugins, limits, null);
    }

    /** @param ackExpiry {@code alerts.ackExpiry}: how long an ack lasts when it does not say; null for ever */
    public Operations(
            AlertPipeline pipeline,
            HistoryRecorder history,
            PluginHost plugins,
            LimitsConfig limits,
            Duration ackExpiry) {
        this.ackExpiry = ackExpiry;
        this.pipeline = pipeline;
        this.history = history;
        this.plugins = plugins;
        this.limits = limits;
        this.decoder = new Decoder(limits);
    }

    public Decoder decoder() {
        return decoder;
    }

    public AlertPipeline pipeline() {
        return pipeline;
    }

    public Alert ack(Principal who, Command.Ack c) {
        Duration lasts = c.expiresIn() == null ? ackExpiry : c.expiresIn();
        if (Command.Ack.NEVER.equals(lasts)) lasts = null;
        return pipeline.ack(c.fingerprint(), who.name(), c.person(), c.comment(), lasts);
    }

    public Alert unack(Command.Unack c) {
        return pipeline.unack(c.fingerprint());
    }

    public Silence createSilence(Principal who, Command.CreateSilence c) {
        return pipeline.createSilence(new SilenceRequest(
                c.matchers(), c.startsAt(), c.endsAt(), creator(who, c.createdBy()), c.person(), c.comment()));
    }

    /**
     * The silence that holds now: the same id, or a new one when the change needs one ({@link Command.UpdateSilence}).
     */
    public Silence updateSilence(Principal who, Command.UpdateSilence c) {
        return pipeline.updateSilence(
                c.id(),
                new SilenceRequest(
                        c.matchers(), c.startsAt(), c.endsAt(), creator(who, c.createdBy()), c.person(), c.comment()));
    }

    /** The creator a silence records: the one the request names, else the acting token's name. */
    private static String creator(Principal who, String createdBy) {
        return createdBy != null ? createdBy : who.name();
    }

    public Silence expireSilence(Command.ExpireSilence c) {
        return pipeline.expireSilence(c.id());
    }

    /** Newest first; filtered after the pipeline's lock is released, within the query budget. */
    public List<Alert> alerts(Command.ListAlerts q) {
        List<Alert> all = pipeline.alerts();
        MatchDeadline deadline = MatchDeadline.after(queryBudget());
        List<Alert> out = new ArrayList<>();
        try {
            for (Alert a : all) {
                boolean status = q.status() == null || a.status().name().equalsIgnoreCase(q.status());
                if (status && q.filter().matches(a, deadline)) out.add(a);
            }
        } catch (MatchDeadline.Exceeded e) {
            throw overBudget(all.size());
        }
        out.sort(Comparator.comparing(Alert::startsAt).reversed().thenComparing(Alert::fingerprint));
        return out;
    }

    /**
     * Alertmanager's view of the alerts: firing ones only, through the query's filter and its suppression flags,
     * ordered by fingerprint as Alertmanager orders them.
     */
    public List<Alert> alerts(Command.ListAmAlerts q) {
        if (q.receiver() != null && !q.receiver().matches(RECEIVER)) return List.of();
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts(new Command.ListAlerts(q.filter(), "firing"))) {
            boolean silenced = !a.silencedBy().isEmpty();
            boolean inhibited = !a.inhibitedBy().isEmpty();
            if (!q.active() && !silenced && !inhibited) continue;
            if (!q.silenced() && silenced) continue;
            if (!q.inhibited() && inhibited) continue;
            out.add(a);
        }
        out.sort(Comparator.comparing(Alert::fingerprint));
        return out;
    }

    /** Silences that have every matcher of {@code q} among their own (Alertmanager's silence filter). */
    public List<Silence> silences(Command.ListSilences q) {
        return silences().stream()
                .filter(s -> s.matchers().containsAll(q.having()))
                .toList();
    }

    /** The silence with that id, while the relay holds it (expired ones until their retention ends). */
    public Optional<Silence> silence(String id) {
        return pipeline.silence(id);
    }

    public List<Silence> silences() {
        return pipeline.silences().stream()
                .sorted(Comparator.comparing(Silence::startsAt))
                .toList();
    }

    public int historyCapacity() {
        return history.capacity();
    }

    public List<HistoryEntry> history(Command.QueryHistory q) {
        try {
            return history.recent(q.limit(), q.filter(), MatchDeadline.after(queryBudget()));
        } catch (MatchDeadline.Exceeded e) {
            throw overBudget(history.capacity());
        }
    }

    public List<PluginStatus> plugins() {
        return plugins.statuses();
    }

    /** @throws io.alertrelay.plugin.PluginBusyException while a thread of its earlier start still runs */
    public PluginStatus restartPlugin(Command.RestartPlugin c) {
        return plugins.restart(c.id()).orElseThrow(() -> new NoSuchPluginException(c.id()));
    }

    private Duration queryBudget() {
        return limits.filterBudget().multipliedBy(QUERY_BUDGET_FACTOR);
    }

    private BadRequest overBudget(int looked) {
        MatchDeadline.countOverBudget();
        return new BadRequest(
                "bad-filter",
                "the filter's regexes took more than " + queryBudget().toMillis()
                        + " ms (" + QUERY_BUDGET_FACTOR + " x limits.filterBudget) over " + looked
                        + " alerts: use fewer or simpler regexes");
    }
}
