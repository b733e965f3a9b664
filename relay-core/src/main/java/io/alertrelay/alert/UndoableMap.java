package io.alertrelay.alert;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A sorted map that can take back what was done to it since {@link #begin()}. The alert state uses it so that a
 * change the store could not commit (disk full) leaves memory exactly as it was: nobody sees a change that is
 * not on disk. Costs one map entry per key touched in a step, nothing when no step is open.
 */
final class UndoableMap<V> {

    private static final Object ABSENT = new Object();

    /** Told of every key that appears in or leaves the map (a value replaced in place is not news). */
    interface KeyListener<V> {
        void added(String key, V value);

        void removed(String key, V value);
    }

    private final TreeMap<String, V> map = new TreeMap<>();
    private final KeyListener<V> listener;
    private final Map<String, Object> before = new HashMap<>();
    private boolean recording;

    UndoableMap() {
        this(null);
    }

    UndoableMap(KeyListener<V> listener) {
        this.listener = listener;
    }

    void begin() {
        before.clear();
        recording = true;
    }

    void commit() {
        before.clear();
        recording = false;
    }

    @SuppressWarnings("unchecked")
    void rollback() {
        for (Map.Entry<String, Object> e : before.entrySet()) {
            if (e.getValue() == ABSENT) {
                V gone = map.remove(e.getKey());
                if (gone != null && listener != null) listener.removed(e.getKey(), gone);
            } else {
                V was = map.put(e.getKey(), (V) e.getValue());
                if (was == null && listener != null) listener.added(e.getKey(), (V) e.getValue());
            }
        }
        commit();
    }

    V get(String key) {
        return map.get(key);
    }

    boolean containsKey(String key) {
        return map.containsKey(key);
    }

    void put(String key, V value) {
        remember(key);
        V was = map.put(key, value);
        if (was == null && listener != null) listener.added(key, value);
    }

    /** Removes every entry whose value matches; calls {@code removed} with each key, in key order. */
    void removeIf(Predicate<V> drop, Consumer<String> removed) {
        for (String key : map.keySet().toArray(new String[0])) {
            if (drop.test(map.get(key))) {
                remember(key);
                V gone = map.remove(key);
                if (listener != null) listener.removed(key, gone);
                removed.accept(key);
            }
        }
    }

    void clear() {
        if (listener != null) map.forEach(listener::removed);
        map.clear();
        before.clear();
    }

    /** Read-only, in key order. */
    Collection<V> values() {
        return Collections.unmodifiableCollection(map.values());
    }

    int size() {
        return map.size();
    }

    private void remember(String key) {
        if (recording && !before.containsKey(key)) {
            V old = map.get(key);
            before.put(key, old == null ? ABSENT : old);
        }
    }
}
