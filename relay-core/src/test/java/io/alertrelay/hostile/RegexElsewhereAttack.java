package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;

/**
 * The 26-empty-group bomb where else a matcher runs (issue 12, item 1): {@code GET /api/alerts?filter=},
 * {@code GET /api/history?filter=}, a silence made over REST and one made over the WebSocket (operator); and a
 * pattern RE2 does not accept at all ({@code (a)\1}), which must be refused everywhere with a clear answer. Each
 * bomb follows matchers that pick two alerts of the attack's own ({@code alertname="RegexTarget"}), so today it
 * costs a bounded two matches per request.
 */
final class RegexElsewhereAttack {

    static final String BOMB = RegexBombAttack.emptyGroups(26);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegexElsewhereAttack() {}

    static List<DynamicNode> run(HostileRelay relay) {
        return List.of(
                query(relay, "/api/alerts"),
                query(relay, "/api/history"),
                query(relay, "/api/v2/alerts"),
                query(relay, "/api/v2/alerts/groups"),
                restSilence(relay, "/api/silences"),
                restSilence(relay, "/api/v2/silences"),
                wsSilence(relay),
                rejected(relay));
    }

    /** Two target alerts of this attack; resolved too when {@code resolved} (for the history). */
    private static void targets(Attack a, HostileRelay relay, boolean resolved) {
        StringBuilder body = new StringBuilder("[");
        for (int k = 1; k <= 2; k++) {
            String ended = resolved ? ",\"endsAt\":\"" + Instant.now().minusSeconds(1) + "\"" : "";
            body.append(k == 1 ? "" : ",")
                    .append("{\"labels\":{\"alertname\":\"RegexTarget\",\"t\":\"")
                    .append(a.phase)
                    .append("\",\"k\":\"")
                    .append(k)
                    .append("\"}")
                    .append(ended)
                    .append('}');
        }
        SourceHttp.Answer r = rest(
                relay,
                "POST",
                "/api/v2/alerts",
                TestRelay.INGEST,
                body.append(']').toString());
        a.outcome("target push: " + r.outcome());
    }

    private static List<String> matchers(Attack a, String last) {
        return List.of("alertname=\"RegexTarget\"", "t=\"" + a.phase + "\"", last);
    }

    private static DynamicNode query(HostileRelay relay, String path) {
        return relay.attack("regex: GET " + path + "?filter=, 26 empty groups", a -> {
            targets(a, relay, false);
            if (path.endsWith("history")) targets(a, relay, true);
            a.size("GET " + path + " with alertname=\"RegexTarget\", t=\"" + a.phase + "\" and nolabel=~ / !~ \""
                    + RegexBombAttack.shorten(BOMB) + "\", over 2 target alerts");
            for (String op : List.of("!~", "=~")) {
                StringBuilder q = new StringBuilder(path);
                for (String m : matchers(a, "nolabel" + op + "\"" + BOMB + "\"")) {
                    q.append(q.indexOf("?") < 0 ? '?' : '&')
                            .append("filter=")
                            .append(URLEncoder.encode(m, StandardCharsets.UTF_8));
                }
                SourceHttp.Answer r = a.answer(rest(relay, "GET", q.toString(), TestRelay.VIEWER, null));
                int expected = op.equals("!~") ? 2 : 0;
                a.contract
                        .assertThat(r.status())
                        .as("GET %s with nolabel%s(bomb): %s", path, op, r.body())
                        .isEqualTo(200);
                a.contract
                        .assertThat(count(r, path))
                        .as("alerts GET %s found with nolabel%s(bomb)", path, op)
                        .isEqualTo(expected);
                a.contract
                        .assertThat(r.millis())
                        .as("ms GET %s took with nolabel%s(bomb)", path, op)
                        .isLessThan(1_000);
                if (a.stalled()) return;
            }
            a.hold(Duration.ofSeconds(1));
        });
    }

    private static int count(SourceHttp.Answer r, String path) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (path.endsWith("groups")) {
                int alerts = 0;
                for (JsonNode g : n) alerts += g.path("alerts").size();
                return alerts;
            }
            return (path.endsWith("history") ? n.path("entries") : n).size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** {@code path}: the relay's silences (201 with the silence) or Alertmanager's (200 with its silenceID). */
    private static DynamicNode restSilence(HostileRelay relay, String path) {
        boolean am = path.startsWith("/api/v2/");
        return relay.attack("regex: POST " + path + " (operator), 26 empty groups", a -> {
            targets(a, relay, false);
            a.size("2 silences: alertname=\"RegexTarget\", t=\"" + a.phase + "\" and nolabel!~ / =~ \""
                    + RegexBombAttack.shorten(BOMB) + "\", over 2 target alerts");
            for (String op : List.of("!~", "=~")) {
                String body = "{" + silence(matchers(a, "nolabel" + op + "\"" + BOMB + "\"")) + "}";
                SourceHttp.Answer r = a.answer(rest(relay, "POST", path, TestRelay.OPERATOR, body));
                a.contract
                        .assertThat(r.status())
                        .as("POST %s with nolabel%s(bomb): %s", path, op, r.body())
                        .isEqualTo(am ? 200 : 201);
                a.contract
                        .assertThat(r.millis())
                        .as("ms POST %s took with nolabel%s(bomb)", path, op)
                        .isLessThan(1_000);
                String id = id(r.body(), am ? "silenceID" : "id");
                if (id != null) {
                    checkSilenced(a, relay, id, op.equals("!~"));
                    rest(relay, "DELETE", "/api/silences/" + id, TestRelay.OPERATOR, null);
                }
                if (a.stalled()) return;
            }
            a.hold(Duration.ofSeconds(1));
        });
    }

    private static DynamicNode wsSilence(HostileRelay relay) {
        return relay.attack("regex: WebSocket silence (operator), 26 empty groups", a -> {
            targets(a, relay, false);
            a.size("1 silence request: alertname=\"RegexTarget\", t=\"" + a.phase + "\" and nolabel!~\""
                    + RegexBombAttack.shorten(BOMB) + "\", over 2 target alerts");
            try (WsTestClient op = Viewers.open(relay, TestRelay.OPERATOR)) {
                long sent = System.nanoTime();
                op.send("{\"type\":\"silence\",\"id\":\"s1\"," + silence(matchers(a, "nolabel!~\"" + BOMB + "\""))
                        + "}");
                JsonNode done = Viewers.first(op, ProcessBystanders.CAP, "done", "error");
                long ms = (System.nanoTime() - sent) / 1_000_000;
                a.outcome("silence: " + Viewers.answer(done) + " in " + Window.ms(ms));
                a.contract
                        .assertThat(Viewers.answer(done))
                        .as("answer to the silence request")
                        .isEqualTo("done");
                a.contract
                        .assertThat(ms)
                        .as("ms until the silence request was done")
                        .isLessThan(1_000);
                String id = done == null ? null : done.path("silenceId").asText(null);
                if (id != null) {
                    checkSilenced(a, relay, id, true);
                    rest(relay, "DELETE", "/api/silences/" + id, TestRelay.OPERATOR, null);
                }
            }
            a.hold(Duration.ofSeconds(1));
        });
    }

    /** The two targets carry (or do not carry) silence {@code id} in silencedBy. */
    private static void checkSilenced(Attack a, HostileRelay relay, String id, boolean expected) {
        SourceHttp.Answer r = rest(
                relay,
                "GET",
                "/api/alerts?filter=" + URLEncoder.encode("t=\"" + a.phase + "\"", StandardCharsets.UTF_8),
                TestRelay.VIEWER,
                null);
        List<Boolean> silenced = new ArrayList<>();
        try {
            for (JsonNode alert : JSON.readTree(r.body())) {
                boolean has = false;
                for (JsonNode s : alert.path("silencedBy")) has |= s.asText().equals(id);
                silenced.add(has);
            }
        } catch (Exception e) {
            a.contract.fail("GET /api/alerts after the silence answered %s", r.outcome());
            return;
        }
        a.contract
                .assertThat(silenced)
                .as("target alerts silenced by %s", id)
                .hasSize(2)
                .containsOnly(expected);
    }

    /** A backreference: RE2 has none. Refused with 400 or an error frame, naming the matcher, wherever it is sent. */
    private static DynamicNode rejected(HostileRelay relay) {
        return relay.attack("regex: (a)\\1, which RE2 rejects, everywhere", a -> {
            String bad = "nolabel=~\"(a)\\1\"";
            a.size("one matcher " + bad + " in a subscribe, GET /api/alerts, GET /api/history, POST /api/silences and a"
                    + " WebSocket silence");
            List<String> matchers = List.of("t=\"" + a.phase + "\"", bad);
            try (WsTestClient viewer = Viewers.open(relay, TestRelay.VIEWER);
                    WsTestClient op = Viewers.open(relay, TestRelay.OPERATOR)) {
                viewer.send(Frames.subscribe("t=\"" + a.phase + "\"", bad));
                String sub = Viewers.answer(Viewers.first(viewer, ProcessBystanders.CAP, "snapshot", "error"));
                a.outcome("subscribe: " + sub);
                a.contract
                        .assertThat(sub)
                        .as("answer to a subscribe with %s", bad)
                        .startsWith("error");
                op.send("{\"type\":\"silence\",\"id\":\"s2\"," + silence(matchers) + "}");
                String sil = Viewers.answer(Viewers.first(op, ProcessBystanders.CAP, "done", "error"));
                a.outcome("WebSocket silence: " + sil);
                a.contract
                        .assertThat(sil)
                        .as("answer to a WebSocket silence with %s", bad)
                        .startsWith("error");
            }
            String q = "?filter=" + URLEncoder.encode(bad, StandardCharsets.UTF_8);
            for (String path : List.of("/api/alerts" + q, "/api/history" + q, "/api/v2/alerts" + q)) {
                SourceHttp.Answer r = rest(relay, "GET", path, TestRelay.VIEWER, null);
                a.outcome("GET " + path.substring(0, path.indexOf('?')) + ": " + r.outcome());
                a.contract.assertThat(r.status()).as("GET %s", path).isEqualTo(400);
                a.contract
                        .assertThat(r.body())
                        .as("the refusal of GET %s names the matcher", path)
                        .contains("nolabel");
            }
            SourceHttp.Answer s =
                    rest(relay, "POST", "/api/silences", TestRelay.OPERATOR, "{" + silence(matchers) + "}");
            a.outcome("POST /api/silences: " + s.outcome());
            a.contract
                    .assertThat(s.status())
                    .as("POST /api/silences with %s", bad)
                    .isEqualTo(400);
            a.contract
                    .assertThat(s.body())
                    .as("the refusal of the silence names the matcher")
                    .contains("nolabel");
            String id = id(s.body(), "id");
            if (id != null) rest(relay, "DELETE", "/api/silences/" + id, TestRelay.OPERATOR, null);
            a.hold(Duration.ofSeconds(1));
        });
    }

    /** The fields of an hour-long silence, for a REST body or a WebSocket silence request. */
    private static String silence(List<String> matchers) {
        return "\"matchers\":" + Viewers.json(matchers) + ",\"endsAt\":\""
                + Instant.now().plusSeconds(3600) + "\",\"comment\":\"hostile suite\"";
    }

    private static String id(String body, String field) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.hasNonNull(field) ? n.get(field).asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** A REST request from 127.0.0.1 with a valid token, answered within the cap. */
    static SourceHttp.Answer rest(HostileRelay relay, String method, String path, String token, String json) {
        return SourceHttp.send(
                "127.0.0.1",
                relay.port(),
                method,
                path,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                ProcessBystanders.CAP);
    }
}
