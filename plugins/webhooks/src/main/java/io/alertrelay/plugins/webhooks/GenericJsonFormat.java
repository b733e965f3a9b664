package io.alertrelay.plugins.webhooks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormat;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Any JSON body, mapped with JSON Pointers (RFC 6901) under the hook's {@code options.mapping} (or, as
 * written before hooks had options, a top-level {@code mapping}), checked when the relay starts:
 * <pre>
 * options:
 *  mapping:
 *   alerts: /checks              # optional: an array of alerts; absent, the body is one alert
 *   labels: {alertname: /name, instance: /host}      # required, at least one
 *   staticLabels: {source: ci}   # fixed labels
 *   annotations: {summary: /message}
 *   severity: /level             # becomes the severity label
 *   status: /state               # resolved when the value is one of resolvedValues
 *   resolvedValues: [ok, resolved, success, passed]
 *   startsAt: /time              # RFC 3339 or Unix seconds
 * </pre>
 * Pointers are relative to each alert.
 */
@Extension
public class GenericJsonFormat implements WebhookFormat {

    @Override
    public String name() {
        return "generic";
    }

    private static final Set<String> KEYS = Set.of(
            "alerts", "labels", "staticLabels", "annotations", "severity", "status", "resolvedValues", "startsAt");
    private static final Set<String> POINTERS = Set.of("alerts", "severity", "status", "startsAt");

    /** The mapping is complete and every pointer in it compiles; parse then only meets bodies, never config. */
    @Override
    public void validate(PluginConfig options) {
        PluginConfig m = options.section("mapping");
        for (String k : m.keys()) {
            if (!KEYS.contains(k))
                throw new PluginConfigException(m.path() + "." + k + ": unknown mapping key; known keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
        }
        Map<String, String> labelPointers = m.stringMap("labels");
        if (labelPointers.isEmpty()) {
            throw new PluginConfigException(
                    m.path() + ".labels: map at least one label to a JSON Pointer, e.g. {alertname: /name}");
        }
        labelPointers.values().forEach(p -> compile(p, m));
        m.stringMap("annotations").values().forEach(p -> compile(p, m));
        m.stringMap("staticLabels");
        for (String k : POINTERS) if (m.has(k)) pointer(m, k);
        if (m.has("resolvedValues")) m.strings("resolvedValues");
    }

    @Override
    public List<AlertSignal> parse(WebhookDelivery delivery) throws WebhookFormatException {
        PluginConfig m = delivery.options().section("mapping");
        Map<String, String> labelPointers = m.stringMap("labels");
        JsonNode root = JsonBodies.read(delivery.body());
        List<JsonNode> items = new ArrayList<>();
        if (m.has("alerts")) {
            JsonNode arr = root.at(pointer(m, "alerts"));
            if (!arr.isArray()) throw new WebhookFormatException(m.string("alerts") + " is not an array in the body");
            arr.forEach(items::add);
        } else {
            items.add(root);
        }
        List<String> resolvedValues = m.has("resolvedValues")
                ? m.strings("resolvedValues")
                : List.of("ok", "resolved", "success", "passed", "inactive");
        List<AlertSignal> out = new ArrayList<>();
        Instant now = delivery.receivedAt();
        for (int i = 0; i < items.size(); i++) {
            JsonNode a = items.get(i);
            String where = items.size() == 1 && !m.has("alerts") ? "the body" : "alert " + i;
            Map<String, String> labels = new LinkedHashMap<>(m.stringMap("staticLabels"));
            for (Map.Entry<String, String> e : labelPointers.entrySet()) {
                String v = text(a, e.getValue(), m);
                if (v == null)
                    throw new WebhookFormatException(
                            where + ": " + e.getValue() + " (label " + e.getKey() + ") is missing");
                labels.put(e.getKey(), v);
            }
            if (m.has("severity")) {
                String sev = text(a, m.string("severity"), m);
                if (sev != null) labels.put("severity", sev.toLowerCase(Locale.ROOT));
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : m.stringMap("annotations").entrySet()) {
                String v = text(a, e.getValue(), m);
                if (v != null) annotations.put(e.getKey(), v);
            }
            Instant startsAt = m.has("startsAt")
                    ? JsonBodies.time(a.at(pointer(m, "startsAt")), where + " " + m.string("startsAt"))
                    : null;
            String status = m.has("status") ? text(a, m.string("status"), m) : null;
            boolean resolved = status != null && resolvedValues.contains(status.toLowerCase(Locale.ROOT));
            out.add(new AlertSignal(labels, annotations, startsAt, resolved ? now : null));
        }
        return out;
    }

    private static String text(JsonNode a, String pointer, PluginConfig m) {
        JsonNode v = a.at(compile(pointer, m));
        if (v.isMissingNode() || v.isNull() || v.isContainerNode()) return null;
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static JsonPointer pointer(PluginConfig m, String key) {
        return compile(m.string(key), m);
    }

    private static JsonPointer compile(String pointer, PluginConfig m) {
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(
                    m.path() + ": \"" + pointer + "\" is not a JSON Pointer; write it like /path/to/field");
        }
    }
}
