package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.TestRelay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Label values that are not Unicode: lone surrogates written as JSON escapes. Today {@code "\udbff"},
 * {@code "\ud800"} and {@code "?"} get one fingerprint, so one resolves the other (issue 12, item 7). The fix's
 * contract: a lone surrogate is {@code 400 bad-alert} naming the label; a real pair and a plain "?" are taken; no
 * two different inputs ever share a fingerprint.
 */
final class SurrogateAttack {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SurrogateAttack() {}

    static DynamicContainer run(HostileRelay relay) {
        return relay.attack("labels: lone surrogates in pushed label values", a -> {
            Map<String, Boolean> values = new LinkedHashMap<>(); // JSON text of the value -> valid Unicode
            values.put("\\udbff", false);
            values.put("\\ud800", false);
            values.put("?", true);
            values.put("\\udc00", false);
            values.put("x\\ud800y", false);
            values.put("\\ude00\\ud83d", false);
            values.put("\\ud83d\\ude00", true);
            int accepted = 0;
            for (Map.Entry<String, Boolean> v : values.entrySet()) {
                String body = "[{\"labels\":{\"alertname\":\"Surrogate\",\"t\":\"" + a.phase + "\",\"who\":\""
                        + v.getKey() + "\"}}]";
                SourceHttp.Answer r = SourceHttp.send(
                        "127.0.0.1",
                        relay.port(),
                        "POST",
                        "/api/v2/alerts",
                        Map.of("Authorization", "Bearer " + TestRelay.INGEST, "Content-Type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8),
                        ProcessBystanders.CAP);
                a.answer(r);
                if (r.status() / 100 == 2) accepted++;
                if (v.getValue()) {
                    a.contract
                            .assertThat(r.status())
                            .as("push of who=\"%s\" (valid Unicode): %s", v.getKey(), r.body())
                            .isEqualTo(200);
                } else {
                    a.contract
                            .assertThat(r.outcome())
                            .as("push of who=\"%s\" (a lone surrogate)", v.getKey())
                            .isEqualTo("400 bad-alert");
                    a.contract
                            .assertThat(r.body())
                            .as("the refusal of who=\"%s\" names the label", v.getKey())
                            .contains("who");
                }
            }
            Set<String> fingerprints = fingerprints(relay, a.phase);
            a.contract
                    .assertThat(fingerprints)
                    .as(
                            "fingerprints of the %d accepted pushes (two different inputs" + " must never share one)",
                            accepted)
                    .hasSize(accepted);
            a.size(values.size() + " pushes with label values " + String.join(", ", values.keySet()));
            a.hold(Duration.ofSeconds(1));
        });
    }

    private static Set<String> fingerprints(HostileRelay relay, String phase) throws Exception {
        String q = "/api/alerts?filter=" + URLEncoder.encode("alertname=\"Surrogate\"", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode("t=\"" + phase + "\"", StandardCharsets.UTF_8);
        var r = relay.bystanders().viewerGet(q);
        Set<String> out = new HashSet<>();
        if (r == null || r.statusCode() != 200) return out;
        for (JsonNode alert : JSON.readTree(r.body()))
            out.add(alert.path("fingerprint").asText());
        return out;
    }
}
