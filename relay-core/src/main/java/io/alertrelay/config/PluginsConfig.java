package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where plugins come from and each plugin's own settings.
 *
 * @param dir      the folder of extra plugin zips and jars; null means {@code <dataDir>/plugins}
 * @param sections plugin id to that plugin's section, as written (every key under {@code plugins:}
 *                 except {@code dir}); the core does not look inside, the plugin binds it. Each value is
 *                 a mapping (an empty section is an empty mapping), in file order. Treat the nodes as
 *                 read-only: they are shared, not copied per reader.
 */
public record PluginsConfig(Path dir, Map<String, JsonNode> sections) {

    public PluginsConfig {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public static PluginsConfig defaults() {
        return new PluginsConfig(null, Map.of());
    }

    /** The plugin folder: {@code dir}, or {@code <dataDir>/plugins} when not set. */
    public Path dirOr(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("plugins");
    }

    /** The section of one plugin, or a new empty mapping when the file has none for it. */
    public JsonNode section(String pluginId) {
        JsonNode node = sections.get(pluginId);
        return node != null ? node : JsonNodeFactory.instance.objectNode();
    }
}
