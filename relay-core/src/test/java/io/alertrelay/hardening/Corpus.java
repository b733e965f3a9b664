package io.alertrelay.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** Generated bad JSON: truncations, wrong types, huge numbers, deep nesting, strings that are not text. */
final class Corpus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLE = "@@HOLE@@";

    /** Values of every JSON type, to put where another type belongs. */
    static final List<String> WRONG_TYPES = List.of(
            "123",
            "-1",
            "0",
            "1.5",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "\"\"",
            "\"x\"",
            "[\"a\",1]",
            "{\"a\":1}",
            "[[[]]]");

    /** Numbers no long, double or sane parser holds. */
    static final List<String> HUGE_NUMBERS = List.of(
            "1e999999",
            "-1e999999",
            "1e-999999",
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "9223372036854775808",
            "-9223372036854775809",
            "9223372036854775807",
            "18446744073709551616",
            "0.00000000000000000000000000000000000000000001",
            "1" + "0".repeat(1200),
            "1" + "0".repeat(900) + ".5e-999999999");

    /** Strings JSON allows that are not text: lone surrogates, reversed pairs, control characters, noise. */
    static final List<String> NOT_TEXT = List.of(
            "\"\\ud800\"",
            "\"\\udfff\"",
            "\"\\udc00\\ud800\"",
            "\"x\\ud83d\"",
            "\"\\u0000\"",
            "\"\\u0000\\u0001\\u001f\"",
            "\"\\ufffe\\uffff\"",
            "\"" + "\\ud800".repeat(200) + "\"",
            "\"" + "x".repeat(20_000) + "\"");

    private Corpus() {}

    /** The valid message cut at every byte offset: {@code valid.length()} frames, none of them JSON. */
    static List<String> truncations(String valid) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < valid.length(); i++) out.add(valid.substring(0, i));
        return out;
    }

    /**
     * The message with each field (at every depth, containers and array elements included) replaced in turn
     * by each of {@code values}, written as raw JSON text. Returns pairs of (field path, message).
     */
    static List<String[]> substitutions(String valid, List<String> values) {
        JsonNode root = read(valid);
        List<String[]> out = new ArrayList<>();
        forEachPath(root, "", path -> {
            for (String v : values) {
                JsonNode copy = root.deepCopy();
                put(copy, path, HOLE);
                out.add(new String[] {path, copy.toString().replace("\"" + HOLE + "\"", v)});
            }
        });
        return out;
    }

    /** Nesting {@code depth} deep: arrays, objects, both unclosed, and inside a message's own fields. */
    static List<String> deepNesting(int depth) {
        return List.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth),
                "{\"a\":".repeat(depth),
                "{\"type\":\"subscribe\",\"filter\":{\"matchers\":" + "[".repeat(depth) + "]".repeat(depth) + "}}",
                "{\"type\":\"ping\",\"id\":" + "[{\"a\":".repeat(depth / 2) + "1" + "}]".repeat(depth / 2) + "}",
                "{\"type\":\"subscribe\",\"since\":{\"seq\":" + "[".repeat(depth) + "]".repeat(depth) + "}}");
    }

    private static void forEachPath(JsonNode node, String path, Consumer<String> each) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String p = path + "/" + f;
                each.accept(p);
                forEachPath(node.get(f), p, each);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "/" + i;
                each.accept(p);
                forEachPath(node.get(i), p, each);
            }
        }
    }

    private static void put(JsonNode root, String path, String text) {
        int cut = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, cut));
        String last = path.substring(cut + 1);
        if (parent instanceof ObjectNode o) o.put(last, text);
        else
            ((ArrayNode) parent)
                    .set(Integer.parseInt(last), JSON.getNodeFactory().textNode(text));
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
