package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Change;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteAlertStore;
import io.alertrelay.wire.WireCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Committing pipeline steps to the SQLite store: paid under the pipeline lock before a change is published.
 * {@code batch} changes per step (one request of Prometheus' carries many alerts); {@code sync} as
 * {@code store.sync}. The store file lives in java.io.tmpdir; point it at the real disk with -Djava.io.tmpdir.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreCommitBenchmark extends Bench {

    @Param({"NORMAL", "FULL"})
    public String sync;

    @Param({"1", "20"})
    public int batch;

    private Path dir;
    private SqliteAlertStore store;
    private final Change change = new Change.AlertChanged(Alerts.typical());
    private final AlertStore.Dropped none = AlertStore.Dropped.NONE;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("store-bench");
        store = SqliteAlertStore.open(dir, Database.Sync.valueOf(sync));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void commitStep() {
        List<JournalEntry> entries = new ArrayList<>(batch);
        Instant now = Instant.now();
        for (int i = 0; i < batch; i++) {
            long s = ++seq;
            entries.add(new JournalEntry(s, now, change, WireCodec.changeFrame(s, change)));
        }
        store.commit(new AlertStore.Step(entries, none, 0));
    }
}
