package io.alertrelay.plugin.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Parses one kind of webhook body (Alertmanager's, Grafana's, a generic JSON mapping) into alerts. The relay
 * owns the HTTP side: the route {@code /hooks/{name}}, body limits, token and signature checks, rate limits.
 * A hook in the config names its format by {@link #name()}.
 */
public interface WebhookFormat extends ExtensionPoint {

    /** The name hooks use in {@code format:}, e.g. {@code alertmanager}. */
    String name();

    /**
     * Turns one body into alerts.
     *
     * @param body       the raw request body (already within the size limit)
     * @param hookConfig the hook's own config entry (its mapping, options)
     * @throws WebhookFormatException when the body is not what this format expects; the message is sent
     *                                back to the sender with a 400, so say what was wrong and where
     */
    List<AlertSignal> parse(byte[] body, PluginConfig hookConfig) throws WebhookFormatException;
}
