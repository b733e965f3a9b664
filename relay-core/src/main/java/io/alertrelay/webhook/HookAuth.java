package io.alertrelay.webhook;

import io.alertrelay.auth.Tokens;
import io.alertrelay.logging.LogText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook request against its hook's authentication, in two steps: {@link #precheck} from the headers alone,
 * before a byte of the body is read (a bearer token completely; for the signature schemes, that the headers are there
 * and well-formed and the timestamp is fresh), then {@link #verify} with the body (the signature, and whether the
 * delivery was seen before). Every comparison is constant-time. Each step returns null when the request may pass,
 * else what was wrong (sent back with a 401, so it names the header).
 */
public final class HookAuth {

    /** Standard Webhooks: how far a timestamp may be from now, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** How long a GitHub-style delivery id is remembered: that scheme has no timestamp to bound a replay. */
    public static final Duration DELIVERY_ID_MEMORY = Duration.ofHours(24);
    /** A delivery id is a short token (GitHub: a GUID; Standard Webhooks: msg_...): visible ASCII, 1 to 256 chars. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");

    private static final Pattern HUB_SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");
    static final String GITHUB_DELIVERY = "X-GitHub-Delivery";

    private final ReplayGuard signedIds;
    private final ReplayGuard deliveryIds;

    /**
     * @param signedIds   Standard Webhooks ids (signed, and bounded in time by the signed timestamp)
     * @param deliveryIds {@code X-GitHub-Delivery} ids of HMAC hooks (not signed, no timestamp)
     */
    public HookAuth(ReplayGuard signedIds, ReplayGuard deliveryIds) {
        this.signedIds = signedIds;
        this.deliveryIds = deliveryIds;
    }

    /** The guards the relay runs with: 100,000 ids each, oldest forgotten first. */
    public static HookAuth withDefaultGuards() {
        return new HookAuth(
                new ReplayGuard(TOLERANCE.multipliedBy(2), 100_000), new ReplayGuard(DELIVERY_ID_MEMORY, 100_000));
    }

    /** From the headers alone; a bearer hook is fully checked here, the others still need {@link #verify}. */
    public String precheck(HookConfig hook, Function<String, String> header, Instant now) {
        if (hook.tokenSha256() != null) return bearer(hook, header.apply("Authorization"));
        if (hook.hmacSecret() != null) return hubHeaders(hook, header);
        return standardHeaders(hook, header, now);
    }

    /** With the body, after {@link #precheck} passed: the signature, then the delivery id if there is one. */
    public String verify(HookConfig hook, Function<String, String> header, byte[] body, Instant now) {
        if (hook.tokenSha256() != null) return null;
        if (hook.hmacSecret() != null) return hub(hook, header, body, now);
        return standard(hook, header, body, now);
    }

    private static String bearer(HookConfig hook, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "hook " + hook.name() + " needs Authorization: Bearer <token>";
        }
        byte[] presented = HexFormat.of()
                .parseHex(Tokens.sha256Hex(authorization.substring(7).trim()));
        return MessageDigest.isEqual(presented, HexFormat.of().parseHex(hook.tokenSha256()))
                ? null
                : "wrong token for hook " + hook.name();
    }

    private static String hubHeaders(HookConfig hook, Function<String, String> header) {
        String signature = header.apply("X-Hub-Signature-256");
        if (signature == null || !HUB_SIGNATURE.matcher(signature.trim()).matches()) {
            return "hook " + hook.name() + " needs X-Hub-Signature-256: sha256=<64 hex digits: the HMAC-SHA256 of"
                    + " the body>";
        }
        String delivery = header.apply(GITHUB_DELIVERY);
        if (delivery != null && !DELIVERY_ID.matcher(delivery.trim()).matches()) {
            return GITHUB_DELIVERY + " must be 1 to 256 visible ASCII characters (GitHub sends a GUID), or absent";
        }
        return null;
    }

    private String hub(HookConfig hook, Function<String, String> header, byte[] body, Instant now) {
        byte[] given = HexFormat.of()
                .parseHex(header.apply("X-Hub-Signature-256").trim().substring(7));
        if (!MessageDigest.isEqual(hmacSha256(hook.hmacSecret(), body), given)) {
            return "X-Hub-Signature-256 does not match the body: check the shared secret, and sign the raw body";
        }
        String delivery = header.apply(GITHUB_DELIVERY);
        if (delivery != null && !deliveryIds.firstTime(hook.name() + "/" + delivery.trim(), now)) {
            return GITHUB_DELIVERY + " " + LogText.value(delivery.trim()) + " was already delivered: a replay";
        }
        return null;
    }

    private static String standardHeaders(HookConfig hook, Function<String, String> header, Instant now) {
        String id = header.apply("webhook-id");
        String ts = header.apply("webhook-timestamp");
        String sigs = header.apply("webhook-signature");
        if (id == null || ts == null || sigs == null) {
            return "hook " + hook.name() + " needs the Standard Webhooks headers webhook-id, webhook-timestamp and"
                    + " webhook-signature";
        }
        if (!DELIVERY_ID.matcher(id.trim()).matches()) return "webhook-id must be 1 to 256 visible ASCII characters";
        Instant sent;
        try {
            sent = Instant.ofEpochSecond(Long.parseLong(ts.trim()));
        } catch (NumberFormatException | DateTimeException e) {
            // DateTimeException: seconds beyond the years Instant can hold (+-1,000,000,000)
            return "webhook-timestamp must be Unix seconds";
        }
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return "webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from the relay's clock: a"
                    + " stale or replayed request, or a clock to fix";
        }
        for (String part : sigs.trim().split(" ")) {
            if (v1Signature(part) != null) return null;
        }
        return "webhook-signature has no v1,<base64 of 32 bytes> entry: sign id.timestamp.body with HMAC-SHA256";
    }

    /** The 32 bytes of a {@code v1,<base64>} entry, or null when the entry is not one. */
    private static byte[] v1Signature(String part) {
        if (!part.startsWith("v1,")) return null;
        try {
            byte[] sig = Base64.getDecoder().decode(part.substring(3));
            return sig.length == 32 ? sig : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private String standard(HookConfig hook, Function<String, String> header, byte[] body, Instant now) {
        String id = header.apply("webhook-id").trim();
        String ts = header.apply("webhook-timestamp").trim();
        byte[] signed = (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8);
        byte[] expected = hmacSha256(hook.standardSecret(), signed, body);
        boolean ok = false;
        for (String part : header.apply("webhook-signature").trim().split(" ")) {
            byte[] sig = v1Signature(part);
            ok |= sig != null && MessageDigest.isEqual(expected, sig);
        }
        if (!ok) return "webhook-signature does not match: check the secret and sign id.timestamp.body";
        if (!signedIds.firstTime(hook.name() + "/" + id, now)) {
            // the id is the sender's: quoted, as this sentence is also logged
            return "webhook-id " + LogText.value(id) + " was already delivered: a replay";
        }
        return null;
    }

    /**
     * Undoes the replay memory of a delivery that passed {@link #verify} but was not stored (store full, format
     * missing or failing, rate limit): the sender retries with the same id, and that retry must not be taken for a
     * replay.
     */
    public void forgetDelivery(HookConfig hook, Function<String, String> header) {
        if (hook.tokenSha256() != null) return;
        ReplayGuard guard = hook.hmacSecret() != null ? deliveryIds : signedIds;
        String id = header.apply(hook.hmacSecret() != null ? GITHUB_DELIVERY : "webhook-id");
        if (id != null) guard.forget(hook.name() + "/" + id.trim());
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
