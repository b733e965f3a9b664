package io.alertrelay.plugin.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A source of signals: host metrics, log lines, probes. Implement it, annotate the class with
 * {@code @org.pf4j.Extension}, and the relay starts it when the plugin loads.
 *
 * <p>Threading: {@link #start} and {@link #stop} are called on a relay thread with a deadline; do the work in
 * {@link SourceContext#scheduler()}. An exception from {@code start}, or from a task on the scheduler, marks
 * the plugin failed (visible in {@code /api/plugins}); the relay goes on serving.
 */
public interface EventSource extends ExtensionPoint {

    /** Starts the source; return promptly (within a few seconds) and do recurring work on the scheduler. */
    void start(SourceContext context) throws Exception;

    /** Stops the source: release files and sockets. The relay shuts the scheduler down after this returns. */
    void stop();

    /**
     * Rules this source ships, enabled by default; called before {@link #start} with the plugin's config (a
     * log source builds its count rules from its patterns). A rule of the same name under
     * {@code plugins.<id>.rules} in the config replaces it; {@code enabled: false} turns it off.
     *
     * @throws PluginConfigException when the config the rules come from is wrong
     */
    default List<RuleSpec> rules(PluginConfig config) {
        return List.of();
    }
}
