package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Change;
import io.alertrelay.wire.WireCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Encoding one alert change into the frame every session shares: paid once per change, under the pipeline lock. */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark extends Bench {

    private final Change change = new Change.AlertChanged(Alerts.typical());
    private long seq;

    @Benchmark
    public ByteBuffer changeFrame() {
        return WireCodec.changeFrame(++seq, change);
    }
}
