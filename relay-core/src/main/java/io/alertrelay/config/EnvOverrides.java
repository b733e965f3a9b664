package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code RELAY_*} environment variables over the tree read from the file, before it is bound,
 * so that values from either place are checked the same way. docs/configuration.md describes the rules;
 * in short: a scalar key takes the value as written, a list takes a YAML list (or, for a list of strings,
 * {@code a,b}), a section takes a YAML mapping merged into it, and an empty value puts the default back.
 * Shallower keys are applied first, so {@code RELAY_SERVER_PORT} wins over {@code RELAY_SERVER}.
 */
final class EnvOverrides {

    private static final String PLUGINS_PREFIX = ConfigKeys.ENV_PREFIX + "PLUGINS_";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Problems problems;

    EnvOverrides(Problems problems) {
        this.problems = problems;
    }

    /**
     * The {@code RELAY_*} variables that no config key uses and that are not under a config section's
     * prefix ({@code RELAY_SERVER_}, ...), sorted; {@link ConfigLoader#load} ignores them.
     */
    static List<String> unused(Map<String, String> env) {
        List<String> reserved = ConfigKeys.reservedEnvPrefixes();
        return env.keySet().stream()
                .filter(n -> n.startsWith(ConfigKeys.ENV_PREFIX))
                .filter(n -> ConfigKeys.byEnvName(n).isEmpty())
                .filter(n -> reserved.stream().noneMatch(n::startsWith))
                .sorted()
                .toList();
    }

    void apply(ObjectNode root, Map<String, String> env) {
        List<ConfigKeys.Key> core = new ArrayList<>();
        List<String> plugin = new ArrayList<>();
        List<String> reserved = ConfigKeys.reservedEnvPrefixes();
        for (String name : env.keySet().stream()
                .filter(n -> n.startsWith(ConfigKeys.ENV_PREFIX))
                .sorted()
                .toList()) {
            Optional<ConfigKeys.Key> key = ConfigKeys.byEnvName(name);
            if (key.isPresent()) {
                core.add(key.get());
            } else if (name.startsWith(PLUGINS_PREFIX)) {
                plugin.add(name);
            } else {
                reserved.stream().filter(name::startsWith).findFirst().ifPresent(prefix -> noSuchKey(name, prefix));
            }
        }
        core.sort(Comparator.comparingInt((ConfigKeys.Key k) -> k.path().split("\\.").length)
                .thenComparing(ConfigKeys.Key::path));
        for (ConfigKeys.Key key : core) applyCore(root, key, env.get(key.envName()));
        plugin.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        for (String name : plugin) applyPlugin(root, name, env.get(name));
    }

    private void noSuchKey(String name, String prefix) {
        String section = prefix.substring(ConfigKeys.ENV_PREFIX.length(), prefix.length() - 1)
                .toLowerCase(Locale.ROOT);
        List<String> known = ConfigKeys.ALL.stream()
                .filter(k -> k.path().startsWith(section + "."))
                .map(ConfigKeys.Key::envName)
                .toList();
        problems.inEnv(
                name, "no config key has this name; the variables for " + section + " are " + String.join(", ", known));
    }

    private void applyCore(ObjectNode root, ConfigKeys.Key key, String value) {
        List<String> path = List.of(key.path().split("\\."));
        String var = key.envName();
        if (value.isEmpty()) {
            remove(root, path);
            return;
        }
        JsonNode node;
        try {
            node = switch (key.kind()) {
                case VALUE -> new TextNode(unquote(value.strip()));
                case STRINGS -> value.strip().startsWith("[") ? expect(Yaml.parse(value), true, key) : commaList(value);
                case RECORDS -> expect(Yaml.parse(value), true, key);
                case SECTION -> expect(Yaml.parse(value), false, key);
            };
        } catch (Yaml.SyntaxError | IllegalArgumentException e) {
            problems.inEnv(var, e.getMessage());
            return;
        }
        put(root, path, node, var);
    }

    private void applyPlugin(ObjectNode root, String var, String value) {
        List<String> path = pluginPaths(root).get(var);
        if (path == null && value.isEmpty()) return; // nothing there to put back to its default
        if (path != null && value.isEmpty()) {
            remove(root, path);
            return;
        }
        JsonNode node = lenient(value);
        if (path == null) {
            if (!node.isObject() || var.length() == PLUGINS_PREFIX.length()) {
                problems.inEnv(
                        var,
                        "no config key has this name: a plugin's keys can be set from the environment"
                                + " only when they are in the config file; or set a whole section with"
                                + " RELAY_PLUGINS_<ID>='{key: value}'");
                return;
            }
            String id = var.substring(PLUGINS_PREFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '-');
            path = List.of("plugins", id);
        }
        put(root, path, node, var);
    }

    /**
     * Every key under a plugin section in the tree as it is now, by variable name: plugins.host-metrics
     * -> RELAY_PLUGINS_HOST_METRICS, plugins.host-metrics.interval -> RELAY_PLUGINS_HOST_METRICS_INTERVAL.
     * Lists are leaves. When two keys give one name, the first in the file wins.
     */
    private static Map<String, List<String>> pluginPaths(ObjectNode root) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (root.get("plugins") instanceof ObjectNode plugins) {
            for (Map.Entry<String, JsonNode> e : plugins.properties()) {
                if (PluginsConfig.KEYS.contains(e.getKey())) continue;
                collect(List.of("plugins", e.getKey()), e.getValue(), out);
            }
        }
        return out;
    }

    private static void collect(List<String> path, JsonNode node, Map<String, List<String>> out) {
        out.putIfAbsent(ConfigKeys.envName(path), path);
        if (node instanceof ObjectNode obj) {
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                List<String> child = new ArrayList<>(path);
                child.add(e.getKey());
                collect(child, e.getValue(), out);
            }
        }
    }

    /** Sets {@code node} at {@code path}; a mapping over a mapping is merged, key by key, at every depth. */
    private void put(ObjectNode root, List<String> path, JsonNode node, String var) {
        ObjectNode parent = root;
        for (String segment : path.subList(0, path.size() - 1)) {
            if (!(parent.get(segment) instanceof ObjectNode)) parent.set(segment, NODES.objectNode());
            parent = (ObjectNode) parent.get(segment);
        }
        String last = path.get(path.size() - 1);
        if (parent.get(last) instanceof ObjectNode existing && node instanceof ObjectNode update) {
            merge(existing, update);
        } else {
            parent.set(last, node);
        }
        recordOrigins(String.join(".", path), node, var);
    }

    private static void merge(ObjectNode target, ObjectNode update) {
        for (Map.Entry<String, JsonNode> e : update.properties()) {
            if (target.get(e.getKey()) instanceof ObjectNode t && e.getValue() instanceof ObjectNode u) {
                merge(t, u);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private void recordOrigins(String path, JsonNode node, String var) {
        if (node instanceof ObjectNode obj && !obj.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : obj.properties())
                recordOrigins(path + "." + e.getKey(), e.getValue(), var);
        } else {
            problems.setFromEnv(path, var);
        }
    }

    private static void remove(ObjectNode root, List<String> path) {
        JsonNode parent = root;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = parent.get(segment);
            if (!(parent instanceof ObjectNode)) return;
        }
        ((ObjectNode) parent).remove(path.get(path.size() - 1));
    }

    private static JsonNode expect(JsonNode node, boolean list, ConfigKeys.Key key) {
        if (list ? node.isArray() : node.isObject()) return node;
        String example = switch (key.kind()) {
            case RECORDS -> "[{name: wall-1, role: viewer, sha256: <64 hex>}]";
            case STRINGS -> "[a, b] or a,b";
            default -> "{key: value}";
        };
        throw new IllegalArgumentException("expected a YAML " + (list ? "list" : "mapping") + " for " + key.path()
                + ", like " + example + "; got " + Binder.show(node));
    }

    private static ArrayNode commaList(String value) {
        ArrayNode list = NODES.arrayNode();
        for (String item : value.split(",")) {
            if (!item.isBlank()) list.add(item.strip());
        }
        return list;
    }

    /** A value in YAML quotes loses them ({@code "a#b"} is a#b); anything else is kept exactly. */
    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        if (!quoted) return value;
        try {
            JsonNode node = Yaml.parse(value);
            return node.isTextual() ? node.textValue() : value;
        } catch (Yaml.SyntaxError e) {
            return value;
        }
    }

    /** A plugin value: YAML when it parses ({@code 10} is a number, {@code {a: 1}} a mapping), else the text. */
    private static JsonNode lenient(String value) {
        try {
            JsonNode node = Yaml.parse(value);
            return node.isMissingNode() ? new TextNode(value) : node;
        } catch (Yaml.SyntaxError e) {
            return new TextNode(value);
        }
    }
}
