package io.alertrelay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Silence;
import io.alertrelay.alert.Stale;
import io.alertrelay.wire.WireCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Reads the store's rows back: each holds the frame clients were sent (protocol.md), so the store keeps exactly
 * what clients saw. Journal frames become changes again, so a resume after a restart filters as before; alert
 * and silence frames become the values the alert state is restored with.
 */
public final class StoreDocs {

    private static final ObjectMapper MAPPER = WireCodec.mapper();

    private StoreDocs() {}

    /** The alert an {@code alert} frame carried, with its internal expiry (not on the wire) put back. */
    public static Alert readAlert(byte[] frame, Instant expiresAt) throws IOException {
        return alert(MAPPER.readTree(frame).path("alert"), expiresAt);
    }

    /** The silence a {@code silence} frame carried. */
    public static Silence readSilence(byte[] frame) throws IOException {
        return silence(MAPPER.readTree(frame).path("silence"));
    }

    /** The change a journal frame ({@code {"type":"alert"|"silence","seq":..,...}}) carried. */
    public static Change readFrame(byte[] frame) throws IOException {
        return readFrame(frame, null);
    }

    /** As {@link #readFrame(byte[])}, with an alert's internal expiry put back. */
    public static Change readFrame(byte[] frame, Instant expiresAt) throws IOException {
        JsonNode root = MAPPER.readTree(frame);
        String type = root.path("type").asText();
        return switch (type) {
            case "alert" -> new Change.AlertChanged(alert(root.path("alert"), expiresAt));
            case "silence" -> new Change.SilenceChanged(silence(root.path("silence")));
            default -> throw new IOException("journal frame of unknown type '" + type + "'");
        };
    }

    public static byte[] bytes(ByteBuffer frame) {
        ByteBuffer b = frame.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static Alert alert(JsonNode n, Instant expiresAt) throws IOException {
        require(n, "fingerprint");
        JsonNode ack = n.path("ack");
        JsonNode stale = n.path("stale"); // missing in what a relay without staleness wrote
        List<String> silencedBy = new ArrayList<>();
        n.path("silencedBy").forEach(id -> silencedBy.add(id.asText()));
        List<String> inhibitedBy = new ArrayList<>(); // missing in what a relay without inhibition wrote
        n.path("inhibitedBy").forEach(fp -> inhibitedBy.add(fp.asText()));
        return new Alert(
                n.path("fingerprint").asText(),
                Alert.Status.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT)),
                n.path("severity").asText(),
                map(n.path("labels")),
                map(n.path("annotations")),
                time(n.path("startsAt")),
                time(n.path("endsAt")),
                time(n.path("updatedAt")),
                n.path("source").isNull() ? null : n.path("source").asText(null),
                ack.isObject()
                        ? new Ack(
                                ack.path("by").asText(),
                                time(ack.path("at")),
                                ack.path("comment").asText(),
                                ack.hasNonNull("expiresAt") ? time(ack.path("expiresAt")) : null,
                                ack.hasNonNull("person") ? ack.path("person").asText() : null)
                        : null,
                silencedBy,
                inhibitedBy,
                stale.hasNonNull("since")
                        ? new Stale(
                                time(stale.path("since")), stale.path("reason").asText())
                        : null,
                expiresAt,
                n.hasNonNull("generatorURL") ? n.path("generatorURL").asText() : null);
    }

    private static Silence silence(JsonNode n) throws IOException {
        require(n, "id");
        List<Matcher> matchers = new ArrayList<>();
        Silence.Status status = Silence.Status.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT));
        try {
            for (JsonNode m : n.path("matchers")) matchers.add(Matcher.parse(m.asText()));
        } catch (IllegalArgumentException e) {
            // kept by a version that matched with java.util.regex, in a syntax RE2 does not have (a backreference,
            // lookaround): loaded expired and without matchers, so it silences nothing rather than stopping the start
            LoggerFactory.getLogger(StoreDocs.class)
                    .warn(
                            "silence {} is loaded as expired: {}; create it" + " again in RE2 syntax",
                            n.path("id").asText(),
                            e.getMessage());
            matchers.clear();
            status = Silence.Status.EXPIRED;
        }
        return new Silence(
                n.path("id").asText(),
                matchers,
                time(n.path("startsAt")),
                time(n.path("endsAt")),
                n.path("createdBy").asText(),
                n.path("comment").asText(),
                status,
                n.hasNonNull("person") ? n.path("person").asText() : null);
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
}
