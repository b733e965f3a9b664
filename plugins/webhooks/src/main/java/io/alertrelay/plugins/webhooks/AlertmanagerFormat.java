package io.alertrelay.plugins.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.util.List;
import org.pf4j.Extension;

/** Alertmanager's {@code webhook_config} payload, version 4, firing and resolved. */
@Extension
public class AlertmanagerFormat implements WebhookFormat {

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public void validate(PluginConfig options) {
        AlertmanagerStyle.validate(options);
    }

    @Override
    public List<AlertSignal> parse(WebhookDelivery delivery) throws WebhookFormatException {
        JsonNode root = JsonBodies.read(delivery.body());
        String version = root.path("version").asText("4");
        if (!version.equals("4")) {
            throw new WebhookFormatException(
                    "webhook payload version \"" + version + "\" is not supported; this format reads version 4");
        }
        return AlertmanagerStyle.parse(root, delivery.options(), delivery.receivedAt(), (alert, annotations) -> {});
    }
}
