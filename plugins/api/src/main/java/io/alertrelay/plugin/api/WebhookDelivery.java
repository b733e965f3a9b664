package io.alertrelay.plugin.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook delivery, as a format sees it (since API 1.2): the body (already within the hook's size limit and
 * authenticated), the hook's {@code options} (checked by {@link WebhookFormat#validate} when the relay started),
 * and the relay's clock, so a body without times gets the time it arrived and tests can move the clock.
 */
public final class WebhookDelivery {

    private final String hookName;
    private final byte[] body;
    private final PluginConfig options;
    private final PluginConfig hookConfig;
    private final Clock clock;
    private final Instant receivedAt;

    /**
     * @param hookName   the hook's {@code name} (its URL is {@code /hooks/<name>})
     * @param options    the hook's {@code options} mapping (empty when it has none)
     * @param hookConfig the hook's whole config entry, as API 1.0 formats received it
     * @param clock      the relay's clock
     */
    public WebhookDelivery(String hookName, byte[] body, PluginConfig options, PluginConfig hookConfig, Clock clock) {
        this.hookName = Objects.requireNonNull(hookName, "hookName");
        this.body = Objects.requireNonNull(body, "body");
        this.options = options == null ? new PluginConfig("options", Map.of()) : options;
        this.hookConfig = hookConfig == null ? this.options : hookConfig;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receivedAt = clock.instant();
    }

    public String hookName() {
        return hookName;
    }

    /** The raw body. Do not change the array: the relay may still read it. */
    public byte[] body() {
        return body;
    }

    /** The hook's {@code options}; errors name their full key path ({@code plugins.webhooks.hooks[0].options.x}). */
    public PluginConfig options() {
        return options;
    }

    /** The hook's whole config entry ({@code name}, {@code format}, {@code options}, ...). */
    public PluginConfig hookConfig() {
        return hookConfig;
    }

    public Clock clock() {
        return clock;
    }

    /** When the relay received the body: the start time of an alert whose body says none. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The body as a JSON object ({@link Json#parseObject}); errors say where the body is wrong. */
    public Map<String, Object> json() throws WebhookFormatException {
        return Json.parseObject(body);
    }
}
