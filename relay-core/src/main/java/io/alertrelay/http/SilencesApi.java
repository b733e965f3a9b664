package io.alertrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.NoSuchSilenceException;
import io.alertrelay.alert.Silence;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code GET/POST /api/silences}, {@code DELETE /api/silences/{id}}. */
final class SilencesApi {

    private final AlertPipeline pipeline;
    private final ApiAuth auth;
    private final int maxMatchers;

    private final int maxRegexProgram;

    SilencesApi(AlertPipeline pipeline, ApiAuth auth, int maxMatchers, int maxRegexProgram) {
        this.pipeline = pipeline;
        this.auth = auth;
        this.maxMatchers = maxMatchers;
        this.maxRegexProgram = maxRegexProgram;
    }

    void list(HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canRead, "read silences: use a token of role viewer or higher") == null) return;
        List<Silence> out = pipeline.silences().stream().sorted(Comparator.comparing(Silence::startsAt)).toList();
        Json.send(exchange, 200, WireCodec.silenceList(out));
    }

    /**
     * Body: {"matchers": ["alertname=DiskFull", ...], "startsAt": optional, "endsAt": RFC 3339, "comment": "..."}.
     * Matchers may also be Alertmanager objects {name, value, isRegex, isEqual}. On a worker thread, with the whole
     * body of an operator or admin.
     */
    void create(HttpServerExchange exchange, Principal who, byte[] body) throws java.io.IOException {
        try {
            JsonNode n = WireCodec.mapper().readTree(body);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
            Silence s = pipeline.createSilence(matchers(n.path("matchers")), time(n, "startsAt", false),
                    time(n, "endsAt", true), who.name(), n.path("comment").asText(""));
            Json.send(exchange, 201, WireCodec.silence(s));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            Json.error(exchange, 400, "bad-json", "the body is not valid JSON: " + PostableAlertParser.firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            Json.error(exchange, 400, "bad-silence", e.getMessage());
        }
    }

    void expire(HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canOperate, "expire silences: use a token of role operator or admin") == null) return;
        String id = exchange.getQueryParameters().get("id").getFirst();
        try {
            Json.send(exchange, 200, WireCodec.silence(pipeline.expireSilence(id)));
        } catch (NoSuchSilenceException e) {
            Json.error(exchange, 404, "not-found", e.getMessage());
        }
    }

    private List<Matcher> matchers(JsonNode arr) {
        if (!arr.isArray() || arr.isEmpty()) {
            throw new IllegalArgumentException("\"matchers\" must be a non-empty array, like [\"alertname=DiskFull\"]");
        }
        if (arr.size() > maxMatchers) {
            throw new IllegalArgumentException(arr.size() + " matchers is more than the " + maxMatchers
                    + " allowed (limits.maxMatchers)");
        }
        List<Matcher> out = new ArrayList<>();
        for (JsonNode m : arr) {
            if (m.isTextual()) {
                out.add(Matcher.parse(m.asText()).requireProgramAtMost(maxRegexProgram));
            } else if (m.isObject()) {
                boolean regex = m.path("isRegex").asBoolean(false);
                boolean equal = m.path("isEqual").asBoolean(true);
                Matcher.Op op = regex ? (equal ? Matcher.Op.RE : Matcher.Op.NRE) : (equal ? Matcher.Op.EQ : Matcher.Op.NEQ);
                out.add(new Matcher(m.path("name").asText(), op, m.path("value").asText())
                        .requireProgramAtMost(maxRegexProgram));
            } else {
                throw new IllegalArgumentException("each matcher must be a string like \"env=prod\"");
            }
        }
        return out;
    }

    private static Instant time(JsonNode n, String field, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) throw new IllegalArgumentException("\"" + field + "\" is required: an RFC 3339 time like 2026-11-25T18:00:00Z");
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" '" + v.asText() + "' is not an RFC 3339 time");
        }
    }
}
