package io.alertrelay.plugin;

import io.alertrelay.alert.AlertValidation;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.rule.RuleEngine;
import io.alertrelay.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries signals from plugin threads to the alert pipeline on one thread of its own: plugins only enqueue
 * (never wait for rules, the pipeline lock or a socket), and rules see each plugin's signals in order.
 * Signals are taken in batches so a busy plugin costs one pipeline call per batch, not one per signal.
 * The rules' tick (series gone quiet, alerts taken over after a restart) runs here too, about once a second,
 * so what it resolves is ordered with what samples fire.
 */
final class SignalDispatcher implements AutoCloseable {

    /** A plugin's signal, or (signal null) a task of the host's to run after everything queued before it. */
    record Envelope(String pluginId, Signal signal, Runnable task) {}

    private static final Logger log = LoggerFactory.getLogger(SignalDispatcher.class);
    private static final int BATCH = 512;

    private final BlockingQueue<Envelope> queue;
    private final RuleEngine rules;
    private final AlertPipeline pipeline;
    private final BiConsumer<String, String> onBadAlert;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastTick = System.nanoTime();

    /** @param onBadAlert told (plugin id, problem) when a plugin's signal makes an invalid alert */
    SignalDispatcher(int capacity, RuleEngine rules, AlertPipeline pipeline, BiConsumer<String, String> onBadAlert) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.rules = rules;
        this.pipeline = pipeline;
        this.onBadAlert = onBadAlert;
        this.thread = new Thread(this::run, "relay-signals");
        thread.setDaemon(true);
        thread.start();
    }

    /** False when the queue is full: the caller counts the signal as dropped. */
    boolean offer(String pluginId, Signal s) {
        return queue.offer(new Envelope(pluginId, s, null));
    }

    /**
     * Runs {@code task} on the dispatcher's thread once every signal queued so far has been applied: what the
     * host says about a plugin (failed, running again) reaches the alerts after that plugin's last signals, not
     * before them. False when the queue is full; the caller tries again later.
     */
    boolean afterQueued(Runnable task) {
        return queue.offer(new Envelope(null, null, task));
    }

    private void run() {
        List<Envelope> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                tickIfDue();
                Envelope first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | StackOverflowError e) {
                // rules that threw: the thread goes on, one bad batch must not stop every plugin's signals for good
                log.error("signal batch failed; its alerts were not applied", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void tickIfDue() {
        long now = System.nanoTime();
        if (now - lastTick < TimeUnit.SECONDS.toNanos(1)) return;
        lastTick = now;
        rules.tick().forEach((plugin, alerts) -> {
            List<PostableAlert> valid = new ArrayList<>(alerts.size());
            for (PostableAlert a : alerts) {
                Optional<String> problem = AlertValidation.problem(a);
                if (problem.isPresent()) onBadAlert.accept(plugin, "a rule made an alert that " + problem.get());
                else valid.add(a);
            }
            pipeline.ingest(valid, plugin);
        });
    }

    private void process(List<Envelope> batch) {
        Map<String, List<PostableAlert>> byPlugin = new LinkedHashMap<>();
        for (Envelope e : batch) {
            if (e.task() != null) {
                flush(byPlugin);
                runTask(e.task());
                continue;
            }
            for (PostableAlert a : rules.evaluate(e.pluginId(), e.signal())) {
                Optional<String> problem = AlertValidation.problem(a);
                if (problem.isPresent()) {
                    onBadAlert.accept(e.pluginId(), "emitted an alert that " + problem.get());
                    continue;
                }
                byPlugin.computeIfAbsent(e.pluginId(), k -> new ArrayList<>()).add(a);
            }
        }
        flush(byPlugin);
    }

    private void flush(Map<String, List<PostableAlert>> byPlugin) {
        try {
            byPlugin.forEach((plugin, alerts) -> pipeline.ingest(alerts, plugin));
        } catch (StoreUnavailableException e) {
            // the store's health logs the outage once and counts every refused write
            log.debug("signal batch not applied: {}", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // the thread goes on: one bad batch must not stop every plugin's signals for good
            log.error("signal batch failed; its alerts were not applied", e);
        } finally {
            byPlugin.clear();
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | StackOverflowError e) {
            // the task's owner retries what matters; the signals after it must still be applied
            log.error("a plugin host task failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
