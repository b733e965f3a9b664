package io.alertrelay.config;

import java.nio.file.Path;

/**
 * The whole configuration of one relay, as loaded and checked by {@link ConfigLoader}. Every value in
 * it is within its documented range (docs/configuration.md), so the wiring code uses it as is.
 *
 * @param dataDir where the relay keeps its files (the SQLite store relay.db); a relative
 *                path is relative to the working directory
 */
public record RelayConfig(
        ServerConfig server,
        Path dataDir,
        AuthConfig auth,
        LimitsConfig limits,
        JournalConfig journal,
        AlertsConfig alerts,
        PluginsConfig plugins,
        ClusterConfig cluster,
        StoreConfig store) {

    /** Every default: the same value {@code ConfigLoader.load(null, Map.of())} returns. */
    public static RelayConfig defaults() {
        return new RelayConfig(
                ServerConfig.defaults(),
                Path.of("./data"),
                AuthConfig.defaults(),
                LimitsConfig.defaults(),
                JournalConfig.defaults(),
                AlertsConfig.defaults(),
                PluginsConfig.defaults(),
                ClusterConfig.defaults(),
                StoreConfig.defaults());
    }

    public RelayConfig withServer(ServerConfig s) {
        return new RelayConfig(s, dataDir, auth, limits, journal, alerts, plugins, cluster, store);
    }

    public RelayConfig withDataDir(Path d) {
        return new RelayConfig(server, d, auth, limits, journal, alerts, plugins, cluster, store);
    }

    public RelayConfig withAuth(AuthConfig a) {
        return new RelayConfig(server, dataDir, a, limits, journal, alerts, plugins, cluster, store);
    }

    public RelayConfig withLimits(LimitsConfig l) {
        return new RelayConfig(server, dataDir, auth, l, journal, alerts, plugins, cluster, store);
    }

    public RelayConfig withJournal(JournalConfig j) {
        return new RelayConfig(server, dataDir, auth, limits, j, alerts, plugins, cluster, store);
    }

    public RelayConfig withAlerts(AlertsConfig a) {
        return new RelayConfig(server, dataDir, auth, limits, journal, a, plugins, cluster, store);
    }

    public RelayConfig withPlugins(PluginsConfig p) {
        return new RelayConfig(server, dataDir, auth, limits, journal, alerts, p, cluster, store);
    }

    public RelayConfig withCluster(ClusterConfig c) {
        return new RelayConfig(server, dataDir, auth, limits, journal, alerts, plugins, c, store);
    }
}
