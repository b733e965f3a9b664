package io.alertrelay.plugins.logpatterns;

import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginMetrics;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.SourceContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * The log-patterns source: follows the configured files like {@code tail -F} and emits a {@link Match} for each
 * line a pattern matches; {@link #rules} turns each pattern into a count rule of the same name. Positions are
 * taken in {@link #start}: lines already in the files then are never alerted on, lines written after it returns
 * are. Every {@code pollInterval} one task on the plugin's scheduler reads all files; a file that cannot be read
 * is reported and retried, never fatal. Keys and metrics: docs/plugins/log-patterns.md.
 */
@Extension
public class LogPatternsSource implements EventSource {

    /** Per file and poll, so that one huge new file neither blocks the others nor the plugin's thread for long. */
    static final long MAX_BYTES_PER_POLL = 32L * 1024 * 1024;

    private static final String DROPPING = "maxMatchesPerSecond";
    /** How long after the last dropped match the problem stays reported, so it does not flicker poll by poll. */
    private static final Duration DROPPING_SHOWN_FOR = Duration.ofSeconds(30);

    private final Object lock = new Object();
    private final List<PathWatch> watches = new ArrayList<>();
    private SourceContext ctx;
    private LogPatternsConfig cfg;
    private FileProblems problems;
    private MatchBudget budget;
    private ByteBuffer scratch;
    private ScheduledFuture<?> task;
    private boolean stopped;
    private volatile int followed;
    private Instant pollTime;
    private Instant lastDrop;
    private String lastError;
    private PluginMetrics.Counter lines;
    private PluginMetrics.Counter cutLines;
    private PluginMetrics.Counter dropped;
    private PluginMetrics.Counter pollErrors;
    private final Map<String, PluginMetrics.Counter> matches = new HashMap<>();
    private final Map<LogEvents.Rotation, PluginMetrics.Counter> rotations = new HashMap<>();

    @Override
    public List<RuleSpec> rules(PluginConfig config) {
        return List.copyOf(LogPatternsConfig.parse(config).rules());
    }

    @Override
    public void start(SourceContext context) {
        LogPatternsConfig config = LogPatternsConfig.parse(context.config());
        synchronized (lock) {
            this.ctx = context;
            this.cfg = config;
            stopped = false; // PF4J may hand the same instance to a restart
            lastDrop = null;
            lastError = null;
            registerMetrics(context.metrics());
            problems = new FileProblems(context.health(), context.metrics());
            budget = new MatchBudget(config.maxMatchesPerSecond(), System.nanoTime());
            scratch = ByteBuffer.allocate(64 * 1024);
            for (LogPatternsConfig.FileSpec spec : config.files()) {
                LogEvents events = new Events(new LineMatcher(spec.patterns(), context.hostName()));
                List<String> paths = spec.paths();
                for (int i = 0; i < paths.size(); i++) {
                    String key = spec.key() + ".path" + (paths.size() > 1 ? "[" + i + "]" : "");
                    watches.add(
                            new PathWatch(paths.get(i), key, config.rotationGrace(), config.maxLineBytes(), events));
                }
            }
            pollAll(); // where each file ends now is where reading begins
            long every = config.pollInterval().toMillis();
            task = context.scheduler().scheduleWithFixedDelay(this::pollAll, every, every, TimeUnit.MILLISECONDS);
        }
        if (config.files().isEmpty()) {
            context.logger()
                    .log(
                            System.Logger.Level.INFO,
                            "no log files configured under " + context.config().path()
                                    + ".files; nothing to follow (see docs/plugins/log-patterns.md for examples)");
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            stopped = true;
            if (task != null) task.cancel(false);
            watches.forEach(PathWatch::close);
            watches.clear();
        }
    }

    private void registerMetrics(PluginMetrics m) {
        lines = m.counter("log.lines", "Log lines read");
        cutLines = m.counter("log.lines.cut", "Log lines longer than maxLineBytes, matched on their start only");
        dropped = m.counter("log.matches.dropped", "Matches dropped over maxMatchesPerSecond");
        pollErrors = m.counter("log.poll.errors", "Unexpected errors while polling a path (retried next poll)");
        for (LogEvents.Rotation r : LogEvents.Rotation.values()) {
            rotations.put(
                    r,
                    m.counter(
                            "log.rotations",
                            "Log file rotations seen, by kind (rename, truncate)",
                            "kind",
                            r.name().toLowerCase()));
        }
        for (LogPatternsConfig.FileSpec f : cfg.files()) {
            for (LogPatternsConfig.PatternSpec p : f.patterns()) {
                matches.put(
                        p.name(), m.counter("log.matches", "Lines a pattern matched, by pattern", "pattern", p.name()));
            }
        }
        m.gauge("log.files.followed", "Log files open now (rotated ones still being read included)", () -> followed);
    }

    private void pollAll() {
        synchronized (lock) {
            if (stopped) return;
            pollTime = ctx.clock().instant();
            int open = 0;
            for (PathWatch w : watches) {
                try {
                    w.poll(pollTime, MAX_BYTES_PER_POLL, scratch, problems);
                    open += w.openFiles();
                } catch (RuntimeException e) {
                    pollErrors.increment();
                    String message = "polling " + w + " failed: " + e;
                    if (!message.equals(lastError)) ctx.logger().log(System.Logger.Level.WARNING, message, e);
                    lastError = message;
                }
            }
            followed = open;
            if (lastDrop != null && lastDrop.equals(pollTime)) {
                ctx.health()
                        .problem(
                                DROPPING,
                                "more than " + cfg.maxMatchesPerSecond() + " matching lines per second;"
                                        + " the rest are dropped (counted in log.matches.dropped). Narrow the"
                                        + " patterns, or raise "
                                        + ctx.config().path() + ".maxMatchesPerSecond");
            } else if (lastDrop != null && !pollTime.isBefore(lastDrop.plus(DROPPING_SHOWN_FOR))) {
                ctx.health().resolved(DROPPING);
                lastDrop = null;
            }
        }
    }

    /** Lines of one {@code files} entry to its patterns, then to the relay. Runs inside {@link #pollAll}. */
    private final class Events implements LogEvents {

        private final LineMatcher matcher;

        Events(LineMatcher matcher) {
            this.matcher = matcher;
        }

        @Override
        public void line(Path file, String text, boolean cut) {
            lines.increment();
            if (cut) cutLines.increment();
            for (Match m : matcher.match(file, text, pollTime)) {
                if (budget.tryTake(System.nanoTime())) {
                    matches.get(m.pattern()).increment();
                    ctx.emit(m);
                } else {
                    dropped.increment();
                    lastDrop = pollTime;
                }
            }
        }

        @Override
        public void rotated(Path file, Rotation how) {
            rotations.get(how).increment();
            ctx.logger()
                    .log(
                            System.Logger.Level.DEBUG,
                            () -> file + " was rotated (" + how.name().toLowerCase()
                                    + "); following the new file from its start");
        }
    }
}
