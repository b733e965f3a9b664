package io.alertrelay.http;

import io.alertrelay.alert.AlertValidation;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import io.alertrelay.webhook.FormatOptions;
import io.alertrelay.webhook.HookConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of a webhook delivery, on a worker thread, once its sender is authenticated: the hook's
 * {@link WebhookFormat} (from a plugin) turns the body into alerts, within a time bound and a few at a time per
 * format, and the pipeline stores them.
 */
final class HookIngest {

    private static final Logger log = LoggerFactory.getLogger(HookIngest.class);

    /** How long a format may take over one body before its plugin counts as blocked and is failed. */
    static final Duration PARSE_TIMEOUT = Duration.ofSeconds(10);
    /** Bodies one format may parse at once: a format that hangs ties up this many worker threads at most. */
    static final int PARSES_PER_FORMAT = 4;

    private final PluginHost plugins;
    private final AlertPipeline pipeline;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final Map<String, Semaphore> parsing = new ConcurrentHashMap<>();
    // hook name -> the format instance its options were last found good by; a new build of the format checks again
    private final Map<String, WebhookFormat> optionsCheckedBy = new ConcurrentHashMap<>();
    private final ExecutorService parsers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hook-format");
        t.setDaemon(true);
        return t;
    });

    HookIngest(PluginHost plugins, AlertPipeline pipeline, RelayMetrics metrics, Clock clock) {
        this.plugins = plugins;
        this.clock = clock;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /** Parses and stores a delivery whose signature checked out; true when it was stored and answered 200. */
    boolean ingest(HttpServerExchange exchange, String name, HookConfig hook, byte[] body) throws InterruptedException {
        Optional<WebhookFormat> format = plugins.format(hook.format());
        if (format.isEmpty()) {
            Json.error(
                    exchange,
                    503,
                    "format-unavailable",
                    "format " + hook.format() + " of hook " + name
                            + " is not available: no started plugin provides it (see GET /api/plugins)");
            return false;
        }
        if (optionsCheckedBy.get(name) != format.get()) {
            String problem = FormatOptions.problem(format.get(), hook);
            if (problem != null) {
                Json.error(
                        exchange,
                        503,
                        "hook-config",
                        "hook " + name + " cannot take deliveries: " + problem
                                + "; fix its options and restart the relay, or install a build of the format that"
                                + " accepts them");
                return false;
            }
            optionsCheckedBy.put(name, format.get());
        }
        Semaphore slots = parsing.computeIfAbsent(hook.format(), k -> new Semaphore(PARSES_PER_FORMAT));
        if (!slots.tryAcquire()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            Json.error(
                    exchange,
                    503,
                    "format-busy",
                    "format " + hook.format() + " is still busy with " + PARSES_PER_FORMAT
                            + " earlier deliveries; retry later");
            return false;
        }
        List<AlertSignal> signals;
        try {
            signals = parseWithin(
                    format.get(), new WebhookDelivery(name, body, hook.formatOptions(), hook.entry(), clock));
        } catch (TimeoutException e) {
            String why = "webhook format " + hook.format() + " did not return within " + PARSE_TIMEOUT.toSeconds()
                    + " s: the plugin looks blocked";
            plugins.formatFailed(format.get(), why);
            Json.error(exchange, 503, "format-failed", why + "; it is marked failed (see GET /api/plugins)");
            return false;
        } catch (WebhookFormatException e) {
            Json.error(exchange, 400, "bad-payload", e.getMessage() + "; nothing in this request was stored");
            return false;
        } catch (PluginConfigException e) {
            Json.error(exchange, 500, "hook-config", "hook " + name + " is misconfigured: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.warn("format {} failed on a body for hook {}", hook.format(), name, e);
            Json.error(
                    exchange,
                    500,
                    "format-failed",
                    "format " + hook.format() + " failed: "
                            + e.getClass().getSimpleName()
                            + "; the relay logged the details");
            return false;
        } finally {
            slots.release();
        }
        List<PostableAlert> alerts = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            AlertSignal s = signals.get(i);
            PostableAlert a =
                    new PostableAlert(s.labels(), s.annotations(), s.startsAt(), s.endsAt(), null, s.anySeverity());
            Optional<String> problem = AlertValidation.problem(a);
            if (problem.isPresent()) {
                Json.error(
                        exchange,
                        400,
                        "bad-alert",
                        "alert " + i + " " + problem.get() + "; nothing in this request was stored");
                return false;
            }
            alerts.add(a);
        }
        metrics.alertsIngested("hook:" + name, alerts.size());
        int changed = pipeline.ingest(alerts, "hook:" + name);
        Json.send(
                exchange,
                200,
                ("{\"accepted\":" + alerts.size() + ",\"changed\":" + changed + "}").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /**
     * Parses on a thread of its own, waiting at most {@link #PARSE_TIMEOUT}: a format that hangs holds one of a few
     * slots, never all of the relay's worker threads. On a timeout the parse is interrupted.
     */
    private List<AlertSignal> parseWithin(WebhookFormat format, WebhookDelivery delivery)
            throws WebhookFormatException, TimeoutException, InterruptedException {
        Future<List<AlertSignal>> parsed = parsers.submit(() -> parse(format, delivery));
        try {
            return parsed.get(PARSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            parsed.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof WebhookFormatException w) throw w;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error err) throw err;
            throw new IllegalStateException(t);
        }
    }

    private static List<AlertSignal> parse(WebhookFormat format, WebhookDelivery delivery)
            throws WebhookFormatException {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(format.getClass().getClassLoader());
        try {
            return format.parse(delivery);
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
