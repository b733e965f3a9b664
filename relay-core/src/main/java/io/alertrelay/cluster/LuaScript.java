package io.alertrelay.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script shipped as a resource beside this class. Redis runs a script atomically, which is what makes a
 * step's check-and-append one indivisible operation across the cluster. Sent by its SHA-1 (EVALSHA); a Redis
 * that restarted and forgot it gets the text once again.
 */
record LuaScript(String name, String text, String sha) {

    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("script " + name + " is missing from the relay's jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(name, text, sha1(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(text, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
