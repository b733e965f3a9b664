package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Matcher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One regex matcher of the worst shape the limits allow against one label value: what a viewer's filter can cost
 * per matcher per change. RE2 keeps one thread per live instruction: {@code .*.*.*...} keeps all of them live on
 * every character, the most a program of that size can cost; the empty-group bomb ({@code (?:|)...a}) costs only
 * the start. Multiply by {@code limits.maxMatchers} and by the subscribers to get a change's cost without the
 * filter budget (docs/limits.md#filters-and-the-pipeline-lock).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WorstFilterBenchmark extends Bench {

    /** dots: ".*" x 480 + "b" (about 1,000 instructions, limits.maxRegexProgram); empty: "(?:|)" x 200 + "a". */
    @Param({"dots", "empty"})
    public String shape;

    /** Label length: a realistic value and a hostile one. */
    @Param({"50", "65536"})
    public int labelLength;

    private Matcher matcher;
    private String value;

    @Setup
    public void setUp() {
        String regex = shape.equals("dots") ? ".*".repeat(480) + "b" : "(?:|)".repeat(200) + "a";
        matcher = new Matcher("instance", Matcher.Op.RE, regex);
        value = "a".repeat(labelLength - 1) + "!";
    }

    @Benchmark
    public boolean matches() {
        return matcher.matches(value);
    }
}
