package io.alertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.Tokens;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens table as two processes see it: the relay reading, a token command writing. */
class TokenStoreTest {

    @TempDir
    Path dataDir;

    private static StoredToken token(String name, Role role) {
        return new StoredToken(name, role, Tokens.sha256Hex(Tokens.generate()), Instant.parse("2026-11-29T08:00:00Z"));
    }

    @Test
    void aNewTokenIsActiveUntilRevoked() {
        try (SqliteTokenStore store = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL)) {
            StoredToken wall = token("wall-1", Role.VIEWER);
            store.add(wall);
            assertThat(store.active()).containsExactly(wall);
            assertThat(store.all())
                    .singleElement()
                    .satisfies(r -> assertThat(r.revokedAt()).isNull());

            assertThat(store.revoke("wall-1", Instant.parse("2026-11-29T09:00:00Z")))
                    .isEqualTo(1);

            assertThat(store.active()).isEmpty();
            assertThat(store.all())
                    .singleElement()
                    .satisfies(r -> assertThat(r.revokedAt()).isEqualTo(Instant.parse("2026-11-29T09:00:00Z")));
        }
    }

    @Test
    void aNameIsFreeAgainOnceItsTokenIsRevoked() {
        try (SqliteTokenStore store = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL)) {
            store.add(token("wall-1", Role.VIEWER));
            assertThatThrownBy(() -> store.add(token("wall-1", Role.ADMIN)))
                    .hasMessageContaining("a token named 'wall-1' exists already");
            store.revoke("wall-1", Instant.now());
            store.add(token("wall-1", Role.ADMIN));
            assertThat(store.active()).extracting(StoredToken::role).containsExactly(Role.ADMIN);
        }
    }

    @Test
    void theVersionChangesWhenAnotherConnectionWritesTheTable() {
        try (SqliteTokenStore relay = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL);
                SqliteTokenStore command = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL)) {
            long before = relay.version();
            command.add(token("wall-1", Role.VIEWER));
            assertThat(relay.version()).isNotEqualTo(before);
            assertThat(relay.active()).extracting(StoredToken::name).containsExactly("wall-1");
        }
    }
}
