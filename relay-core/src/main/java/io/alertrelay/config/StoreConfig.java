package io.alertrelay.config;

import io.alertrelay.store.Database;

/**
 * The embedded store ({@code dataDir/relay.db}).
 *
 * @param sync {@code normal}: a write survives the relay being killed; {@code full}: also an OS crash or power
 *             cut, at the cost of an fsync per write
 */
public record StoreConfig(Database.Sync sync) {

    public static StoreConfig defaults() {
        return new StoreConfig(Database.Sync.NORMAL);
    }
}
