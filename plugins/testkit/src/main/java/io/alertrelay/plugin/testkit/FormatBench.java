package io.alertrelay.plugin.testkit;

import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Runs a webhook format as the relay does, without a relay: the hook's options are checked with
 * {@link WebhookFormat#validate} (as at the relay's start-up), then each body is parsed as a {@link WebhookDelivery}
 * on a clock you choose.
 *
 * <pre>{@code
 * FormatBench bench = FormatBench.of(new KumaFormat(), Map.of("severity", "critical"));
 * List<AlertSignal> alerts = bench.parse("{\"monitor\":{\"name\":\"shop\"},\"heartbeat\":{\"status\":0}}");
 * }</pre>
 */
public final class FormatBench {

    private final WebhookFormat format;
    private final PluginConfig options;
    private Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private FormatBench(WebhookFormat format, PluginConfig options) {
        this.format = format;
        this.options = options;
    }

    /**
     * @param options the hook's {@code options}, as maps, lists, strings, numbers and booleans
     * @throws io.alertrelay.plugin.api.PluginConfigException when the format refuses them, as the relay would
     *                                                         refuse to start
     */
    public static FormatBench of(WebhookFormat format, Map<String, ?> options) {
        PluginConfig o = new PluginConfig("plugins.webhooks.hooks[0].options", options);
        format.validate(o);
        return new FormatBench(format, o);
    }

    /** The clock deliveries are received on (default: fixed at 2026-01-01T00:00:00Z). */
    public FormatBench clock(Clock c) {
        this.clock = c;
        return this;
    }

    public List<AlertSignal> parse(String body) throws WebhookFormatException {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    public List<AlertSignal> parse(byte[] body) throws WebhookFormatException {
        return format.parse(new WebhookDelivery("test", body, options, options, clock));
    }

    /** When a delivery parsed now would be received. */
    public Instant now() {
        return clock.instant();
    }
}
