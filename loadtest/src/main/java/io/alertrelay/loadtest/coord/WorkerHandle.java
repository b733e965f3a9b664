package io.alertrelay.loadtest.coord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.loadtest.client.WorkerSnapshot;
import io.alertrelay.loadtest.worker.WorkerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker process, started from this same class path, and the line protocol to it. The worker's stderr
 * goes to ours, so a worker's failure is seen where the run is watched.
 */
public final class WorkerHandle implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private WorkerHandle(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readAnswers, "worker-" + process.pid() + "-answers");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a worker whose clients connect to host:port and bind their sockets to {@code sources}. */
    public static WorkerHandle start(
            String host, int port, String path, String token, List<String> sources, List<String> jvmOptions)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                host,
                Integer.toString(port),
                path,
                token,
                String.join(",", sources)));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new WorkerHandle(p);
    }

    public long pid() {
        return process.pid();
    }

    public CompletableFuture<JsonNode> send(ObjectNode command) {
        long id = ids.incrementAndGet();
        command.put("id", id);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiting.put(id, f);
        try {
            synchronized (stdin) {
                stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException e) {
            waiting.remove(id);
            f.completeExceptionally(new IOException("worker " + pid() + " is gone: " + e.getMessage(), e));
        }
        return f;
    }

    public CompletableFuture<WorkerSnapshot> snapshot(long target, boolean histogram) {
        return send(JSON.createObjectNode()
                        .put("cmd", "snapshot")
                        .put("target", target)
                        .put("histogram", histogram))
                .thenApply(n -> JSON.convertValue(n, WorkerSnapshot.class));
    }

    private void readAnswers() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                CompletableFuture<JsonNode> f = waiting.remove(n.path("id").asLong());
                if (f == null) continue;
                if (n.has("error"))
                    f.completeExceptionally(new IllegalStateException(
                            "worker: " + n.get("error").asText()));
                else f.complete(n.get("result"));
            }
        } catch (IOException e) {
            // the worker ended; fail whatever still waits
        }
        IllegalStateException gone = new IllegalStateException("worker " + pid() + " exited");
        waiting.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() {
        try {
            send(JSON.createObjectNode().put("cmd", "quit"));
            stdin.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
