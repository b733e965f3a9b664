package io.alertrelay.plugin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/plugins} shows for one plugin.
 *
 * @param state     loaded, started, failed, stopped, or refused (incompatible API version)
 * @param lastError the last failure in words, or null
 * @param problems  what the plugin reported it is working around (key -> message)
 * @param sha256    the SHA-256 of the zip or jar it was loaded from (tells two builds of one version apart)
 * @param sources   the EventSource classes it runs; {@code formats} the WebhookFormat names it adds
 */
public record PluginStatus(
        String id,
        String version,
        String description,
        String path,
        String sha256,
        String state,
        String lastError,
        Instant lastErrorAt,
        long errors,
        long signals,
        long dropped,
        Map<String, String> problems,
        List<String> sources,
        List<String> formats) {}
