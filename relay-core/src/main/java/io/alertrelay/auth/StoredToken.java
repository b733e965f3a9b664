package io.alertrelay.auth;

import java.time.Instant;

/** A token the relay knows by its hash: from the config file, or created by the relay and kept in dataDir. */
public record StoredToken(String name, Role role, String sha256, Instant createdAt) {}
