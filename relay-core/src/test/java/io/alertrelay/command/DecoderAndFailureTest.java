package io.alertrelay.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.NoSuchAlertException;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.plugin.PluginBusyException;
import io.alertrelay.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoder's shapes and limits, and the one mapping of refusals to both doors' answers. */
class DecoderAndFailureTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Decoder decoder = new Decoder(LimitsConfig.defaults());

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void stringAndObjectMatchersDecodeToTheSameMatchers() throws Exception {
        List<Matcher> strings = decoder.matchers(json("[\"env=~p.*\", \"team!=ops\", \"a=b\", \"c!~d\"]"), "m");
        List<Matcher> objects = decoder.matchers(
                json("[{\"name\":\"env\",\"value\":\"p.*\",\"isRegex\":true},"
                        + "{\"name\":\"team\",\"value\":\"ops\",\"isEqual\":false},{\"name\":\"a\",\"value\":\"b\"},"
                        + "{\"name\":\"c\",\"value\":\"d\",\"isRegex\":true,\"isEqual\":false}]"),
                "m");
        assertThat(objects).isEqualTo(strings);
    }

    @Test
    void limitsAreCheckedForEveryShape() throws Exception {
        StringBuilder many = new StringBuilder("[");
        ArrayDeque<String> query = new ArrayDeque<>();
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ",").append("\"l").append(i).append("=v\"");
            query.add("l" + i + "=v");
        }
        assertThatThrownBy(() -> decoder.matchers(json(many + "]"), "m")).hasMessageContaining("limits.maxMatchers");
        assertThatThrownBy(() -> decoder.filter(query)).hasMessageContaining("limits.maxMatchers");
        assertThatThrownBy(
                        () -> decoder.matchers(json("[{\"name\":\"a\",\"value\":\"x{1000}\",\"isRegex\":true}]"), "m"))
                .hasMessageContaining("limits.maxRegexProgram");
    }

    @Test
    void timesAreRfc3339OrRefusedNamingTheField() throws Exception {
        assertThat(Decoder.time(json("{\"t\":\"2026-11-25T18:00:00+01:00\"}"), "t", true))
                .isEqualTo(Instant.parse("2026-11-25T17:00:00Z"));
        assertThat(Decoder.time(json("{}"), "t", false)).isNull();
        assertThatThrownBy(() -> Decoder.time(json("{}"), "t", true))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("\"t\" is required");
        assertThatThrownBy(() -> Decoder.time(json("{\"t\":\"soon\"}"), "t", true))
                .hasMessageContaining("'soon' is not an RFC 3339 time");
    }

    @Test
    void queryParametersNameTheirOwnCodes() {
        Map<String, java.util.Deque<String>> q = Map.of("status", new ArrayDeque<>(List.of("gone")));
        assertThatThrownBy(() -> decoder.listAlerts(q))
                .isInstanceOfSatisfying(
                        BadRequest.class,
                        b -> assertThat(Failure.of(b, Action.LIST_ALERTS).restCode())
                                .isEqualTo("bad-status"));
        Map<String, java.util.Deque<String>> l = Map.of("limit", new ArrayDeque<>(List.of("0")));
        assertThatThrownBy(() -> decoder.queryHistory(l, 500, 100))
                .isInstanceOfSatisfying(
                        BadRequest.class,
                        b -> assertThat(Failure.of(b, Action.QUERY_HISTORY).restCode())
                                .isEqualTo("bad-limit"));
    }

    @Test
    void refusalsMapByTypeToOneAnswerPerDoor() {
        assertThat(Failure.of(new IllegalStateException("resolved"), Action.ACK))
                .isEqualTo(new Failure(409, "conflict", "invalid", "resolved", false));
        assertThat(Failure.of(new IllegalArgumentException("bad"), Action.CREATE_SILENCE))
                .isEqualTo(new Failure(400, "bad-silence", "invalid", "bad", false));
        assertThat(Failure.of(new IllegalArgumentException("bad"), Action.ACK).restCode())
                .isEqualTo("bad-json");
        assertThat(Failure.of(new IllegalArgumentException("bad"), Action.LIST_ALERTS)
                        .restCode())
                .isEqualTo("bad-filter");
        assertThat(Failure.of(new NoSuchAlertException("9f"), Action.UNACK).status())
                .isEqualTo(404);
        assertThat(Failure.of(new PluginBusyException("p"), Action.RESTART_PLUGIN)
                        .restCode())
                .isEqualTo("plugin-busy");
        Failure store = Failure.of(new StoreUnavailableException("disk full", null), Action.ACK);
        assertThat(store.status()).isEqualTo(503);
        assertThat(store.wsCode()).isEqualTo("unavailable");
        assertThat(store.retryAfter()).isTrue();
        assertThat(Failure.of(new RuntimeException("bug"), Action.ACK)).isNull();
    }
}
