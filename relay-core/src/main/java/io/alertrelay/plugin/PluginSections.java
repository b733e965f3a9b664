package io.alertrelay.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Turns a plugin's config section (a YAML tree) into the plain Java values plugins see. */
public final class PluginSections {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PluginSections() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(JsonNode section) {
        if (section == null || !section.isObject()) return Map.of();
        return MAPPER.convertValue(section, Map.class);
    }
}
