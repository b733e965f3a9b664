package io.alertrelay.loadtest.coord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.loadtest.client.WorkerSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The worker processes of one run. Clients are spread evenly; each worker binds its clients to its own
 * loopback source addresses (127.0.0.2, 127.0.0.3, ...), because loopback has about 28,000 ephemeral ports
 * per source address and a storm of reconnects leaves the old ones in TIME_WAIT.
 */
public final class WorkerPool implements AutoCloseable {

    private final List<WorkerHandle> workers;

    private WorkerPool(List<WorkerHandle> workers) {
        this.workers = workers;
    }

    /**
     * @param addressesPerWorker source addresses each worker rotates its clients over
     * @param ports              the server's client ports: worker {@code w} connects to {@code ports[w % size]},
     *                           so with a cluster each node gets whole workers and a worker's numbers are one node's
     */
    public static WorkerPool start(
            int count,
            int addressesPerWorker,
            String host,
            List<Integer> ports,
            String path,
            String token,
            List<String> jvmOptions)
            throws IOException {
        List<WorkerHandle> ws = new ArrayList<>();
        try {
            for (int w = 0; w < count; w++) {
                List<String> sources = new ArrayList<>();
                for (int a = 0; a < addressesPerWorker; a++) sources.add("127.0.0." + (2 + w * addressesPerWorker + a));
                ws.add(WorkerHandle.start(host, ports.get(w % ports.size()), path, token, sources, jvmOptions));
            }
        } catch (IOException e) {
            ws.forEach(WorkerHandle::close);
            throw e;
        }
        return new WorkerPool(ws);
    }

    public int size() {
        return workers.size();
    }

    public List<Long> pids() {
        return workers.stream().map(WorkerHandle::pid).toList();
    }

    /** Opens {@code total} clients spread over the workers; answers each worker's connect result. */
    public List<JsonNode> connect(int total, double perSecond, int inFlight, int receiveBufferBytes) {
        List<CompletableFuture<JsonNode>> fs = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            int n = total / workers.size() + (w < total % workers.size() ? 1 : 0);
            fs.add(workers.get(w)
                    .send(WorkerHandle.JSON
                            .createObjectNode()
                            .put("cmd", "connect")
                            .put("count", n)
                            .put("perSecond", perSecond / workers.size())
                            .put("inFlight", Math.max(1, inFlight / workers.size()))
                            .put("receiveBuffer", receiveBufferBytes)));
        }
        return join(fs);
    }

    public Aggregate snapshot(long target, boolean histogram) {
        return Aggregate.of(join(all(w -> w.snapshot(target, histogram))));
    }

    public int pause(double fraction) {
        return sum(all(w -> w.send(cmd("pause").put("fraction", fraction))));
    }

    public int drop() {
        return sum(all(w -> w.send(cmd("drop"))));
    }

    public int reconnect(long target) {
        return sum(all(w -> w.send(cmd("reconnect").put("target", target))));
    }

    private static ObjectNode cmd(String name) {
        return WorkerHandle.JSON.createObjectNode().put("cmd", name);
    }

    private <T> List<CompletableFuture<T>> all(Function<WorkerHandle, CompletableFuture<T>> f) {
        return workers.stream().map(f).toList();
    }

    private static int sum(List<CompletableFuture<JsonNode>> fs) {
        return join(fs).stream().mapToInt(JsonNode::asInt).sum();
    }

    private static <T> List<T> join(List<CompletableFuture<T>> fs) {
        return fs.stream().map(CompletableFuture::join).toList();
    }

    /** The snapshots of all workers, summed. */
    public record Aggregate(List<WorkerSnapshot> parts) {

        static Aggregate of(List<WorkerSnapshot> parts) {
            return new Aggregate(parts);
        }

        public long frames() {
            return parts.stream().mapToLong(WorkerSnapshot::alertFrames).sum();
        }

        public long lost() {
            return parts.stream().mapToLong(WorkerSnapshot::lost).sum();
        }

        public long outOfOrder() {
            return parts.stream().mapToLong(WorkerSnapshot::outOfOrder).sum();
        }

        public long resets() {
            return parts.stream().mapToLong(WorkerSnapshot::resets).sum();
        }

        public long replayed() {
            return parts.stream().mapToLong(WorkerSnapshot::replayed).sum();
        }

        public int live() {
            return parts.stream().mapToInt(WorkerSnapshot::live).sum();
        }

        public int paused() {
            return parts.stream().mapToInt(WorkerSnapshot::paused).sum();
        }

        public int behind() {
            return parts.stream().mapToInt(WorkerSnapshot::behind).sum();
        }

        public long missing() {
            return parts.stream().mapToLong(WorkerSnapshot::missing).sum();
        }

        public long lastRecvNanos() {
            return parts.stream().mapToLong(WorkerSnapshot::lastRecvNanos).max().orElse(0);
        }

        /** When the last worker's clients all caught up after a reconnect; 0 while any worker is not there. */
        public long allCaughtUpNanos() {
            long max = 0;
            for (WorkerSnapshot s : parts) {
                if (s.allCaughtUpNanos() == 0) return 0;
                max = Math.max(max, s.allCaughtUpNanos());
            }
            return max;
        }

        public Map<Integer, Integer> closes() {
            Map<Integer, Integer> m = new TreeMap<>();
            parts.forEach(p -> p.closes().forEach((k, v) -> m.merge(k, v, Integer::sum)));
            return m;
        }

        public Map<String, Integer> failures() {
            Map<String, Integer> m = new TreeMap<>();
            parts.forEach(p -> p.failures().forEach((k, v) -> m.merge(k, v, Integer::sum)));
            return m;
        }

        public org.HdrHistogram.Histogram latency() {
            org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(60_000_000L, 3);
            parts.forEach(p -> h.add(p.latencyHistogram()));
            return h;
        }
    }

    @Override
    public void close() {
        workers.forEach(WorkerHandle::close);
    }
}
