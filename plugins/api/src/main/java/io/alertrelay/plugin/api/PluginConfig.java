package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's own section of the relay config ({@code plugins.<id>}), as plain Java values: maps, lists,
 * strings, numbers and booleans. Typed getters return a default when the key is absent and throw
 * {@link PluginConfigException} naming the full key path when the value has the wrong type, so a plugin's
 * config errors read like the relay's own.
 */
public final class PluginConfig {

    private final String path;
    private final Map<String, Object> values;

    /** @param path the key path of this section, e.g. {@code plugins.log-patterns} */
    public PluginConfig(String path, Map<String, ?> values) {
        this.path = path;
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String path() {
        return path;
    }

    public Map<String, Object> raw() {
        return values;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    public String string(String key, String def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return v.toString();
        throw wrong(key, v, "text");
    }

    /** A required text value. */
    public String string(String key) {
        String s = string(key, null);
        if (s == null || s.isEmpty()) throw new PluginConfigException(path + "." + key + " is required");
        return s;
    }

    public double number(String key, double def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw wrong(key, v, "a number");
            }
        }
        throw wrong(key, v, "a number");
    }

    public int integer(String key, int def) {
        double d = number(key, def);
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE)
            throw wrong(key, values.get(key), "a whole number");
        return (int) d;
    }

    public boolean bool(String key, boolean def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        if ("true".equals(v) || "false".equals(v)) return Boolean.parseBoolean((String) v);
        throw wrong(key, v, "true or false");
    }

    public Duration duration(String key, Duration def) {
        Object v = values.get(key);
        if (v == null) return def;
        try {
            return Durations.parse(v.toString());
        } catch (IllegalArgumentException e) {
            throw wrong(key, v, "a duration " + Durations.EXAMPLES);
        }
    }

    /** A nested mapping; empty when absent. */
    public PluginConfig section(String key) {
        Object v = values.get(key);
        if (v == null) return new PluginConfig(path + "." + key, Map.of());
        if (v instanceof Map<?, ?> m) return new PluginConfig(path + "." + key, stringKeys(key, m));
        throw wrong(key, v, "a mapping");
    }

    /** A list of mappings, e.g. {@code files: [{path: ...}, ...]}; empty when absent. */
    public List<PluginConfig> sections(String key) {
        Object v = values.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw wrong(key, v, "a list of mappings");
        List<PluginConfig> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) throw wrong(key + "[" + i + "]", list.get(i), "a mapping");
            out.add(new PluginConfig(path + "." + key + "[" + i + "]", stringKeys(key, m)));
        }
        return out;
    }

    /** A list of text values; a single value counts as a list of one. Empty when absent. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map || o instanceof List) throw wrong(key, v, "a list of text values");
                out.add(String.valueOf(o));
            }
            return out;
        }
        return List.of(string(key, ""));
    }

    /** A mapping of text to text, e.g. {@code labels: {service: sshd}}; empty when absent. */
    public Map<String, String> stringMap(String key) {
        PluginConfig s = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : s.keys()) out.put(k, s.string(k, ""));
        return out;
    }

    private Map<String, Object> stringKeys(String key, Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private PluginConfigException wrong(String key, Object v, String expected) {
        return new PluginConfigException(path + "." + key + ": " + describe(v) + " is not " + expected);
    }

    private static String describe(Object v) {
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return "\"" + v + "\"";
    }
}
