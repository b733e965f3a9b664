package io.alertrelay.plugins.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.pf4j.Extension;

/**
 * Grafana alerting's webhook contact point: Alertmanager's shape plus the evaluated {@code values} and links
 * to the dashboard and panel, which become annotations.
 */
@Extension
public class GrafanaFormat implements WebhookFormat {

    @Override
    public String name() {
        return "grafana";
    }

    @Override
    public void validate(PluginConfig options) {
        AlertmanagerStyle.validate(options);
    }

    @Override
    public List<AlertSignal> parse(WebhookDelivery delivery) throws WebhookFormatException {
        JsonNode root = JsonBodies.read(delivery.body());
        return AlertmanagerStyle.parse(root, delivery.options(), delivery.receivedAt(), GrafanaFormat::links);
    }

    private static void links(JsonNode alert, Map<String, String> annotations) {
        for (String[] f : new String[][] {
            {"dashboardURL", "dashboard_url"}, {"panelURL", "panel_url"}, {"silenceURL", "silence_url"}
        }) {
            String v = alert.path(f[0]).asText("");
            if (!v.isEmpty()) annotations.putIfAbsent(f[1], v);
        }
        JsonNode values = alert.path("values");
        if (values.isObject() && !values.isEmpty()) {
            StringJoiner j = new StringJoiner(", ");
            values.properties()
                    .forEach(e -> j.add(e.getKey() + "=" + e.getValue().asText()));
            annotations.putIfAbsent("values", j.toString());
        } else if (alert.hasNonNull("valueString")
                && !alert.path("valueString").asText().isEmpty()) {
            annotations.putIfAbsent("values", alert.path("valueString").asText());
        }
    }
}
