package org.example.compat;

import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginMetrics;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.SourceContext;
import io.alertrelay.plugin.api.ThresholdRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/** Built against plugin API 1.0.0 and never rebuilt: reads a number from a file and emits it as compat.value. */
@Extension
public class CompatSource implements EventSource {

    @Override
    public void start(SourceContext ctx) {
        Path file = Path.of(ctx.config().string("file"));
        PluginMetrics.Counter reads = ctx.metrics().counter("compat.reads", "files read", "kind", "value");
        ctx.scheduler().scheduleWithFixedDelay(() -> {
            try {
                double v = Double.parseDouble(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim());
                reads.increment();
                ctx.health().resolved(file.toString());
                ctx.emit(Sample.of("compat.value", v, ctx.clock().instant(), "source", "compat"));
            } catch (Exception e) {
                ctx.health().problem(file.toString(), "cannot read " + file + ": " + e.getMessage());
            }
        }, 0, ctx.config().duration("interval", Duration.ofMillis(200)).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {}

    @Override
    public List<RuleSpec> rules(PluginConfig config) {
        return List.of(new ThresholdRule("CompatHigh", "compat.value", ThresholdRule.Direction.ABOVE, null, 1.0, 0.0,
                Duration.ZERO, Map.of(), Map.of("summary", "compat value is {{ $value }}"), true));
    }
}
