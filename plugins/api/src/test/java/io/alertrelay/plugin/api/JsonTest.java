package io.alertrelay.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API's JSON reader: the values it gives, the errors it names, its bounds, and agreement with Jackson. */
class JsonTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryKindOfValue() throws Exception {
        Map<String, Object> o = Json.parseObject(
                b(
                        "{\"s\":\"a\\\"b\\u00e9\\n\",\"i\":-42,\"big\":123456789012345678901234,\"d\":1.5e2,"
                                + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,{\"x\":\"y\"}],\"e\":{},\"emoji\":\"\\ud83d\\ude00\"}"));
        assertThat(o.get("s")).isEqualTo("a\"b\u00e9\n");
        assertThat(o.get("i")).isEqualTo(-42L);
        assertThat(o.get("big")).isEqualTo(new BigInteger("123456789012345678901234"));
        assertThat(o.get("d")).isEqualTo(new BigDecimal("1.5e2"));
        assertThat(o.get("t")).isEqualTo(true);
        assertThat(o).containsEntry("n", null);
        assertThat(Json.at(o, "a", "1", "x")).isEqualTo("y");
        assertThat(Json.at(o, "a", "7")).isNull();
        assertThat(Json.text(o, "i")).isEqualTo("-42");
        assertThat(o.get("emoji")).isEqualTo("\ud83d\ude00");
        assertThat(List.copyOf(o.keySet())).startsWith("s", "i", "big");
        assertThatThrownBy(() -> Json.text(o, "a")).hasMessage("a must be text, not an array");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a":1,}              | line 1, column 8: expected a member name in double quotes
            {"a" 1}               | line 1, column 6: expected ':' after the member name "a"
            {"a":1 "b":2}         | line 1, column 8: expected ',' or '}' after the value of "a"
            [1 2]                 | line 1, column 4: expected ',' or ']' after an array element
            {"a":tru}             | line 1, column 6: expected a value (did you mean true?)
            {"a":"x               | line 1, column 6: a string that is never closed
            {"a":01}              | line 1, column 7: expected ',' or '}'
            {"a":-}               | line 1, column 7: expected a digit
            {"a":1.}              | line 1, column 8: expected a digit after '.'
            {"a":"\\q"}           | line 1, column 8: \\q is not a JSON escape
            {"a":1} x             | line 1, column 9: expected the end of the body
            '{\n  "a": [\n    1,\n    ]\n}' | line 4, column 5: expected a value
            """)
    void errorsSayWhereAndWhat(String body, String expected) {
        assertThatThrownBy(() -> Json.parse(b(body.replace("\\n", "\n"))))
                .isInstanceOf(WebhookFormatException.class)
                .hasMessageStartingWith("the body is not valid JSON: ")
                .hasMessageContaining(expected);
    }

    @Test
    void nestingIsBoundedAndOtherBodiesAreRefusedClearly() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(b(deep))).hasMessageContaining("nest deeper than 64 levels");
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        org.assertj.core.api.Assertions.assertThatNoException().isThrownBy(() -> Json.parse(b(ok)));
        assertThatThrownBy(() -> Json.parse(new byte[0])).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xC3, '"'})).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> Json.parseObject(b("[1]"))).hasMessage("the body must be a JSON object, not an array");
        assertThatThrownBy(() -> Json.parse(b("1" + "0".repeat(200)))).hasMessageContaining("more than 100 characters");
        assertThatThrownBy(() -> Json.parse(b("\"a\tb\""))).hasMessageContaining("control character");
    }

    @Test
    void agreesWithJacksonOnRandomDocuments() throws Exception {
        ObjectMapper jackson = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        Random r = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            Object doc = randomValue(r, 0);
            byte[] text = jackson.writeValueAsBytes(doc);
            assertThat(normal(Json.parse(text)))
                    .as(new String(text, StandardCharsets.UTF_8))
                    .isEqualTo(normal(jackson.readValue(text, Object.class)));
        }
    }

    /** Numbers compared by value, whatever class each reader chose. */
    static Object normal(Object v) {
        if (v instanceof Number n) return new BigDecimal(n.toString()).stripTrailingZeros();
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(JsonTest::normal).toList();
        return v;
    }

    static Object randomValue(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0:
                return randomString(r);
            case 1:
                return r.nextLong() >> r.nextInt(63);
            case 2:
                return new BigDecimal(r.nextGaussian() * 1e6).round(new java.math.MathContext(1 + r.nextInt(15)));
            case 3:
                return r.nextBoolean();
            case 4:
                return null;
            case 5: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) m.put(randomString(r), randomValue(r, depth + 1));
                return m;
            }
            default: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) l.add(randomValue(r, depth + 1));
                return l;
            }
        }
    }

    static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int c = r.nextInt(10) == 0 ? r.nextInt(0x20) : r.nextInt(10) == 0 ? 0x1F600 : 0x20 + r.nextInt(0x300);
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }
}
