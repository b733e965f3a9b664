package io.alertrelay.cluster;

import java.util.List;

/**
 * Where the cluster keeps its state in Redis. The default prefix is a hash tag ({@code {alert-relay}:}) so that
 * every key would land in one slot of a Redis Cluster, where a script may only touch keys of one slot. (The relay
 * talks to one Redis server; the tag keeps the layout ready for a sharded Redis, it does not make one work.)
 */
record RedisKeys(
        String epoch,
        String seq,
        String journal,
        String alerts,
        String expiry,
        String silences,
        String touches,
        String fresh) {

    static RedisKeys withPrefix(String prefix) {
        return new RedisKeys(
                prefix + "epoch",
                prefix + "seq",
                prefix + "journal",
                prefix + "alerts",
                prefix + "expiry",
                prefix + "silences",
                prefix + "touches",
                prefix + "fresh");
    }

    /** In the order the scripts name them: KEYS[1..8]. */
    List<String> all() {
        return List.of(epoch, seq, journal, alerts, expiry, silences, touches, fresh);
    }
}
