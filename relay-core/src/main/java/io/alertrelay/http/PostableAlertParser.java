package io.alertrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.AlertValidation;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.command.Decoder;
import io.alertrelay.wire.WireCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Alertmanager's postable alerts (what Prometheus sends to {@code /api/v2/alerts}): an array of
 * {labels, annotations, startsAt, endsAt, generatorURL}. Every alert is checked before any is applied, so a
 * bad batch changes nothing; the error names the first bad alert by its index.
 */
final class PostableAlertParser {

    /** Go's zero time, which Alertmanager-speaking senders use for "not set". */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    static final class BadAlert extends Exception {
        BadAlert(String message) {
            super(message, null, false, false);
        }
    }

    private PostableAlertParser() {}

    static List<PostableAlert> parse(byte[] body) throws BadAlert {
        JsonNode root;
        try {
            root = WireCodec.mapper().readTree(body);
        } catch (Exception e) {
            throw new BadAlert("the body is not valid JSON: " + Decoder.firstLine(e.getMessage()));
        }
        if (root == null || !root.isArray()) {
            throw new BadAlert("the body must be a JSON array of alerts: [{\"labels\": {\"alertname\": \"...\"}}]");
        }
        List<PostableAlert> out = new ArrayList<>(root.size());
        int i = 0;
        for (JsonNode n : root) {
            PostableAlert a = one(n, i);
            Optional<String> problem = AlertValidation.problem(a);
            if (problem.isPresent()) throw new BadAlert("alert " + i + " " + problem.get());
            out.add(a);
            i++;
        }
        return out;
    }

    private static PostableAlert one(JsonNode n, int i) throws BadAlert {
        if (!n.isObject()) throw new BadAlert("alert " + i + " is not a JSON object");
        Map<String, String> labels = stringMap(n.path("labels"), i, "labels");
        // Alertmanager's rule: a label with an empty value is no label (amtool sends "name=" that way)
        labels.values().removeIf(String::isEmpty);
        return new PostableAlert(
                labels,
                stringMap(n.path("annotations"), i, "annotations"),
                time(n, "startsAt", i),
                time(n, "endsAt", i),
                generatorURL(n));
    }

    /** Alertmanager's optional link; an empty one (amtool sends "" when none is given) is none. */
    private static String generatorURL(JsonNode n) {
        String url = n.path("generatorURL").isTextual() ? n.path("generatorURL").asText() : null;
        return url == null || url.isEmpty() ? null : url;
    }

    private static Map<String, String> stringMap(JsonNode n, int i, String field) throws BadAlert {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) return out;
        if (!n.isObject()) throw new BadAlert("alert " + i + ": " + field + " must be an object of strings");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw new BadAlert("alert " + i + ": " + field + "." + e.getKey() + " must be a string, got "
                        + e.getValue().getNodeType().name().toLowerCase(Locale.ROOT));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Instant time(JsonNode n, String field, int i) throws BadAlert {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isEmpty())) return null;
        Instant t = Decoder.rfc3339(v.asText());
        if (t == null) {
            throw new BadAlert("alert " + i + ": " + field + " '" + v.asText()
                    + "' is not an RFC 3339 time like 2026-11-25T18:00:00Z");
        }
        return t.equals(GO_ZERO) ? null : t;
    }
}
