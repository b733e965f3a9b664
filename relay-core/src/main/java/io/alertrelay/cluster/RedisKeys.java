package io.alertrelay.cluster;

import java.util.List;

/**
 * Where the cluster keeps its state in Redis. The default prefix is a hash tag ({@code {alert-relay}:}), so every
 * key lands in one slot: a script may only touch keys of one slot on a Redis Cluster, and these must change
 * together.
 */
record RedisKeys(String epoch, String seq, String journal, String alerts, String expiry, String silences,
                 String touches) {

    static RedisKeys withPrefix(String prefix) {
        return new RedisKeys(prefix + "epoch", prefix + "seq", prefix + "journal", prefix + "alerts",
                prefix + "expiry", prefix + "silences", prefix + "touches");
    }

    /** In the order the scripts name them: KEYS[1..7]. */
    List<String> all() {
        return List.of(epoch, seq, journal, alerts, expiry, silences, touches);
    }
}
