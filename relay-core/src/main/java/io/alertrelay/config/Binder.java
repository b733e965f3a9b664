package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.alertrelay.plugin.api.Durations;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads typed values out of the tree with messages that name the key, the value and what is allowed.
 * A bad value is reported to {@link Problems} and its default returned, so one pass finds every problem.
 * A key that is absent or empty ({@code port:} with nothing after it) takes its default.
 */
final class Binder {

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+(_[0-9]+)*");
    private static final int SHOW_MAX = 60;

    private final Problems problems;

    Binder(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** The top level of the file; an empty file is an empty mapping. Keys are checked after the overrides. */
    ObjectNode root(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) return empty();
        if (!(node instanceof ObjectNode obj)) {
            problems.inFile("the file must be a mapping of keys (server:, limits:, ...); got " + show(node));
            return empty();
        }
        return obj;
    }

    /** The mapping at {@code path} under {@code parent}, checked for unknown keys (except {@code plugins}). */
    ObjectNode section(ObjectNode parent, String path) {
        JsonNode node = value(parent, path);
        if (node == null) return empty();
        List<String> known = ConfigKeys.childrenOf(path);
        if (!(node instanceof ObjectNode obj)) {
            problems.at(path, show(node) + " is not a mapping; expected keys such as " + String.join(", ", known));
            return empty();
        }
        if (!path.equals("plugins")) checkKeys(obj, path, known);
        return obj;
    }

    void checkKeys(ObjectNode obj, String path, List<String> known) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String name = e.getKey();
            if (known.contains(name)) continue;
            String full = path.isEmpty() ? name : path + "." + name;
            problems.about(
                    full,
                    "unknown key " + full + ": known keys " + (path.isEmpty() ? "at the top level" : "under " + path)
                            + " are " + String.join(", ", known));
        }
    }

    /** The node for the last segment of {@code path}, or null when absent or empty. */
    static JsonNode value(ObjectNode obj, String path) {
        JsonNode node = obj.get(path.substring(path.lastIndexOf('.') + 1));
        return node == null || node.isNull() ? null : node;
    }

    /** A whole number from {@code min} to {@code max}; {@code expected} says so in words, with the unit. */
    long whole(ObjectNode obj, String path, long dflt, long min, long max, String expected) {
        JsonNode node = value(obj, path);
        if (node == null) return dflt;
        BigInteger n = null;
        if (node.isIntegralNumber()) {
            n = node.bigIntegerValue();
        } else if (node.isTextual() && WHOLE.matcher(node.textValue().strip()).matches()) {
            n = new BigInteger(node.textValue().strip().replace("_", ""));
        }
        String problem = n == null
                ? " is not a whole number"
                : n.compareTo(BigInteger.valueOf(max)) > 0
                        ? " is too large"
                        : n.compareTo(BigInteger.valueOf(min)) < 0 ? " is too small" : null;
        if (problem == null) return n.longValueExact();
        problems.at(path, show(node) + problem + "; expected " + expected);
        return dflt;
    }

    /** A duration in {@link Durations} syntax, or a bare number of seconds, from {@code min} to {@code max}. */
    Duration duration(ObjectNode obj, String path, Duration dflt, Duration min, Duration max) {
        JsonNode node = value(obj, path);
        if (node == null) return dflt;
        String expected = "a duration from " + Durations.format(min) + " to " + Durations.format(max);
        Duration d = null;
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            d = Duration.ofSeconds(node.longValue());
        } else if (node.isTextual()) {
            try {
                d = Durations.parse(node.textValue().strip());
            } catch (IllegalArgumentException e) {
                d = null;
            }
        }
        if (d == null) {
            problems.at(
                    path, show(node) + " is not a duration; expected " + expected + ", written " + Durations.EXAMPLES);
            return dflt;
        }
        if (d.compareTo(min) < 0) {
            problems.at(path, show(node) + " is too short; expected " + expected);
            return dflt;
        }
        if (d.compareTo(max) > 0) {
            problems.at(path, show(node) + " is too long; expected " + expected);
            return dflt;
        }
        return d;
    }

    /**
     * Text as written; {@code dflt} when absent. YAML turns some unquoted words into numbers or booleans
     * ({@code 007} is 7, {@code yes} is true), so a number or boolean here is reported, not converted.
     */
    String text(ObjectNode obj, String path, String dflt) {
        JsonNode node = value(obj, path);
        if (node == null) return dflt;
        if (node.isTextual()) return node.textValue();
        if (node.isNumber() || node.isBoolean()) {
            problems.at(
                    path,
                    "YAML read this value as the " + (node.isNumber() ? "number " : "boolean ") + node
                            + ", not as text; put it in quotes");
        } else {
            problems.at(path, show(node) + " is not text; expected a single value");
        }
        return dflt;
    }

    /** A file system path: non-empty text, relative to the working directory unless absolute. */
    Path path(ObjectNode obj, String path, Path dflt) {
        String text = text(obj, path, null);
        if (text == null) return dflt;
        try {
            if (!text.isBlank()) return Path.of(text);
            problems.at(path, "\"\" is empty; expected a directory path, like ./data or /var/lib/relay");
        } catch (InvalidPathException e) {
            problems.at(path, show(TextNode.valueOf(text)) + " is not a valid path: " + e.getReason());
        }
        return dflt;
    }

    /** The items of a list; empty when absent. {@code example} shows what a list looks like here. */
    List<JsonNode> list(ObjectNode obj, String path, String example) {
        JsonNode node = value(obj, path);
        List<JsonNode> items = new ArrayList<>();
        if (node == null) return items;
        if (!node.isArray()) {
            problems.at(path, show(node) + " is not a list; expected a list, like " + example);
            return items;
        }
        node.forEach(items::add);
        return items;
    }

    /** How a value is quoted in a message: text in double quotes, numbers as they are, containers by kind. */
    static String show(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return "nothing";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        String text = node.isTextual() ? node.toString() : node.asText(); // toString() escapes and quotes
        return text.length() > SHOW_MAX ? text.substring(0, SHOW_MAX) + "...\"" : text;
    }

    /** "a number of bytes from 1024 (1 KiB) to 16777216 (16 MiB)". */
    static String bytes(long min, long max) {
        return "a number of bytes from " + min + iec(min) + " to " + max + iec(max);
    }

    /** "a number of NOUN from MIN to MAX". */
    static String count(String noun, long min, long max) {
        return "a number of " + noun + " from " + min + " to " + max;
    }

    private static String iec(long n) {
        String[] units = {" GiB", " MiB", " KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (n >= sizes[i] && n % sizes[i] == 0) return " (" + n / sizes[i] + units[i] + ")";
        }
        return "";
    }

    static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }
}
