package io.alertrelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Alertmanager's own OpenAPI document (v0.25, vendored under {@code src/test/resources/alertmanager/}) as the judge
 * of the relay's {@code /api/v2} answers: each answer is validated against the schema the document gives for its
 * path, method and status, by a JSON Schema validator rather than by checks written here.
 */
public final class AmOpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOC = load();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private AmOpenApi() {}

    /**
     * Asserts that {@code r}, the answer to {@code method} on {@code path} (as the document writes it, e.g.
     * {@code /silence/{silenceID}}), is one the document defines: its status is listed, and its body fits the schema,
     * or is empty where the document gives none. Returns the body as JSON (null when empty).
     */
    public static JsonNode assertValid(String method, String path, HttpResponse<String> r) {
        JsonNode response = response(method, path, r.statusCode());
        assertThat(response.isMissingNode())
                .as(
                        "Alertmanager's API has no %d answer to %s %s; the relay answered %s",
                        r.statusCode(), method, path, r.body())
                .isFalse();
        JsonNode schema = response.path("schema");
        if (schema.isMissingNode()) {
            assertThat(r.body())
                    .as("%s %s %d has no body in Alertmanager's API", method, path, r.statusCode())
                    .isEmpty();
            return null;
        }
        JsonNode body = parse(r.body());
        assertThat(problems(schema, body))
                .as("%s %s %d against Alertmanager's OpenAPI schema; body %s", method, path, r.statusCode(), r.body())
                .isEmpty();
        return body;
    }

    /** Asserts {@code body} fits the document's definition {@code name} (e.g. {@code gettableSilences}). */
    public static void assertFits(String name, JsonNode body) {
        JsonNode schema = JSON.createObjectNode().put("$ref", "#/definitions/" + name);
        assertThat(problems(schema, body))
                .as("%s against definition %s", body, name)
                .isEmpty();
    }

    /** The validator's complaints about {@code body} under {@code schema} (refs into the document's definitions). */
    public static Set<ValidationMessage> problems(JsonNode schema, JsonNode body) {
        ObjectNode root = schema.deepCopy();
        root.set("definitions", DOC.path("definitions"));
        JsonSchema s = FACTORY.getSchema(root, CONFIG);
        return s.validate(body);
    }

    private static JsonNode response(String method, String path, int status) {
        JsonNode r = DOC.path("paths")
                .path(path)
                .path(method.toLowerCase(Locale.ROOT))
                .path("responses")
                .path(Integer.toString(status));
        if (r.has("$ref")) {
            String ref = r.get("$ref").asText();
            r = DOC.path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return r;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JsonNode load() {
        try (InputStream in = AmOpenApi.class.getResourceAsStream("/alertmanager/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("alertmanager/openapi.yaml is not on the test classpath");
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
