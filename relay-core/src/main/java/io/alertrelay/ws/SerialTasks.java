package io.alertrelay.ws;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's store-writing requests (ack, unack, silence, expire-silence) on worker threads, one at a
 * time and in the order they arrived. They commit to the store, which may wait on the disk; an I/O thread serves
 * thousands of other sockets and must never wait. In order, so an ack followed by an unack ends unacked, and
 * whatever the session sends while a write is pending waits behind it, so answers come in request order.
 */
final class SerialTasks {

    private final Executor workers;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialTasks(Executor workers) {
        this.workers = workers;
    }

    /**
     * Queues {@code task} behind the running ones, if any run; false (nothing queued) when idle. Lets a session
     * keep its answers in the order of its requests: anything after a pending write waits for it.
     */
    boolean submitIfBusy(Runnable task) {
        synchronized (queue) {
            if (!running) return false;
            queue.add(task);
            return true;
        }
    }

    void submit(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) return;
            running = true;
        }
        workers.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // each task answers its own request; one that throws must not stop the ones behind it
                LoggerFactory.getLogger(SerialTasks.class).error("a WebSocket request failed", e);
            }
        }
    }
}
