package io.alertrelay.auth;

/** Who is calling: the token's name (never the token) and its role. */
public record Principal(String name, Role role) {}
