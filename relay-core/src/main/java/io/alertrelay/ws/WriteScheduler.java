package io.alertrelay.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * Hands sessions with frames waiting to their I/O thread, one task per burst rather than one per session.
 *
 * <p>Why: a change fanned out to 10,000 sessions used to post 10,000 tasks (and as many selector wake-ups)
 * to two I/O threads. Here a session that gets its first waiting frame joins its thread's ready queue; only
 * the session that finds the thread idle posts a task, and that task drains every session that joined
 * meanwhile. Sessions that keep receiving while they wait are not queued twice ({@link WsSession} keeps a
 * flag), so the cost per delivery on the publishing thread is one enqueue and one compare-and-set.
 */
final class WriteScheduler {

    /** One scheduler per I/O thread of the server. */
    static final class PerThread {
        private final Map<XnioIoThread, WriteScheduler> schedulers = new ConcurrentHashMap<>();

        WriteScheduler of(XnioIoThread thread) {
            return schedulers.computeIfAbsent(thread, WriteScheduler::new);
        }
    }

    private final XnioIoThread thread;
    private final ConcurrentLinkedQueue<WsSession> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean posted = new AtomicBoolean();
    private final Runnable drainAll = this::drainAll;

    private WriteScheduler(XnioIoThread thread) {
        this.thread = thread;
    }

    /** Called by any thread; the session will write on this scheduler's I/O thread soon. */
    void schedule(WsSession s) {
        ready.add(s);
        if (posted.compareAndSet(false, true)) thread.execute(drainAll);
    }

    private void drainAll() {
        // clear the flag first: a session scheduled from here on either is polled below or posts a new task
        posted.set(false);
        WsSession s;
        while ((s = ready.poll()) != null) s.writeScheduled();
    }
}
