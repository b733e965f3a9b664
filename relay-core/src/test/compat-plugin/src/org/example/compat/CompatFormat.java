package org.example.compat;

import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** Built against plugin API 1.0.0: a body "NAME down" fires alert NAME, "NAME up" resolves it. */
@Extension
public class CompatFormat implements WebhookFormat {

    @Override
    public String name() {
        return "compat-lines";
    }

    @Override
    public List<AlertSignal> parse(byte[] body, PluginConfig hookConfig) throws WebhookFormatException {
        String[] parts = new String(body, StandardCharsets.UTF_8).trim().split(" ");
        if (parts.length != 2) throw new WebhookFormatException("expected 'NAME down' or 'NAME up'");
        Instant now = Instant.now();
        Map<String, String> labels = Map.of("alertname", parts[0], "severity", "warning");
        Instant end = parts[1].equals("up") ? now : null;
        return List.of(new AlertSignal(labels, Map.of("summary", parts[0] + " is " + parts[1]), now, end));
    }
}
