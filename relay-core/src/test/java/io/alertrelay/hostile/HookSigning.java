package io.alertrelay.hostile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The headers a correct sender puts on a delivery to each of the suite's three hooks (HostileRelay). */
final class HookSigning {

    private HookSigning() {}

    /** The hook's name for a scheme: bearer, gh (X-Hub-Signature-256) or std (Standard Webhooks). */
    static Map<String, String> correct(String hook, byte[] body) {
        return switch (hook) {
            case "bearer" -> Map.of("Authorization", "Bearer " + HostileRelay.HOOK_TOKEN);
            case "gh" -> github(body, UUID.randomUUID().toString());
            case "std" -> standard("msg_" + UUID.randomUUID(), Instant.now().getEpochSecond(), body);
            default -> throw new IllegalArgumentException(hook);
        };
    }

    /** GitHub's way: the body's HMAC-SHA256 in hex, and a delivery id the signature does not cover. */
    static Map<String, String> github(byte[] body, String delivery) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(
                "X-Hub-Signature-256",
                "sha256="
                        + HexFormat.of()
                                .formatHex(hmac(HostileRelay.GH_SECRET.getBytes(StandardCharsets.UTF_8), body)));
        if (delivery != null) h.put("X-GitHub-Delivery", delivery);
        return h;
    }

    /** Standard Webhooks: id, timestamp and body signed together. */
    static Map<String, String> standard(String id, long timestamp, byte[] body) {
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(timestamp));
        h.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(HostileRelay.STD_KEY, signed)));
        return h;
    }

    /** Well-formed credentials that are wrong: a forged token, a signature of zeros, a signature by another key. */
    static Map<String, String> wrong(String hook, int i) {
        return switch (hook) {
            case "bearer" -> Map.of("Authorization", "Bearer forged-token-" + i);
            case "gh" -> Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64), "X-GitHub-Delivery", "forged-" + i);
            case "std" ->
                Map.of(
                        "webhook-id",
                        "msg_forged_" + i,
                        "webhook-timestamp",
                        Long.toString(Instant.now().getEpochSecond()),
                        "webhook-signature",
                        "v1," + Base64.getEncoder().encodeToString(new byte[32]));
            default -> throw new IllegalArgumentException(hook);
        };
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
