package io.alertrelay.plugin.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a webhook body as JSON (RFC 8259) into plain Java values, so a format needs no JSON library of its own
 * (since API 1.2). Objects become {@code Map<String, Object>} (in body order; a repeated key keeps its last
 * value), arrays {@code List<Object>}, strings {@code String}, whole numbers {@code Long} (or {@code BigInteger}
 * when too large), other numbers {@code BigDecimal}, and {@code true}/{@code false}/{@code null} themselves.
 *
 * <p>Bounded: the relay caps the body's size before a format sees it, and nesting deeper than {@link #MAX_DEPTH}
 * is refused, so no body costs more than one pass over its bytes and a little memory per value. Every error is a
 * {@link WebhookFormatException} saying where (line and column) and what was expected, which the relay sends back
 * to the sender with a 400. Thread-safe: it keeps no state.
 */
public final class Json {

    /** The deepest nesting of objects and arrays a body may have. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Any JSON value. */
    public static Object parse(byte[] body) throws WebhookFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebhookFormatException("the body is not UTF-8 text; send JSON encoded as UTF-8");
        }
        Json p = new Json(text);
        p.skipSpace();
        if (p.pos == text.length()) throw new WebhookFormatException("the body is empty; expected a JSON value");
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("expected the end of the body after the JSON value");
        return v;
    }

    /** A JSON object; anything else is an error saying what the body was instead. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] body) throws WebhookFormatException {
        Object v = parse(body);
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new WebhookFormatException("the body must be a JSON object, not " + kind(v));
    }

    /**
     * The value at {@code path} (object keys; a whole number steps into an array), or null when any step is
     * missing.
     */
    public static Object at(Object node, String... path) {
        Object cur = node;
        for (String step : path) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(step);
            } else if (cur instanceof List<?> l && step.matches("[0-9]{1,9}")) {
                int i = Integer.parseInt(step);
                cur = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }

    /**
     * The text at {@code path}: a string, or a number or boolean as written; null when missing or JSON null.
     *
     * @throws WebhookFormatException when it is an object or an array, naming the path
     */
    public static String text(Object node, String... path) throws WebhookFormatException {
        Object v = at(node, path);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        throw new WebhookFormatException(String.join(".", path) + " must be text, not " + kind(v));
    }

    /** What a value is, in the words of an error message: "an object", "a number"... */
    public static String kind(Object v) {
        if (v == null) return "null";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "a boolean";
        return "a number";
    }

    private Object value(int depth) throws WebhookFormatException {
        if (pos >= text.length()) throw error("the body ends where a value was expected");
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("expected a value (an object, array, string, number, true, false or null)");
        }
    }

    private Map<String, Object> object(int depth) throws WebhookFormatException {
        if (depth > MAX_DEPTH) throw error("objects and arrays nest deeper than " + MAX_DEPTH + " levels");
        pos++; // {
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (peek('}')) {
            pos++;
            return Collections.unmodifiableMap(out);
        }
        while (true) {
            skipSpace();
            if (!peek('"')) throw error("expected a member name in double quotes");
            String key = string();
            skipSpace();
            if (!peek(':')) throw error("expected ':' after the member name \"" + shorten(key) + "\"");
            pos++;
            skipSpace();
            out.put(key, value(depth));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (peek('}')) {
                pos++;
                return Collections.unmodifiableMap(out);
            } else {
                throw error("expected ',' or '}' after the value of \"" + shorten(key) + "\"");
            }
        }
    }

    private List<Object> array(int depth) throws WebhookFormatException {
        if (depth > MAX_DEPTH) throw error("objects and arrays nest deeper than " + MAX_DEPTH + " levels");
        pos++; // [
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (peek(']')) {
            pos++;
            return Collections.unmodifiableList(out);
        }
        while (true) {
            skipSpace();
            out.add(value(depth));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (peek(']')) {
                pos++;
                return Collections.unmodifiableList(out);
            } else {
                throw error("expected ',' or ']' after an array element");
            }
        }
    }

    private String string() throws WebhookFormatException {
        int start = pos;
        pos++; // "
        StringBuilder out = null;
        int run = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null
                        ? text.substring(run, pos)
                        : out.append(text, run, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("a control character inside a string; escape it (\\n, \\t, \\u0000)");
            if (c == '\\') {
                if (out == null) out = new StringBuilder();
                out.append(text, run, pos);
                pos++;
                if (pos >= text.length()) break;
                char e = text.charAt(pos);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 >= text.length()) throw error("\\u needs four hex digits");
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos + 1, pos + 5), 16));
                        } catch (NumberFormatException x) {
                            throw error("\\u needs four hex digits");
                        }
                        pos += 4;
                    }
                    default -> throw error("\\" + e + " is not a JSON escape");
                }
                pos++;
                run = pos;
            } else {
                pos++;
            }
        }
        pos = start;
        throw error("a string that is never closed with '\"'");
    }

    private Object number() throws WebhookFormatException {
        int start = pos;
        if (peek('-')) pos++;
        if (peek('0')) {
            pos++;
        } else if (!digits()) {
            throw error("expected a digit");
        }
        boolean whole = true;
        if (peek('.')) {
            pos++;
            whole = false;
            if (!digits()) throw error("expected a digit after '.'");
        }
        if (peek('e') || peek('E')) {
            pos++;
            whole = false;
            if (peek('+') || peek('-')) pos++;
            if (!digits()) throw error("expected a digit in the exponent");
        }
        String n = text.substring(start, pos);
        if (n.length() > 100) {
            pos = start;
            throw error("a number of more than 100 characters");
        }
        if (!whole) return new BigDecimal(n);
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int from = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        return pos > from;
    }

    private Object literal(String word, Object value) throws WebhookFormatException {
        if (!text.startsWith(word, pos)) throw error("expected a value (did you mean " + word + "?)");
        pos += word.length();
        return value;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private WebhookFormatException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new WebhookFormatException("the body is not valid JSON: line " + line + ", column " + col + ": " + what);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "\u2026";
    }
}
