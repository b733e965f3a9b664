package io.alertrelay.plugins.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code alerts} array that Alertmanager's webhook (v4) and Grafana's both send. A firing alert's end is
 * Go's zero time ({@code 0001-01-01T00:00:00Z}): still firing. These senders repeat a firing alert only every
 * {@code repeat_interval} (hours), so a firing alert is kept for the hook's {@code options.firingTimeout}
 * (default 24h) unless a resolved notification ends it first.
 */
final class AlertmanagerStyle {

    private AlertmanagerStyle() {}

    static final Duration DEFAULT_FIRING_TIMEOUT = Duration.ofHours(24);

    /** The options both formats take: {@code firingTimeout}, a duration. */
    static void validate(PluginConfig options) {
        for (String k : options.keys()) {
            if (!k.equals("firingTimeout"))
                throw new PluginConfigException(options.path() + "." + k + ": unknown option; this format takes"
                        + " firingTimeout (how long a firing alert lasts without news, default 24h)");
        }
        options.duration("firingTimeout", DEFAULT_FIRING_TIMEOUT);
    }

    static List<AlertSignal> parse(
            JsonNode root,
            PluginConfig options,
            Instant now,
            BiConsumer<JsonNode, Map<String, String>> extraAnnotations)
            throws WebhookFormatException {
        JsonNode alerts = root.path("alerts");
        if (!alerts.isArray()) throw new WebhookFormatException("\"alerts\" must be an array");
        Duration firingTimeout = options.duration("firingTimeout", DEFAULT_FIRING_TIMEOUT);
        List<AlertSignal> out = new ArrayList<>(alerts.size());
        int i = 0;
        for (JsonNode a : alerts) {
            String where = "alerts[" + i++ + "]";
            if (!a.isObject()) throw new WebhookFormatException(where + " must be an object");
            Map<String, String> labels = JsonBodies.strings(a.path("labels"), where + ".labels");
            if (labels.isEmpty()) throw new WebhookFormatException(where + ".labels is missing or empty");
            Map<String, String> annotations = JsonBodies.strings(a.path("annotations"), where + ".annotations");
            String url = a.path("generatorURL").asText("");
            if (!url.isEmpty()) annotations.putIfAbsent("generator_url", url);
            extraAnnotations.accept(a, annotations);
            Instant startsAt = JsonBodies.time(a.path("startsAt"), where + ".startsAt");
            Instant endsAt = JsonBodies.time(a.path("endsAt"), where + ".endsAt");
            String status = a.path("status").asText(root.path("status").asText("firing"));
            if (status.equals("resolved")) {
                if (endsAt == null || endsAt.isAfter(now)) endsAt = now;
            } else if (status.equals("firing")) {
                endsAt = now.plus(firingTimeout);
            } else {
                throw new WebhookFormatException(where + ".status is \"" + status + "\"; expected firing or resolved");
            }
            out.add(new AlertSignal(labels, annotations, startsAt, endsAt));
        }
        return out;
    }
}
