package io.alertrelay.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code bench [JMH options]}: the JMH benchmarks in io.alertrelay.loadtest.bench, with JMH's own options. */
@Command(
        name = "bench",
        description =
                "Run the JMH benchmarks (encode, matcher, fan-out); any JMH option passes through, e.g. -f 1 -wi 3 -i"
                        + " 5.")
final class BenchCommand implements Callable<Integer> {

    /** Everything after {@code bench}, options included, goes to JMH as it is. */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Main.main(jmhArgs.toArray(String[]::new));
        return 0;
    }
}
