package io.alertrelay.plugin.api;

/**
 * The version of this API, which the relay compares with the {@code plugin.requires} range of each plugin's
 * {@code plugin.properties}. 1.1 added resolved annotations and {@code staleAfter} to rules; 1.2 added rule
 * builders, {@code Sample.reason}, {@link Tags}, and webhook format options, deliveries and JSON reading.
 */
public final class PluginApi {

    /** Semantic version: a new major means plugins built for the old one may break. */
    public static final String VERSION = "1.2.0";

    private PluginApi() {}
}
