package io.alertrelay.webhook;

import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.WebhookFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks hooks' {@code options} with their formats' {@link WebhookFormat#validate}: every hook at start-up (a
 * wrong option stops the relay with its key path), and a hook again when a new build of its format loaded.
 */
public final class FormatOptions {

    private FormatOptions() {}

    /** What is wrong with {@code hook}'s options for {@code format}, or null when nothing. */
    public static String problem(WebhookFormat format, HookConfig hook) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(format.getClass().getClassLoader());
        try {
            format.validate(hook.formatOptions());
            return null;
        } catch (PluginConfigException e) {
            return "config error at " + e.getMessage();
        } catch (RuntimeException e) {
            return "format " + hook.format() + " failed checking the options of hook " + hook.name() + ": " + e;
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /**
     * The problems of every hook whose format is loaded now; a hook whose format is not loaded is checked when it
     * first gets a delivery after its plugin started.
     */
    public static List<String> problems(
            Map<String, HookConfig> hooks, Function<String, Optional<WebhookFormat>> formats) {
        List<String> out = new ArrayList<>();
        for (HookConfig h : hooks.values()) {
            Optional<WebhookFormat> f = formats.apply(h.format());
            if (f.isEmpty()) continue;
            String p = problem(f.get(), h);
            if (p != null) out.add(p);
        }
        return out;
    }
}
