package io.alertrelay.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Silence;
import io.alertrelay.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON documents in the store's rows: an alert or silence in its wire form (protocol.md), so the store
 * holds what clients saw, plus the alert's internal expiry. Also reads journal frames back into changes, so a
 * resume after a restart filters exactly as it did before.
 */
final class StoreDocs {

    private static final ObjectMapper MAPPER = WireCodec.mapper();

    private StoreDocs() {}

    static String alertDoc(Alert a) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("alert");
            WireCodec.writeAlert(g, a);
            WireCodec.writeTime(g, "expiresAt", a.expiresAt());
            g.writeEndObject();
        });
    }

    static String silenceDoc(Silence s) {
        return write(g -> WireCodec.writeSilence(g, s));
    }

    static Alert readAlertDoc(String doc) throws IOException {
        JsonNode root = MAPPER.readTree(doc);
        return alert(root.path("alert"), time(root.path("expiresAt")));
    }

    static Silence readSilenceDoc(String doc) throws IOException {
        return silence(MAPPER.readTree(doc));
    }

    /** The change a journal frame ({@code {"type":"alert"|"silence","seq":..,...}}) carried. */
    static Change readFrame(byte[] frame) throws IOException {
        JsonNode root = MAPPER.readTree(frame);
        String type = root.path("type").asText();
        return switch (type) {
            case "alert" -> new Change.AlertChanged(alert(root.path("alert"), null));
            case "silence" -> new Change.SilenceChanged(silence(root.path("silence")));
            default -> throw new IOException("journal frame of unknown type '" + type + "'");
        };
    }

    static byte[] bytes(ByteBuffer frame) {
        ByteBuffer b = frame.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Alert alert(JsonNode n, Instant expiresAt) throws IOException {
        require(n, "fingerprint");
        JsonNode ack = n.path("ack");
        List<String> silencedBy = new ArrayList<>();
        n.path("silencedBy").forEach(id -> silencedBy.add(id.asText()));
        return new Alert(n.path("fingerprint").asText(),
                Alert.Status.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT)),
                n.path("severity").asText(), map(n.path("labels")), map(n.path("annotations")),
                time(n.path("startsAt")), time(n.path("endsAt")), time(n.path("updatedAt")),
                n.path("source").isNull() ? null : n.path("source").asText(null),
                ack.isObject() ? new Ack(ack.path("by").asText(), time(ack.path("at")), ack.path("comment").asText())
                        : null,
                silencedBy, expiresAt);
    }

    private static Silence silence(JsonNode n) throws IOException {
        require(n, "id");
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : n.path("matchers")) matchers.add(Matcher.parse(m.asText()));
        return new Silence(n.path("id").asText(), matchers, time(n.path("startsAt")), time(n.path("endsAt")),
                n.path("createdBy").asText(), n.path("comment").asText(),
                Silence.Status.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT)));
    }

    private static void require(JsonNode n, String field) throws IOException {
        if (!n.hasNonNull(field)) throw new IOException("stored document without '" + field + "': " + n);
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Instant time(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
    }

    @FunctionalInterface
    private interface Body { void write(JsonGenerator g) throws IOException; }

    private static String write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a store document failed", e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
