package io.alertrelay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real program (prometheus, alertmanager, ...) a test started, with everything it printed kept for the failure
 * message. {@link #close()} stops it (SIGTERM, then SIGKILL after 10 s), so try-with-resources or an
 * {@code @AfterAll} stops it even when the test fails.
 */
public final class RunningProgram implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private RunningProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) output.add(line);
                    } catch (IOException ignored) {
                        // the process is gone; what it printed so far is kept
                    }
                },
                name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with standard error merged into its output and nothing on its standard input. */
    public static RunningProgram start(String name, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new RunningProgram(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Runs a checker (promtool, amtool) to its end; a non-zero exit fails the test with what it printed. */
    public static String check(List<String> command) {
        return check(command, java.util.Map.of());
    }

    /** As {@link #check(List)}, with {@code env} added to the environment (HOME for a program's own config). */
    public static String check(List<String> command, java.util.Map<String, String> env) {
        try {
            ProcessBuilder b = new ProcessBuilder(command);
            b.environment().putAll(env);
            Process p = b.redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish within 60 s; it printed:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(
                        String.join(" ", command) + " exited with " + p.exitValue() + "; it printed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /**
     * A loopback port nobody listens on right now. Another process may take it before the program binds it;
     * the program then exits at once and {@link #assertAlive()} says so with its own message.
     */
    public static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the program's output when it has exited (bad flag, bad config, port taken). */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(
                    name + " exited with " + process.exitValue() + "; it printed:\n" + String.join("\n", output));
        }
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    /** The output as one text, for assertion messages. */
    public String log() {
        return name + " printed:\n" + String.join("\n", output);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
