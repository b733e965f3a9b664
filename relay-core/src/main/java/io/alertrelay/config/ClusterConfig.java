package io.alertrelay.config;

/**
 * Scale-out through Redis.
 *
 * @param redis {@code redis://} or {@code rediss://} URL shared by every node; null runs a single node
 */
public record ClusterConfig(String redis) {

    public static ClusterConfig defaults() {
        return new ClusterConfig(null);
    }

    /** True when a Redis URL is set, i.e. this node is one of several. */
    public boolean enabled() {
        return redis != null;
    }
}
