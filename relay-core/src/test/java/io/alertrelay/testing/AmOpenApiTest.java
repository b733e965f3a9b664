package io.alertrelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The judge judges: Alertmanager's schemas refuse answers a client could not read. */
class AmOpenApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode ref(String name) {
        return JSON.createObjectNode().put("$ref", "#/definitions/" + name);
    }

    @Test
    void schemasRefuseMissingFieldsWrongEnumsAndBadTimes() throws Exception {
        String good = "{\"annotations\":{},\"endsAt\":\"2026-11-24T21:04:00Z\",\"fingerprint\":\"bb4a6d0ba13e7208\","
                + "\"receivers\":[{\"name\":\"alert-relay\"}],\"startsAt\":\"2026-11-24T21:00:00Z\","
                + "\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"},"
                + "\"updatedAt\":\"2026-11-24T21:00:00.124Z\",\"labels\":{\"alertname\":\"X\"}}";
        assertThat(AmOpenApi.problems(ref("gettableAlert"), JSON.readTree(good)))
                .isEmpty();
        assertThat(AmOpenApi.problems(ref("gettableAlert"), JSON.readTree(good.replace("\"fingerprint\"", "\"fp\""))))
                .isNotEmpty();
        assertThat(AmOpenApi.problems(ref("gettableAlert"), JSON.readTree(good.replace("active", "firing"))))
                .isNotEmpty();
        assertThat(AmOpenApi.problems(
                        ref("gettableAlert"), JSON.readTree(good.replace("2026-11-24T21:04:00Z", "soon"))))
                .isNotEmpty();
        assertThat(AmOpenApi.problems(ref("gettableSilences"), JSON.readTree("[{\"id\":\"x\"}]")))
                .isNotEmpty();
    }
}
