package io.alertrelay.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.auth.Role;
import io.alertrelay.pipeline.PipelineLock;
import io.alertrelay.pipeline.PipelineStats;
import io.alertrelay.store.StoreHealth;
import io.alertrelay.wire.CloseCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every metric the relay exports, in one place so docs/metrics stay in step with the code.
 * Names are dotted in code; the Prometheus registry turns {@code relay.frames.sent} into
 * {@code relay_frames_sent_total}. Tags are of small cardinality: role, reason, outcome, source, code.
 */
public final class RelayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Role, AtomicInteger> sessions = new EnumMap<>(Role.class);
    private final AtomicInteger pendingSessions = new AtomicInteger();
    private final Counter framesSent;
    private final Counter bytesSent;
    private final Counter slowConsumerCloses;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> httpRejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> ingested = new ConcurrentHashMap<>();
    private final Map<String, Counter> resumes = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    /** One gauge per (state, severity) seen so far; a row that empties stays, at 0. */
    private final Map<Tags, AtomicInteger> alertRows = new ConcurrentHashMap<>();

    public RelayMetrics() {
        // Micrometer's process.cpu.time is in nanoseconds, which promtool rejects (abbreviated unit in the
        // name); export the Prometheus-conventional process_cpu_seconds_total instead
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        // system_cpu_count trips promtool's "_count suffix is for histograms" lint
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time used by the relay process")
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        for (Role r : Role.values()) {
            AtomicInteger n = new AtomicInteger();
            sessions.put(r, n);
            Gauge.builder("relay.sessions", n, AtomicInteger::get)
                    .tag("role", r.wireName())
                    .description("Open WebSocket sessions that have authenticated, by role")
                    .register(registry);
        }
        Gauge.builder("relay.sessions", pendingSessions, AtomicInteger::get)
                .tag("role", "unauthenticated")
                .description("Open WebSocket sessions that have authenticated, by role")
                .register(registry);
        framesSent = Counter.builder("relay.frames.sent")
                .description("WebSocket text frames written to clients")
                .register(registry);
        bytesSent = Counter.builder("relay.sent")
                .baseUnit("bytes")
                .description("Payload bytes of WebSocket frames written to clients")
                .register(registry);
        slowConsumerCloses = Counter.builder("relay.slow.consumer.closes")
                .description("Sessions closed with 1013 because their send queue overflowed")
                .register(registry);
        FunctionCounter.builder("relay.matcher.budget.exceeded", this, m -> MatchDeadline.overBudget())
                .description("Filters whose regexes did not fit in limits.filterBudget: a session dropped (1008),"
                        + " a subscribe or a query refused")
                .register(registry);
        // register the known series up front, so rate() and alert rules see 0 instead of nothing
        REJECT_REASONS.forEach(r -> frameRejected(r, 0));
        HTTP_REJECT_REASONS.forEach(r -> httpRejected(r, 0));
        List.of("snapshot", "replayed", "reset").forEach(o -> resume(o, 0));
        CloseCodes.KNOWN.forEach(c -> closed(c, 0));
        closed(-1, 0); // the "other" row
        alertsIngested("api", 0);
    }

    /** Every reason {@link #frameRejected} is called with (docs/operations.md lists them). */
    public static final List<String> REJECT_REASONS = List.of(
            "malformed",
            "unknown-type",
            "binary",
            "invalid-utf8",
            "too-big",
            "rate-limited",
            "invalid",
            "forbidden",
            "not-found",
            "unauthorized",
            "unauthenticated",
            "auth-timeout",
            "origin",
            "heartbeat-missed",
            "max-connections",
            "max-connections-per-ip",
            "subscribe-rate",
            "unavailable",
            "message-timeout");

    /** Every reason {@link #httpRejected} is called with (docs/operations.md lists them). */
    public static final List<String> HTTP_REJECT_REASONS = List.of(
            "too-large",
            "request-timeout",
            "hook-rate-limited",
            "body-timeout",
            "too-many-bodies",
            "bodies-in-flight",
            "auth-failures");

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void sessionAuthenticated(Role role) {
        pendingSessions.decrementAndGet();
        sessions.get(role).incrementAndGet();
    }

    public void sessionOpened() {
        pendingSessions.incrementAndGet();
    }

    /** @param role null when the session closed before authenticating */
    public void sessionClosed(Role role, int code) {
        if (role == null) pendingSessions.decrementAndGet();
        else sessions.get(role).decrementAndGet();
        closed(code, 1);
    }

    private void closed(int code, int n) {
        counter(closes, "relay.sessions.closed", "code", closeCodeTag(code), "WebSocket sessions closed, by close code")
                .increment(n);
    }

    /** A client may close with any code it likes: keep the tag to the protocol's codes (CloseCodes) and other. */
    static String closeCodeTag(int code) {
        return CloseCodes.KNOWN.contains(code) ? Integer.toString(code) : "other";
    }

    public void frameSent(int bytes) {
        framesSent.increment();
        bytesSent.increment(bytes);
    }

    /** @param queuedBytes sums the send queues of all sessions; read at scrape time only */
    public void bindSendQueue(Supplier<Long> queuedBytes) {
        Gauge.builder("relay.send.queue", () -> queuedBytes.get())
                .baseUnit("bytes")
                .description("Bytes queued for sending across all sessions, not yet written to sockets")
                .register(registry);
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    /** @param reason one of {@link #REJECT_REASONS} */
    public void frameRejected(String reason) {
        frameRejected(reason, 1);
    }

    private void frameRejected(String reason, int n) {
        counter(
                        rejected,
                        "relay.frames.rejected",
                        "reason",
                        reason,
                        "Inbound frames, upgrades and sessions refused, by reason")
                .increment(n);
    }

    /**
     * An HTTP request refused by a limit before any handler ran or before its body was read: a body over
     * limits.maxWebhookBytes (413), a request head not complete within limits.requestHeaderTimeout (connection
     * cut), a webhook over its requestsPerSecond (429).
     */
    public void httpRejected(String reason) {
        httpRejected(reason, 1);
    }

    private void httpRejected(String reason, int n) {
        counter(httpRejected, "relay.http.rejected", "reason", reason, "HTTP requests refused by a limit, by reason")
                .increment(n);
    }

    public void alertsIngested(String source, int n) {
        counter(ingested, "relay.alerts.ingested", "source", source, "Alerts received from a source (before dedup)")
                .increment(n);
    }

    /** @param outcome replayed, reset, or snapshot (a first subscribe without resume) */
    public void resume(String outcome) {
        resume(outcome, 1);
    }

    private void resume(String outcome, int n) {
        counter(
                        resumes,
                        "relay.resumes",
                        "outcome",
                        outcome,
                        "Subscriptions started, by how the client was brought up to date")
                .increment(n);
    }

    /** Publishes the pipeline's journal and alert numbers as gauges. */
    public void bindPipeline(Supplier<PipelineStats> stats) {
        Gauge.builder("relay.journal.entries", () -> stats.get().journalEntries())
                .description("Changes held in the journal for resume")
                .register(registry);
        Gauge.builder("relay.journal.oldest.seq", () -> stats.get().journalOldestSeq())
                .description("Seq of the oldest change a client can still resume after, plus one")
                .register(registry);
        Gauge.builder("relay.journal.latest.seq", () -> stats.get().journalLatestSeq())
                .description("Seq of the newest change")
                .register(registry);
        Gauge.builder("relay.silences", () -> stats.get().silences())
                .description("Silences held (pending, active and recently expired)")
                .register(registry);
    }

    public void bindStore(StoreHealth health) {
        Gauge.builder("relay.store.writable", () -> health.problem() == null ? 1 : 0)
                .description("1 while the store takes writes, 0 while they fail (disk full, I/O error)")
                .register(registry);
        FunctionCounter.builder("relay.store.write.failures", health, StoreHealthCount::failed)
                .description("Changes the store could not commit; each was refused (HTTP 503), nothing was kept")
                .register(registry);
    }

    /**
     * The configured limits, exported so the shipped alert rules (deploy/prometheus/rules) compare against this
     * relay's own settings instead of hard-coding the defaults.
     */
    public void bindConfiguredLimits(int journalMaxEntries, long sendQueueBytes) {
        Gauge.builder("relay.journal.max.entries", () -> journalMaxEntries)
                .description("journal.maxEntries: changes the journal holds before the oldest are dropped")
                .register(registry);
        Gauge.builder("relay.send.queue.limit", () -> sendQueueBytes)
                .baseUnit("bytes")
                .description("limits.sendQueueBytes: bytes one session may have queued before it is closed with 1013")
                .register(registry);
    }

    private static final class StoreHealthCount {
        static double failed(StoreHealth h) {
            return h.failedWrites();
        }
    }

    /** Called after each tick: replaces the rows of relay_alerts. */
    /** relay_pipeline_lock_wait_seconds and relay_pipeline_lock_held_seconds: is the pipeline taking changes. */
    public void bindPipelineLock(PipelineLock lock) {
        Timer waits = Timer.builder("relay.pipeline.lock.wait")
                .description("How long each change (and each subscribe, tick, query) waited for the pipeline's lock")
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(10),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
        lock.onWait(nanos -> waits.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("relay.pipeline.lock.held", lock, l -> l.heldNanos() / 1e9)
                .baseUnit("seconds")
                .description("How long the pipeline's lock has been held by its current holder; 0 while free")
                .register(registry);
    }

    public void updateAlertCounts(PipelineStats stats) {
        Map<Tags, Integer> counts = new HashMap<>();
        for (String state : List.of("firing", "resolved")) {
            Map<String, Integer> bySeverity = stats.alertCounts().getOrDefault(state, Map.of());
            for (Map.Entry<String, Integer> e : bySeverity.entrySet()) {
                counts.merge(Tags.of("state", state, "severity", severityTag(e.getKey())), e.getValue(), Integer::sum);
            }
        }
        // each of the (at most 12: 2 states x 6 severity tags) rows is registered once and then only set:
        // replacing rows (MultiGauge overwrite) let a scrape taken meanwhile see one row twice and fail
        counts.forEach((tags, n) -> alertRows
                .computeIfAbsent(tags, t -> {
                    AtomicInteger value = new AtomicInteger();
                    Gauge.builder("relay.alerts", value, AtomicInteger::get)
                            .tags(t)
                            .description("Alerts held, by state (firing, resolved) and severity")
                            .strongReference(true)
                            .register(registry);
                    return value;
                })
                .set(n));
        alertRows.forEach((tags, n) -> {
            if (!counts.containsKey(tags)) n.set(0);
        });
    }

    /** Severity comes from a label anyone can set: keep the tag to a known, small set. */
    static String severityTag(String severity) {
        return switch (severity) {
            case "critical", "error", "warning", "info", "none" -> severity;
            default -> "other";
        };
    }

    private Counter counter(Map<String, Counter> cache, String name, String tag, String value, String description) {
        return cache.computeIfAbsent(
                value,
                v -> Counter.builder(name).tag(tag, v).description(description).register(registry));
    }
}
