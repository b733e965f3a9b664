package io.alertrelay.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds who a presented token belongs to. The token is hashed and compared against every known hash with a
 * constant-time comparison, so neither the match nor its position leaks through timing.
 */
public final class TokenRegistry {

    private record Known(StoredToken token, byte[] hash) {}

    // replaced whole, never edited: a reader sees the old set or the new one, never half of each
    private volatile List<Known> known = List.of();
    private final JwtAuthenticator jwt;

    public TokenRegistry(List<StoredToken> tokens) {
        this(tokens, null);
    }

    /** @param jwt verifies bearer tokens that are JWTs ({@code auth.jwt}); null when JWTs are not accepted */
    public TokenRegistry(List<StoredToken> tokens, JwtAuthenticator jwt) {
        this.jwt = jwt;
        tokens.forEach(this::add);
    }

    public synchronized void add(StoredToken t) {
        List<Known> next = new ArrayList<>(known);
        next.add(new Known(t, HexFormat.of().parseHex(t.sha256())));
        known = List.copyOf(next);
    }

    /** Swaps in a new set of tokens at once (after `./relay token create` or `revoke` changed the store). */
    public synchronized void replaceAll(List<StoredToken> tokens) {
        known = tokens.stream()
                .map(t -> new Known(t, HexFormat.of().parseHex(t.sha256())))
                .toList();
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    public List<StoredToken> tokens() {
        return known.stream().map(Known::token).toList();
    }

    /**
     * Whether the token that authenticated {@code p} is still known: false once it was revoked (or removed from the
     * config). Principals without a revocable credential stay valid.
     */
    public boolean stillValid(Principal p) {
        if (p.credential() == null) return true;
        for (Known k : known) {
            if (k.token().sha256().equals(p.credential())) return true;
        }
        return false;
    }

    /**
     * Who {@code presented} belongs to, or why it was refused: a token the relay knows by its hash first, then, for
     * a token shaped like a JWT, the JWT check (expired, bad signature, wrong audience... each says so).
     */
    public AuthResult check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return AuthResult.refused("no token: send Authorization: Bearer <token>, or an auth frame");
        }
        Optional<Principal> p = authenticate(presented);
        if (p.isPresent()) return AuthResult.ok(p.get());
        if (JwtAuthenticator.looksLikeJwt(presented)) {
            return jwt != null
                    ? jwt.verify(presented)
                    : AuthResult.refused(
                            "the token is a JWT, and this relay accepts none (no auth.jwt): use a token of its own");
        }
        return AuthResult.refused("unknown token: check it, or create one with ./relay token create");
    }

    /** A token the relay knows by its hash (not a JWT). */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) return Optional.empty();
        byte[] hash = Tokens.sha256(presented);
        Principal found = null;
        for (Known k : known) {
            // no early exit: every presented token costs the same number of comparisons
            if (MessageDigest.isEqual(hash, k.hash()) && found == null) {
                found = new Principal(
                        k.token().name(), k.token().role(), k.token().sha256());
            }
        }
        return Optional.ofNullable(found);
    }
}
