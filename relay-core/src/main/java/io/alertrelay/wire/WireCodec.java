package io.alertrelay.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Silence;
import io.alertrelay.alert.Stale;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes the server's protocol v1 messages. Written with Jackson's streaming generator so one change costs
 * one pass and one byte array; the hub shares the result with every session.
 */
public final class WireCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private WireCodec() {}

    /** The shared mapper for reading client JSON (no custom settings needed). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** An {@code alert} or {@code silence} frame for one journal entry, as a read-only direct buffer. */
    public static ByteBuffer changeFrame(long seq, Change change) {
        byte[] bytes = write(g -> {
            g.writeStartObject();
            if (change instanceof Change.AlertChanged a) {
                g.writeStringField("type", "alert");
                g.writeNumberField("seq", seq);
                g.writeFieldName("alert");
                writeAlert(g, a.alert());
            } else if (change instanceof Change.SilenceChanged s) {
                g.writeStringField("type", "silence");
                g.writeNumberField("seq", seq);
                g.writeFieldName("silence");
                writeSilence(g, s.silence());
            }
            g.writeEndObject();
        });
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    public static byte[] welcome(String server, String epoch, long seq, long heartbeatSeconds, String role) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "welcome");
            g.writeStringField("server", server);
            g.writeStringField("epoch", epoch);
            g.writeNumberField("seq", seq);
            g.writeNumberField("heartbeatSeconds", heartbeatSeconds);
            g.writeStringField("role", role);
            g.writeEndObject();
        });
    }

    public static byte[] snapshot(long seq, Collection<Alert> alerts, Collection<Silence> silences, boolean reset) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "snapshot");
            g.writeNumberField("seq", seq);
            g.writeArrayFieldStart("alerts");
            for (Alert a : alerts) writeAlert(g, a);
            g.writeEndArray();
            g.writeArrayFieldStart("silences");
            for (Silence s : silences) writeSilence(g, s);
            g.writeEndArray();
            g.writeBooleanField("reset", reset);
            g.writeEndObject();
        });
    }

    public static byte[] error(String code, String message, String ref) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeStringField("ref", ref);
            g.writeEndObject();
        });
    }

    public static byte[] pong(String id) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "pong");
            g.writeStringField("id", id);
            g.writeEndObject();
        });
    }

    /** {@code done}: a request that carried an {@code id} was carried out (an addition to protocol v1). */
    public static byte[] done(String ref, String silenceId) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "done");
            g.writeStringField("ref", ref);
            if (silenceId != null) g.writeStringField("silenceId", silenceId);
            g.writeEndObject();
        });
    }

    /** A JSON array of alerts, as the REST API answers: each with {@code expiresAt} (see {@link #alert}). */
    public static byte[] alertList(Collection<Alert> alerts) {
        return write(g -> {
            g.writeStartArray();
            for (Alert a : alerts) writeAlert(g, a, true);
            g.writeEndArray();
        });
    }

    public static byte[] silenceList(Collection<Silence> silences) {
        return write(g -> {
            g.writeStartArray();
            for (Silence s : silences) writeSilence(g, s);
            g.writeEndArray();
        });
    }

    /** One alert as the REST API answers it, with {@code expiresAt}; frames never carry it. */
    public static byte[] alert(Alert alert) {
        return write(g -> writeAlert(g, alert, true));
    }

    public static byte[] silence(Silence silence) {
        return write(g -> writeSilence(g, silence));
    }

    /** An Alert of protocol v1, as frames and snapshots carry it. */
    public static void writeAlert(JsonGenerator g, Alert a) throws IOException {
        writeAlert(g, a, false);
    }

    /**
     * @param expiry also write {@code expiresAt}: when a firing alert resolves by itself unless its source sends it
     *               again (null once resolved). REST answers only: a re-send that moves nothing else sends no frame,
     *               so in a frame it would be out of date, while a REST answer is read when it is asked for.
     */
    public static void writeAlert(JsonGenerator g, Alert a, boolean expiry) throws IOException {
        g.writeStartObject();
        g.writeStringField("fingerprint", a.fingerprint());
        g.writeStringField("status", a.status().name().toLowerCase(Locale.ROOT));
        g.writeStringField("severity", a.severity());
        writeMap(g, "labels", a.labels());
        writeMap(g, "annotations", a.annotations());
        writeTime(g, "startsAt", a.startsAt());
        writeTime(g, "endsAt", a.endsAt());
        if (expiry) writeTime(g, "expiresAt", a.firing() ? a.expiresAt() : null);
        writeTime(g, "updatedAt", a.updatedAt());
        g.writeStringField("source", a.source());
        writeAck(g, a.ack());
        g.writeArrayFieldStart("silencedBy");
        for (String id : a.silencedBy()) g.writeString(id);
        g.writeEndArray();
        // an optional addition to protocol v1, only while inhibited: the firing alerts that inhibit this one
        if (!a.inhibitedBy().isEmpty()) {
            g.writeArrayFieldStart("inhibitedBy");
            for (String fp : a.inhibitedBy()) g.writeString(fp);
            g.writeEndArray();
        }
        writeStale(g, a.stale());
        // an optional addition to protocol v1, only when the sender gave one: the link to what made the alert
        if (a.generatorURL() != null) g.writeStringField("generatorURL", a.generatorURL());
        g.writeEndObject();
    }

    /** {@code "stale": null} or {@code "stale": {"since", "reason"}} (an addition to protocol v1). */
    public static void writeStale(JsonGenerator g, Stale stale) throws IOException {
        if (stale == null) {
            g.writeNullField("stale");
        } else {
            g.writeObjectFieldStart("stale");
            writeTime(g, "since", stale.since());
            g.writeStringField("reason", stale.reason());
            g.writeEndObject();
        }
    }

    public static void writeSilence(JsonGenerator g, Silence s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeArrayFieldStart("matchers");
        for (Matcher m : s.matchers()) g.writeString(m.toString());
        g.writeEndArray();
        writeTime(g, "startsAt", s.startsAt());
        writeTime(g, "endsAt", s.endsAt());
        g.writeStringField("createdBy", s.createdBy());
        if (s.person() != null) g.writeStringField("person", s.person());
        g.writeStringField("comment", s.comment());
        g.writeStringField("status", s.status().name().toLowerCase(Locale.ROOT));
        g.writeEndObject();
    }

    /**
     * {@code "ack": null} or {@code "ack": {"by", "at", "comment"}}, with {@code "person"} and {@code "expiresAt"}
     * only when the ack has them (optional fields: clients that do not know them are unaffected).
     */
    public static void writeAck(JsonGenerator g, Ack ack) throws IOException {
        if (ack == null) {
            g.writeNullField("ack");
        } else {
            g.writeObjectFieldStart("ack");
            g.writeStringField("by", ack.by());
            writeTime(g, "at", ack.at());
            g.writeStringField("comment", ack.comment());
            if (ack.person() != null) g.writeStringField("person", ack.person());
            if (ack.expiresAt() != null) writeTime(g, "expiresAt", ack.expiresAt());
            g.writeEndObject();
        }
    }

    /** A string map with its keys sorted, so the same content always encodes to the same bytes. */
    public static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        // sorted so the same alert always encodes to the same bytes
        for (String k : map.keySet().stream().sorted().toList()) g.writeStringField(k, map.get(k));
        g.writeEndObject();
    }

    /** RFC 3339 in UTC, or null. */
    public static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) g.writeNullField(field);
        else g.writeStringField(field, t.toString());
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a frame failed", e);
        }
        return out.toByteArray();
    }
}
