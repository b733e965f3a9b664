package io.alertrelay.webhook;

import io.alertrelay.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook request against its hook's authentication. Every comparison is constant-time. Returns
 * null when the request may pass, else what was wrong (sent back with a 401, so it names the header).
 */
public final class HookAuth {

    /** Standard Webhooks: how far a timestamp may be from now, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final ReplayGuard replays;

    public HookAuth(ReplayGuard replays) {
        this.replays = replays;
    }

    public String check(HookConfig hook, Function<String, String> header, byte[] body, Instant now) {
        if (hook.tokenSha256() != null) return bearer(hook, header.apply("Authorization"));
        if (hook.hmacSecret() != null) return hmac(hook, header.apply("X-Hub-Signature-256"), body);
        return standard(hook, header, body, now);
    }

    private static String bearer(HookConfig hook, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "hook " + hook.name() + " needs Authorization: Bearer <token>";
        }
        byte[] presented = HexFormat.of().parseHex(Tokens.sha256Hex(authorization.substring(7).trim()));
        return MessageDigest.isEqual(presented, HexFormat.of().parseHex(hook.tokenSha256())) ? null
                : "wrong token for hook " + hook.name();
    }

    private static String hmac(HookConfig hook, String signature, byte[] body) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return "hook " + hook.name() + " needs X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>";
        }
        byte[] expected = hmacSha256(hook.hmacSecret(), body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(7).trim());
        } catch (IllegalArgumentException e) {
            return "X-Hub-Signature-256 is not hex";
        }
        return MessageDigest.isEqual(expected, given) ? null
                : "X-Hub-Signature-256 does not match the body: check the shared secret, and sign the raw body";
    }

    private String standard(HookConfig hook, Function<String, String> header, byte[] body, Instant now) {
        String id = header.apply("webhook-id");
        String ts = header.apply("webhook-timestamp");
        String sigs = header.apply("webhook-signature");
        if (id == null || ts == null || sigs == null) {
            return "hook " + hook.name() + " needs the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature";
        }
        Instant sent;
        try {
            sent = Instant.ofEpochSecond(Long.parseLong(ts.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            // DateTimeException: seconds beyond the years Instant can hold (+-1,000,000,000)
            return "webhook-timestamp must be Unix seconds";
        }
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return "webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from the relay's clock: a stale or replayed request, or a clock to fix";
        }
        byte[] expected = hmacSha256(hook.standardSecret(),
                (id + "." + ts.trim() + ".").getBytes(StandardCharsets.UTF_8), body);
        boolean ok = false;
        for (String part : sigs.trim().split(" ")) {
            if (!part.startsWith("v1,")) continue;
            try {
                ok |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)));
            } catch (IllegalArgumentException ignored) {
                // not base64: not a match
            }
        }
        if (!ok) return "webhook-signature does not match: check the secret and sign id.timestamp.body";
        if (!replays.firstTime(hook.name() + "/" + id, now)) {
            // the id is the sender's: quoted, as this sentence is also logged
            return "webhook-id " + io.alertrelay.logging.LogText.value(id) + " was already delivered: a replay";
        }
        return null;
    }

    /**
     * Undoes the replay memory of a Standard Webhooks delivery that passed {@link #check} but was not stored
     * (store full, format missing or failing): the sender retries with the same webhook-id, and that retry must
     * not be taken for a replay.
     */
    public void forgetDelivery(HookConfig hook, Function<String, String> header) {
        String id = header.apply("webhook-id");
        if (id != null && hook.tokenSha256() == null && hook.hmacSecret() == null) replays.forget(hook.name() + "/" + id);
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }
}
