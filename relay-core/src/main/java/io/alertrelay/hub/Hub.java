package io.alertrelay.hub;

import io.alertrelay.alert.Change;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans one encoded change out to every subscriber whose filter matches. The frame is encoded once by the
 * caller and the very same buffer goes to every subscriber (nothing is allocated per delivery): the cost per
 * subscriber is a filter check and an enqueue, paid while the pipeline holds its lock.
 */
public final class Hub {

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    public void add(Subscriber s) { subscribers.add(s); }

    public void remove(Subscriber s) { subscribers.remove(s); }

    public int size() { return subscribers.size(); }

    /** Removes every subscriber and returns them (the history they follow was replaced). */
    public java.util.List<Subscriber> evictAll() {
        java.util.List<Subscriber> all = new java.util.ArrayList<>(subscribers);
        all.forEach(subscribers::remove);
        return all;
    }

    public void publish(Change change, ByteBuffer frame) {
        if (change instanceof Change.AlertChanged a) {
            for (Subscriber s : subscribers) {
                if (s.filter().matches(a.alert())) s.deliver(frame);
            }
        } else {
            for (Subscriber s : subscribers) s.deliver(frame);
        }
    }
}
