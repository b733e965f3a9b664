package io.alertrelay.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Silence;
import io.alertrelay.command.Operations;
import io.alertrelay.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shapes of Alertmanager's API v2 (its OpenAPI document, {@code api/v2/openapi.yaml}): gettable alerts, alert
 * groups, gettable silences, receivers, and the bare JSON string it answers errors with.
 */
final class AmV2Json {

    private AmV2Json() {}

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = WireCodec.mapper().getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding an Alertmanager answer failed", e);
        }
        return out.toByteArray();
    }

    /** Alertmanager's error body: the message as one JSON string. */
    static byte[] string(String message) {
        return write(g -> g.writeString(message));
    }

    static byte[] receivers() {
        return write(g -> {
            g.writeStartArray();
            receiver(g);
            g.writeEndArray();
        });
    }

    static byte[] silenceId(String id) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("silenceID", id);
            g.writeEndObject();
        });
    }

    static byte[] alerts(List<Alert> alerts) {
        return write(g -> {
            g.writeStartArray();
            for (Alert a : alerts) alert(g, a);
            g.writeEndArray();
        });
    }

    /**
     * The alerts in groups by the values of {@code groupBy} (Alertmanager's {@code group_by}; {@code ...} is every
     * label), the groups ordered by their labels.
     */
    static byte[] groups(List<Alert> alerts, List<String> groupBy) {
        Map<String, List<Alert>> groups = new TreeMap<>();
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (Alert a : alerts) {
            Map<String, String> key = new TreeMap<>();
            for (Map.Entry<String, String> l : a.labels().entrySet()) {
                if (groupBy.contains("...") || groupBy.contains(l.getKey())) key.put(l.getKey(), l.getValue());
            }
            String k = key.toString();
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
            labels.put(k, key);
        }
        return write(g -> {
            g.writeStartArray();
            for (Map.Entry<String, List<Alert>> e : groups.entrySet()) {
                g.writeStartObject();
                WireCodec.writeMap(g, "labels", labels.get(e.getKey()));
                g.writeFieldName("receiver");
                receiver(g);
                g.writeArrayFieldStart("alerts");
                for (Alert a : e.getValue()) alert(g, a);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** In Alertmanager's order: active (next to end first), pending (next to start first), expired (latest first). */
    static byte[] silences(List<Silence> silences, Instant now) {
        List<Silence> sorted = new ArrayList<>(silences);
        sorted.sort(Comparator.comparing((Silence s) -> order(s.status())).thenComparing((a, b) -> switch (a.status()) {
            case ACTIVE -> a.endsAt().compareTo(b.endsAt());
            case PENDING -> a.startsAt().compareTo(b.startsAt());
            case EXPIRED -> b.endsAt().compareTo(a.endsAt());
        }));
        return write(g -> {
            g.writeStartArray();
            for (Silence s : sorted) silence(g, s, now);
            g.writeEndArray();
        });
    }

    static byte[] silence(Silence s, Instant now) {
        return write(g -> silence(g, s, now));
    }

    private static int order(Silence.Status status) {
        return switch (status) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }

    private static void receiver(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", Operations.RECEIVER);
        g.writeEndObject();
    }

    /**
     * A gettable alert. A firing alert's {@code endsAt} is when it resolves unless sent again (Alertmanager's meaning;
     * the relay's {@code expiresAt}); it is {@code suppressed} while silenced or inhibited, else {@code active}.
     */
    private static void alert(JsonGenerator g, Alert a) throws IOException {
        g.writeStartObject();
        WireCodec.writeMap(g, "annotations", a.annotations());
        Instant end = a.expiresAt() != null ? a.expiresAt() : a.endsAt() != null ? a.endsAt() : a.updatedAt();
        WireCodec.writeTime(g, "endsAt", end);
        g.writeStringField("fingerprint", a.fingerprint());
        g.writeArrayFieldStart("receivers");
        receiver(g);
        g.writeEndArray();
        WireCodec.writeTime(g, "startsAt", a.startsAt());
        g.writeObjectFieldStart("status");
        strings(g, "inhibitedBy", a.inhibitedBy());
        strings(g, "silencedBy", a.silencedBy());
        boolean suppressed = !a.silencedBy().isEmpty() || !a.inhibitedBy().isEmpty();
        g.writeStringField("state", suppressed ? "suppressed" : "active");
        g.writeEndObject();
        WireCodec.writeTime(g, "updatedAt", a.updatedAt());
        WireCodec.writeMap(g, "labels", a.labels());
        if (a.generatorURL() != null) g.writeStringField("generatorURL", a.generatorURL());
        g.writeEndObject();
    }

    /**
     * A gettable silence. The relay does not record when a silence last changed: {@code updatedAt} is when it
     * started (active), ended (expired), or the time of the answer (pending).
     */
    private static void silence(JsonGenerator g, Silence s, Instant now) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeObjectFieldStart("status");
        g.writeStringField("state", s.status().name().toLowerCase(Locale.ROOT));
        g.writeEndObject();
        Instant updated = switch (s.status()) {
            case ACTIVE -> s.startsAt();
            case EXPIRED -> s.endsAt();
            case PENDING -> now;
        };
        WireCodec.writeTime(g, "updatedAt", updated);
        g.writeArrayFieldStart("matchers");
        for (Matcher m : s.matchers()) {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeStringField("value", m.value());
            g.writeBooleanField("isRegex", m.op().regex());
            g.writeBooleanField("isEqual", m.op() == Matcher.Op.EQ || m.op() == Matcher.Op.RE);
            g.writeEndObject();
        }
        g.writeEndArray();
        WireCodec.writeTime(g, "startsAt", s.startsAt());
        WireCodec.writeTime(g, "endsAt", s.endsAt());
        // Alertmanager's clients show createdBy as the person: name them, and the token they used
        g.writeStringField("createdBy", s.person() == null ? s.createdBy() : s.person() + " (" + s.createdBy() + ")");
        g.writeStringField("comment", s.comment());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}
