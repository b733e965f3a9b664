package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One subscriber's filter against one alert: paid once per change per subscriber on the fan-out path. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatcherBenchmark {

    /** none: no matchers; eq: env="prod"; regex: severity=~"critical|warning"; three: eq, regex and a !~. */
    @Param({"none", "eq", "regex", "three"})
    public String filter;

    private AlertFilter f;
    private final Alert alert = Alerts.typical();

    @Setup
    public void setUp() {
        f = AlertFilter.parse(switch (filter) {
            case "none" -> List.of();
            case "eq" -> List.of("env=\"prod\"");
            case "regex" -> List.of("severity=~\"critical|warning\"");
            default -> List.of("env=\"prod\"", "severity=~\"critical|warning\"", "instance!~\"test-.*\"");
        });
    }

    @Benchmark
    public boolean matches() {
        return f.matches(alert);
    }
}
