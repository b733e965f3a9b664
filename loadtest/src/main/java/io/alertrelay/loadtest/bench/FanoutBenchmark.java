package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.Change;
import io.alertrelay.hub.Hub;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.wire.WireCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Hub#publish} of one change to 10,000 subscribers whose transport does nothing: the cost the hub itself
 * adds per delivery (filter check, hand-over), which the pipeline pays while it holds its lock.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanoutBenchmark extends Bench {

    @Param({"10000"})
    public int subscribers;

    /** all: every subscriber takes everything; filtered: every subscriber has severity=~"critical|warning". */
    @Param({"all", "filtered"})
    public String filters;

    private final Hub hub = new Hub();
    private Change change;
    private ByteBuffer frame;

    /** A subscriber whose transport only lets the JIT see the frame was used. */
    static final class NoOp implements Subscriber {
        private final AlertFilter filter;
        private final Blackhole bh;

        NoOp(AlertFilter filter, Blackhole bh) {
            this.filter = filter;
            this.bh = bh;
        }

        @Override
        public AlertFilter filter() {
            return filter;
        }

        @Override
        public void deliver(ByteBuffer f) {
            bh.consume(f);
        }
    }

    @Setup
    public void setUp(Blackhole bh) {
        AlertFilter f =
                filters.equals("all") ? AlertFilter.ALL : AlertFilter.parse(List.of("severity=~\"critical|warning\""));
        for (int i = 0; i < subscribers; i++) hub.add(new NoOp(f, bh));
        change = new Change.AlertChanged(Alerts.typical());
        frame = WireCodec.changeFrame(1, change);
    }

    @Benchmark
    public void publish() {
        hub.publish(change, frame);
    }
}
