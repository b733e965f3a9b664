package io.alertrelay.loadtest.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server for a cluster run: a free loopback port, an append-only file as docs/operations.md asks
 * of a cluster's Redis (so the write path measured is the one operators run), no RDB snapshots, and its data in
 * a temporary folder of its own that is deleted when it stops. Its log goes to the run's folder.
 */
public final class RedisProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dataDir;

    private RedisProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The redis-server on the PATH (or /usr/bin, /usr/sbin, where Debian puts it); empty when there is none. */
    public static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public static RedisProcess start(Path binary, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        int port = Launch.freePort();
        Path data = Files.createTempDirectory("loadtest-redis-");
        Path log = logDir.resolve("redis.log").toAbsolutePath();
        Process p = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        data.toString(),
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        "everysec",
                        "--save",
                        "",
                        "--daemonize",
                        "no",
                        "--protected-mode",
                        "yes",
                        "--logfile",
                        log.toString()))
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("redis.out").toFile())
                .start();
        RedisProcess r = new RedisProcess(p, port, data);
        try {
            r.awaitPong(log);
        } catch (IOException e) {
            r.close();
            throw e;
        }
        return r;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends PING in Redis's inline form until +PONG comes back: no client library needed for one command. */
    private void awaitPong(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " before it answered on port "
                        + port + "; its log is " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] b = new byte[7];
                int n = in.readNBytes(b, 0, b.length);
                if (new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) return;
            } catch (IOException e) {
                // not listening yet
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within 30 s; its log is " + log);
    }

    /** SIGTERM (Redis finishes its append-only file), then the data folder goes. */
    @Override
    public void close() {
        Launch.stop(process);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete redis-server's data folder " + dataDir + ": " + e.getMessage());
        }
    }
}
