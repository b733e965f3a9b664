package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where plugins come from and each plugin's own settings.
 *
 * @param dir               the folder of extra plugin zips and jars; null means {@code <dataDir>/plugins}
 * @param staleResolveAfter how long an alert stays firing, marked stale, after its source stopped reporting
 *                          (its plugin failed or is not installed, or its log file cannot be read)
 * @param limits            what each plugin may use ({@code plugins.startTimeout}, {@code taskTimeout},
 *                          {@code threads}, {@code signalsPerSecond})
 * @param sections          plugin id to that plugin's section, as written (every key under {@code plugins:}
 *                          except {@link #KEYS}); the core does not look inside, the plugin binds it. Each value
 *                          is a mapping (an empty section is an empty mapping), in file order. Treat the nodes
 *                          as read-only: they are shared, not copied per reader.
 */
public record PluginsConfig(
        Path dir, Duration staleResolveAfter, PluginLimitsConfig limits, Map<String, JsonNode> sections) {

    /** The keys under {@code plugins:} that are the relay's own; every other key is a plugin id. */
    public static final List<String> KEYS =
            List.of("dir", "staleResolveAfter", "startTimeout", "taskTimeout", "threads", "signalsPerSecond");

    public static final Duration DEFAULT_STALE_RESOLVE_AFTER = Duration.ofMinutes(10);

    public PluginsConfig {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** With the default limits. */
    public PluginsConfig(Path dir, Duration staleResolveAfter, Map<String, JsonNode> sections) {
        this(dir, staleResolveAfter, PluginLimitsConfig.DEFAULT, sections);
    }

    /** With the default {@code staleResolveAfter} and limits. */
    public PluginsConfig(Path dir, Map<String, JsonNode> sections) {
        this(dir, DEFAULT_STALE_RESOLVE_AFTER, sections);
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
