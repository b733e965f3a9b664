package io.alertrelay.plugin.api;

/** The version of this API, which the relay compares with each plugin's {@code Plugin-Requires}. */
public final class PluginApi {

    /** Semantic version: a new major means plugins built for the old one may break. */
    public static final String VERSION = "1.1.0";

    private PluginApi() {}
}
