package io.alertrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The token commands for tests in other packages: run in-process, asserted to succeed. */
public final class TokenCli {

    private TokenCli() {}

    /** {@code relay token create}; returns the token it printed. */
    public static String create(Path config, String name, String role) {
        TokenCommandTest.Run r = TokenCommandTest.relay(
                "token", "create", "--role", role, "--name", name, "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return TokenCommandTest.tokenIn(r);
    }

    public static void revoke(Path config, String name) {
        TokenCommandTest.Run r = TokenCommandTest.relay("token", "revoke", name, "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }
}
