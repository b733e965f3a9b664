package io.alertrelay.plugins.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON reading shared by the formats, with errors that say where in the body the problem is. */
final class JsonBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Go's zero time: what Alertmanager and Grafana send for "no end yet". */
    static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private JsonBodies() {}

    static JsonNode read(byte[] body) throws WebhookFormatException {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) throw new WebhookFormatException("the body must be a JSON object");
            return n;
        } catch (WebhookFormatException e) {
            throw e;
        } catch (Exception e) {
            String m = String.valueOf(e.getMessage());
            throw new WebhookFormatException(
                    "the body is not valid JSON: " + m.lines().findFirst().orElse(m));
        }
    }

    static Map<String, String> strings(JsonNode n, String where) throws WebhookFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) return out;
        if (!n.isObject()) throw new WebhookFormatException(where + " must be an object of strings");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (e.getValue().isNull()) continue;
            if (e.getValue().isContainerNode())
                throw new WebhookFormatException(where + "." + e.getKey() + " must be a string");
            String v = e.getValue().asText();
            if (!v.isEmpty()) out.put(e.getKey(), v);
        }
        return out;
    }

    /** An RFC 3339 time or Unix seconds; null when absent, empty or Go's zero time. */
    static Instant time(JsonNode n, String where) throws WebhookFormatException {
        if (n.isMissingNode() || n.isNull() || (n.isTextual() && n.asText().isEmpty())) return null;
        if (n.isNumber()) return Instant.ofEpochSecond(n.asLong());
        try {
            Instant t = OffsetDateTime.parse(n.asText()).toInstant();
            return t.equals(GO_ZERO) ? null : t;
        } catch (DateTimeParseException e) {
            throw new WebhookFormatException(where + ": '" + n.asText() + "' is not an RFC 3339 time");
        }
    }
}
