package io.alertrelay.plugin.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags of a plugin metric as names and values, instead of a flat {@code "name", "value", ...} list (since
 * API 1.2). Every series a tag value makes is kept until the relay stops: use a few fixed values (a target's
 * name from the config), never a file name per line or anything a sender controls.
 *
 * <pre>{@code
 * ctx.metrics().counter("probes.failed", "probes that failed", Tags.of("target", t.name()));
 * }</pre>
 */
public record Tags(Map<String, String> values) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public static final Tags NONE = new Tags(Map.of());

    public Tags {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches())
                throw new IllegalArgumentException(
                        "tag name \"" + e.getKey() + "\" must be letters, digits and _ (not first a digit)");
            if (e.getValue() == null) throw new IllegalArgumentException("tag " + e.getKey() + " has no value");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Tags of(String name, String value) {
        return NONE.and(name, value);
    }

    public static Tags of(String name1, String value1, String name2, String value2) {
        return of(name1, value1).and(name2, value2);
    }

    /** These tags and one more (a name already here gets the new value). */
    public Tags and(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new Tags(m);
    }

    /** As the name/value list the varargs methods of {@link PluginMetrics} take. */
    public String[] pairs() {
        String[] out = new String[values.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }
}
