package io.alertrelay.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A real redis-server (Debian package redis-server) on a free loopback port, with its files in a test folder and
 * an append-only file, as docs/operations.md asks of a cluster's Redis. Can be stopped and started again on the
 * same port and data (a Redis restart), or started empty (a Redis that lost its data).
 */
public final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts redis-server; skips the test loudly when it is missing (fails under CI=true). */
    public static RedisServer start(Path dir) {
        RedisServer r =
                new RedisServer(ExternalProgram.require("redis-server", "redis-server"), dir, TcpProxy.freePort());
        r.startProcess();
        return r;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A client of its own, for a test to look inside. */
    public Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    /** Stops it as an operator would (SIGTERM: it finishes its append-only file), then starts it again. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Stops it (SIGTERM) and waits until it is gone. */
    public void stop() {
        if (process == null) return;
        process.destroy();
        await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
        process = null;
    }

    /** Stops it, throws its data away, and starts it empty on the same port. */
    public void restartEmpty() {
        stop();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startProcess();
    }

    private void startProcess() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(List.of(
                            binary.toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--dir",
                            dir.toString(),
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
                            dir.resolve("redis.log").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Jedis j = client()) {
                return "PONG".equals(j.ping());
            }
        });
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) deleteTree(c);
            }
        }
        Files.delete(p);
    }

    @Override
    public void close() {
        stop();
    }
}
