package io.alertrelay.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds who a presented token belongs to. The token is hashed and compared against every known hash with a
 * constant-time comparison, so neither the match nor its position leaks through timing.
 */
public final class TokenRegistry {

    private record Known(StoredToken token, byte[] hash) {}

    private final List<Known> known = new CopyOnWriteArrayList<>();

    public TokenRegistry(List<StoredToken> tokens) {
        tokens.forEach(this::add);
    }

    public void add(StoredToken t) {
        known.add(new Known(t, HexFormat.of().parseHex(t.sha256())));
    }

    public boolean isEmpty() { return known.isEmpty(); }

    public List<StoredToken> tokens() { return known.stream().map(Known::token).toList(); }

    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) return Optional.empty();
        byte[] hash = Tokens.sha256(presented);
        Principal found = null;
        for (Known k : known) {
            // no early exit: every presented token costs the same number of comparisons
            if (MessageDigest.isEqual(hash, k.hash()) && found == null) {
                found = new Principal(k.token().name(), k.token().role());
            }
        }
        return Optional.ofNullable(found);
    }
}
