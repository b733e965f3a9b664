package io.alertrelay;

import io.alertrelay.auth.StoredToken;
import io.alertrelay.config.TokenConfig;
import io.alertrelay.store.SqliteTokenStore;
import java.util.ArrayList;
import java.util.List;

/** The tokens a relay accepts by hash: those in its config, then those `./relay token create` stored. */
record KnownTokens(List<TokenConfig> configured, SqliteTokenStore store) {

    List<StoredToken> all() {
        List<StoredToken> known = new ArrayList<>();
        for (TokenConfig t : configured) known.add(new StoredToken(t.name(), t.role(), t.sha256(), null));
        known.addAll(store.active());
        return known;
    }

    /** Moves with every write to the store, alerts included. */
    long version() {
        return store.version();
    }
}
