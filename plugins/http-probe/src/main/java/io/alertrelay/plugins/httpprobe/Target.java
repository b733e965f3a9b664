package io.alertrelay.plugins.httpprobe;

import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import java.net.URI;
import java.time.Duration;

/**
 * One URL to check, from {@code plugins.http-probe.targets[]}.
 *
 * @param expect     the status class that counts as up: {@code 2xx} (default), {@code 3xx}, or an exact code
 * @param insecure   accept a TLS certificate no trusted CA signed (self-signed, internal CA); it must still
 *                   name the host (the JDK client always checks that); days left are still reported
 */
record Target(String name, URI url, Duration interval, Duration timeout, String expect, boolean insecure) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    static Target from(PluginConfig c) {
        String name = c.string("name");
        if (!name.matches("[a-zA-Z0-9_.-]+")) {
            throw new PluginConfigException(
                    c.path() + ".name: \"" + name + "\" becomes a label value; use letters, digits, . _ -");
        }
        URI url;
        try {
            url = URI.create(c.string("url"));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(c.path() + ".url: not a URL: " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new PluginConfigException(c.path() + ".url: " + url + " must start with http:// or https://");
        }
        Duration interval = c.duration("interval", DEFAULT_INTERVAL);
        Duration timeout = c.duration("timeout", Duration.ofSeconds(5));
        if (timeout.compareTo(interval) > 0) {
            throw new PluginConfigException(
                    c.path() + ".timeout: " + timeout + " is longer than the interval " + interval);
        }
        String expect = c.string("expect", "2xx");
        if (!expect.matches("[1-5]xx|[1-5][0-9][0-9]")) {
            throw new PluginConfigException(
                    c.path() + ".expect: \"" + expect + "\": use a class like 2xx or a code like 204");
        }
        return new Target(name, url, interval, timeout, expect, c.bool("insecure", false));
    }

    boolean accepts(int status) {
        return expect.endsWith("xx") ? status / 100 == expect.charAt(0) - '0' : status == Integer.parseInt(expect);
    }
}
