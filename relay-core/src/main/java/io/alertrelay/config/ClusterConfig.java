package io.alertrelay.config;

/**
 * Scale-out through Redis.
 *
 * @param redis     {@code redis://} or {@code rediss://} URL shared by every node; null runs a single node
 * @param keyPrefix put before every key the cluster writes; two clusters sharing one Redis need two prefixes
 */
public record ClusterConfig(String redis, String keyPrefix) {

    /** A hash tag: every key of a cluster in one slot, so the Lua scripts also run on a Redis Cluster. */
    public static final String DEFAULT_KEY_PREFIX = "{alert-relay}:";

    public ClusterConfig(String redis) {
        this(redis, DEFAULT_KEY_PREFIX);
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(null);
    }

    /** True when a Redis URL is set, i.e. this node is one of several. */
    public boolean enabled() {
        return redis != null;
    }
}
