package io.alertrelay.command;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Unicode;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.pipeline.ResumePoint;
import io.alertrelay.plugin.api.Durations;
import io.alertrelay.wire.WireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one decoder per input shape, shared by REST and the WebSocket: a JSON object (a REST body or a WebSocket
 * frame) or a query string becomes a {@link Command}. Matchers are accepted in every syntax (strings such as
 * {@code env="prod"} and Alertmanager objects {@code {name, value, isRegex, isEqual}}), times are RFC 3339, and
 * {@code limits.maxMatchers} and {@code limits.maxRegexProgram} are checked here and nowhere else.
 */
public final class Decoder {

    private static final String TIME_FORM = "an RFC 3339 time like 2026-11-25T18:00:00Z";

    private final LimitsConfig limits;

    public Decoder(LimitsConfig limits) {
        this.limits = limits;
    }

    /**
     * A REST body as JSON; an empty body is null.
     *
     * @param hint what to say when it is not JSON, or null for the parser's own first line
     */
    public static JsonNode json(byte[] body, String hint) {
        if (body.length == 0) return null;
        try {
            return WireCodec.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest(
                    "bad-json", hint != null ? hint : "the body is not valid JSON: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The longest name an ack or a silence may carry as its {@code person}. */
    static final int MAX_PERSON = 100;

    /**
     * {@code {"fingerprint": ..., "comment": ..., "person": optional, "expiresIn": optional}} (a frame), or the
     * fingerprint from a REST path and its body. {@code expiresIn} is a duration from 1m to 30d, or "never".
     */
    public Command.Ack ack(String fingerprint, JsonNode n) {
        String comment = n == null ? "" : n.path("comment").asText("");
        String problem = Unicode.problem(comment);
        if (problem != null) throw new BadRequest("\"comment\" is " + problem);
        return new Command.Ack(fingerprint, comment, person(n), expiresIn(n));
    }

    /** The optional {@code person} of an ack or a silence: a name on one line, blank for none. */
    private static String person(JsonNode n) {
        String person = n == null ? "" : n.path("person").asText("").strip();
        if (person.isEmpty()) return null;
        String p = Unicode.problem(person);
        if (p != null) throw new BadRequest("\"person\" is " + p);
        if (person.length() > MAX_PERSON || person.chars().anyMatch(Character::isISOControl))
            throw new BadRequest("\"person\" must be a name of at most " + MAX_PERSON + " characters on one line");
        if (person.chars().anyMatch(Decoder::bidiControl))
            throw new BadRequest("\"person\" must not hold bidirectional embedding, override or isolate characters"
                    + " (U+202A to U+202E, U+2066 to U+2069): they make a name read as something else on every wall");
        return person;
    }

    /** A character that reorders the text around it when shown (the "Trojan source" set). */
    private static boolean bidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static Duration expiresIn(JsonNode n) {
        JsonNode e = n == null ? null : n.get("expiresIn");
        if (e == null || e.isNull()) return null;
        if (e.isTextual() && e.asText().equals("never")) return Command.Ack.NEVER;
        Duration d;
        try {
            d = e.isIntegralNumber() ? Duration.ofSeconds(e.asLong()) : Durations.parse(e.asText());
        } catch (IllegalArgumentException x) {
            d = null;
        }
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
            throw new BadRequest("\"expiresIn\" must be a duration from 1m to 30d (like \"30m\" or \"4h\"), or"
                    + " \"never\"; got " + e);
        }
        return d;
    }

    public Command.Ack ack(JsonNode frame) {
        return ack(text(frame, "fingerprint"), frame);
    }

    public Command.Unack unack(JsonNode frame) {
        return new Command.Unack(text(frame, "fingerprint"));
    }

    public Command.ExpireSilence expireSilence(JsonNode frame) {
        return new Command.ExpireSilence(text(frame, "silenceId"));
    }

    /**
     * {@code {"matchers": [...], "startsAt": optional, "endsAt": required, "comment": ..., "person": optional}}.
     */
    public Command.CreateSilence silence(JsonNode n) {
        if (n == null || !n.isObject()) throw new BadRequest("the body must be a JSON object");
        List<Matcher> matchers = matchers(n.path("matchers"), "matchers");
        if (matchers.isEmpty()) {
            throw new BadRequest("\"matchers\" must be a non-empty array, like [\"alertname=DiskFull\"]");
        }
        return new Command.CreateSilence(
                matchers,
                time(n, "startsAt", false),
                time(n, "endsAt", true),
                n.path("comment").asText(""),
                null,
                person(n));
    }

    /** Silence {@code id} as it should be: the same body as a new silence ({@link #silence}). */
    public Command.UpdateSilence updateSilence(String id, JsonNode n) {
        Command.CreateSilence c = silence(n);
        return new Command.UpdateSilence(id, c.matchers(), c.startsAt(), c.endsAt(), c.comment(), null, c.person());
    }

    /**
     * Alertmanager's postable silence ({@code POST /api/v2/silences}): the body of {@link #silence} with an optional
     * {@code createdBy}, and with an {@code id} a change to that silence ({@link Command.UpdateSilence}).
     */
    public Command postableSilence(JsonNode n) {
        Command.CreateSilence c = silence(n);
        String createdBy = n.path("createdBy").asText("");
        String problem = Unicode.problem(createdBy);
        if (problem != null) throw new BadRequest("\"createdBy\" is " + problem);
        if (createdBy.isBlank()) createdBy = null;
        String id = n.path("id").asText("");
        if (id.isEmpty())
            return new Command.CreateSilence(c.matchers(), c.startsAt(), c.endsAt(), c.comment(), createdBy, null);
        return new Command.UpdateSilence(id, c.matchers(), c.startsAt(), c.endsAt(), c.comment(), createdBy, null);
    }

    /**
     * Alertmanager's alert query: {@code ?filter=...} (repeatable), {@code active}, {@code silenced},
     * {@code inhibited} (true or false, default true), {@code receiver} (a regex); {@code unprocessed} is accepted
     * and has nothing to select, as every alert the relay holds is processed.
     */
    public Command.ListAmAlerts amAlerts(Map<String, Deque<String>> query) {
        AlertFilter filter = filter(query.get("filter"));
        Deque<String> r = query.get("receiver");
        Matcher receiver = r == null || r.getFirst().isEmpty()
                ? null
                : checked(new Matcher("receiver", Matcher.Op.RE, r.getFirst()));
        flag(query, "unprocessed");
        return new Command.ListAmAlerts(
                filter, flag(query, "active"), flag(query, "silenced"), flag(query, "inhibited"), receiver);
    }

    /** Alertmanager's silence query: {@code ?filter=...}, matchers a silence must have among its own. */
    public Command.ListSilences amSilences(Map<String, Deque<String>> query) {
        return new Command.ListSilences(filter(query.get("filter")).matchers());
    }

    private static boolean flag(Map<String, Deque<String>> query, String name) {
        Deque<String> v = query.get(name);
        if (v == null) return true;
        return switch (v.getFirst().toLowerCase(Locale.ROOT)) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw new BadRequest("bad-filter", name + " '" + v.getFirst() + "' is not true or false");
        };
    }

    /** {@code {"filter": {"matchers": [...]}, "since": {"epoch", "seq"}}}. */
    public Command.Subscribe subscribe(JsonNode frame) {
        AlertFilter filter = new AlertFilter(matchers(frame.path("filter").path("matchers"), "filter.matchers"));
        ResumePoint since = null;
        JsonNode s = frame.path("since");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.path("epoch").isTextual() || !s.path("seq").canConvertToLong()) {
                throw new BadRequest("since must be {\"epoch\": \"<string>\", \"seq\": <integer>}");
            }
            since = new ResumePoint(s.get("epoch").asText(), s.get("seq").asLong());
        }
        return new Command.Subscribe(filter, since);
    }

    /** {@code ?filter=...&status=firing|resolved}. */
    public Command.ListAlerts listAlerts(Map<String, Deque<String>> query) {
        AlertFilter filter = filter(query.get("filter"));
        Deque<String> param = query.get("status");
        String status = param == null ? null : param.getFirst().toLowerCase(Locale.ROOT);
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            throw new BadRequest("bad-status", "status '" + status + "' is not firing or resolved");
        }
        return new Command.ListAlerts(filter, status);
    }

    /** {@code ?filter=...&limit=1..capacity}. */
    public Command.QueryHistory queryHistory(Map<String, Deque<String>> query, int capacity, int defaultLimit) {
        AlertFilter filter = filter(query.get("filter"));
        Deque<String> param = query.get("limit");
        if (param == null) return new Command.QueryHistory(filter, defaultLimit);
        int limit;
        try {
            limit = Integer.parseInt(param.getFirst());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > capacity) {
            throw new BadRequest(
                    "bad-limit",
                    "limit '" + param.getFirst() + "' must be a whole number from 1 to " + capacity
                            + " (the history keeps that many resolved alerts)");
        }
        return new Command.QueryHistory(filter, limit);
    }

    /** The repeatable {@code ?filter=} of a query: matcher strings; none is everything. */
    public AlertFilter filter(Deque<String> texts) {
        if (texts == null || texts.isEmpty()) return AlertFilter.ALL;
        capped(texts.size());
        List<Matcher> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(checked(Matcher.parse(t)));
        return new AlertFilter(out);
    }

    /** A JSON array of matchers, each a string or an Alertmanager object; missing or null is none. */
    public List<Matcher> matchers(JsonNode arr, String field) {
        if (arr.isMissingNode() || arr.isNull()) return List.of();
        if (!arr.isArray()) {
            throw new BadRequest("\"" + field + "\" must be an array of matchers, like [\"alertname=DiskFull\"]");
        }
        capped(arr.size());
        List<Matcher> out = new ArrayList<>(arr.size());
        for (JsonNode m : arr) out.add(checked(matcher(m, field)));
        return out;
    }

    private static Matcher matcher(JsonNode m, String field) {
        if (m.isTextual()) return Matcher.parse(m.asText());
        if (m.isObject()) {
            boolean regex = m.path("isRegex").asBoolean(false);
            boolean equal = m.path("isEqual").asBoolean(true);
            Matcher.Op op = regex ? (equal ? Matcher.Op.RE : Matcher.Op.NRE) : (equal ? Matcher.Op.EQ : Matcher.Op.NEQ);
            return new Matcher(m.path("name").asText(), op, m.path("value").asText());
        }
        throw new BadRequest("each of \"" + field + "\" must be a string like \"env=prod\" or an object like"
                + " {\"name\": \"env\", \"value\": \"prod\", \"isRegex\": false, \"isEqual\": true}");
    }

    private Matcher checked(Matcher m) {
        m.requireProgramAtMost(limits.maxRegexProgram());
        Unicode.requireValid(List.of(m));
        return m;
    }

    private void capped(int count) {
        int max = limits.maxMatchers();
        if (count > max) {
            throw new BadRequest(count + " matchers is more than the " + max
                    + " allowed (limits.maxMatchers): narrow them with a regex matcher instead");
        }
    }

    /** A required non-empty string field. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new BadRequest("\"" + field + "\" is required and must be a non-empty string");
        }
        return v.asText();
    }

    /** An RFC 3339 field; null when absent and not {@code required}. */
    public static Instant time(JsonNode n, String field, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) throw new BadRequest("\"" + field + "\" is required: " + TIME_FORM);
            return null;
        }
        Instant t = rfc3339(v.asText());
        if (t == null) throw new BadRequest("\"" + field + "\" '" + v.asText() + "' is not " + TIME_FORM);
        return t;
    }

    /** The one RFC 3339 parser of client input: the instant, or null when {@code text} is not one. */
    public static Instant rfc3339(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
