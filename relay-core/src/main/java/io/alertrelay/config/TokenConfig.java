package io.alertrelay.config;

import io.alertrelay.auth.Role;

/**
 * One access token, known only by the hash of its secret: the config never holds the token itself.
 *
 * @param name   unique, non-empty; shown in logs and as who acked or silenced
 * @param role   what the token may do
 * @param sha256 the hex SHA-256 of the token, 64 lower-case hex characters
 */
public record TokenConfig(String name, Role role, String sha256) {}
