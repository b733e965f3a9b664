package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** One subscriber's filter against one alert: paid once per change per subscriber on the fan-out path. */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatcherBenchmark extends Bench {

    /** none: no matchers; eq: env="prod"; regex: severity=~"critical|warning"; three: eq, regex and a !~. */
    @Param({"none", "eq", "regex", "three"})
    public String filter;

    private AlertFilter f;
    private final Alert alert = Alerts.typical();

    @Setup
    public void setUp() {
        f = AlertFilter.parse(
                switch (filter) {
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
