package io.alertrelay.plugin.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Parses one kind of webhook body (Alertmanager's, Grafana's, Uptime Kuma's...) into alerts. The relay owns the
 * HTTP side: the route {@code /hooks/{name}}, body limits, token and signature checks, rate limits. A hook in the
 * config names its format by {@link #name()} and may give it {@code options}.
 *
 * <p>An alert's identity is its whole label set, {@code severity} included: a "resolved" signal must carry the
 * same labels as the firing one, or it resolves nothing (and a firing signal with other labels is another alert).
 * A firing signal without an end time stays firing until the same labels arrive with an end time, or until
 * {@code alerts.resolveTimeout} (5 minutes by default) passes without it being sent again; senders that only
 * report changes (down, later up) should set an end time far ahead, as {@link AlertSignal#firingUntilResolved}
 * does.
 *
 * <p>Threading: the relay calls {@code parse} for up to four deliveries at once, each on its own thread, with a
 * 10-second limit; keep no mutable state in the format (or guard it), and do no blocking I/O.
 */
public interface WebhookFormat extends ExtensionPoint {

    /** The name hooks use in {@code format:}, e.g. {@code alertmanager}. */
    String name();

    /**
     * Checks a hook's {@code options} when the relay starts (and when a new build of the plugin loads), so a wrong
     * option stops start-up with its key path instead of failing the first delivery. Since API 1.2.
     *
     * @throws PluginConfigException naming the option ({@code options.path()} + key) and the fix
     */
    default void validate(PluginConfig options) {}

    /**
     * Turns one delivery into alerts: the method the relay calls. Since API 1.2; the default calls the API 1.0
     * method {@link #parse(byte[], PluginConfig)} with the hook's whole config entry.
     *
     * @throws WebhookFormatException when the body is not what this format expects; the message is sent back to
     *                                the sender with a 400, so say what was wrong and where
     */
    default List<AlertSignal> parse(WebhookDelivery delivery) throws WebhookFormatException {
        return parse(delivery.body(), delivery.hookConfig());
    }

    /**
     * API 1.0's way to parse, kept for formats built against it: implement {@link #parse(WebhookDelivery)}
     * instead, which gives the options, the relay's clock and a JSON reader.
     *
     * @param body       the raw request body (already within the size limit)
     * @param hookConfig the hook's whole config entry
     */
    default List<AlertSignal> parse(byte[] body, PluginConfig hookConfig) throws WebhookFormatException {
        throw new UnsupportedOperationException(
                "format " + name() + " implements neither parse(WebhookDelivery) nor parse(byte[], PluginConfig)");
    }
}
